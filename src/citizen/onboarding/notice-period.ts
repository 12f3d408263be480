/**
 * Notice periods for ending a municipality's agreement (CIT-14), in Norwegian civil time.
 *
 * The rule (ADR 0010): the agreement ends at 00:00 Europe/Oslo on the end date, which is the Oslo calendar date the
 * notice was given plus one month (the municipality's notice) or six months (the operator's), on the same day of the
 * month, or the month's last day when it has no such day (31 January + 1 month = 28 February, 29 in leap years). The
 * service is usable through the day before the end date. Pure: the caller passes the clock.
 */
import { TZDate, tz } from '@date-fns/tz'
import { addMonths, differenceInCalendarDays, startOfDay, subDays } from 'date-fns'

export const OSLO = 'Europe/Oslo'

export const TERMINATION_INITIATORS = ['municipality', 'operator'] as const
export type TerminationInitiator = (typeof TERMINATION_INITIATORS)[number]

/** Calendar months of notice each party must give. */
export const NOTICE_MONTHS: Readonly<Record<TerminationInitiator, number>> = { municipality: 1, operator: 6 }

/** When the agreement ends for a notice given at `noticeGivenAt`. */
export function terminationEndsAt(noticeGivenAt: Date, initiatedBy: TerminationInitiator): Date {
  assertValid(noticeGivenAt)
  const noticeDay = startOfDay(new TZDate(noticeGivenAt.getTime(), OSLO))
  // TZDate does the month arithmetic on Oslo wall time, so the result is Oslo midnight also across a DST change.
  return new Date(addMonths(noticeDay, NOTICE_MONTHS[initiatedBy]).getTime())
}

/** 'YYYY-MM-DD' of an instant in Europe/Oslo. */
export function osloDate(instant: Date): string {
  assertValid(instant)
  const d = new TZDate(instant.getTime(), OSLO)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** 00:00 Europe/Oslo on a 'YYYY-MM-DD' date; null for a date that does not exist. */
export function osloMidnight(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const result = new TZDate(year, month - 1, day, OSLO)
  if (result.getFullYear() !== year || result.getMonth() !== month - 1 || result.getDate() !== day) return null
  return new Date(result.getTime())
}

/** The last day the service can be used: the day before the end date. */
export function lastDayOfService(endsAt: Date): string {
  return osloDate(subDays(new TZDate(endsAt.getTime(), OSLO), 1))
}

/** Whole Oslo calendar days from today until the end date; 0 on the end date and after it. */
export function daysLeft(now: Date, endsAt: Date): number {
  return Math.max(0, differenceInCalendarDays(endsAt, now, { in: tz(OSLO) }))
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function assertValid(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid date')
}
