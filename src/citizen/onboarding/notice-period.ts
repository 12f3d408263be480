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
import { OSLO_TIME_ZONE as OSLO, osloDate } from '../../platform/time/oslo-time.ts'

import type { TerminationInitiator } from './onboarding.schemas.ts'

/** Calendar months of notice each party must give. */
export const NOTICE_MONTHS: Readonly<Record<TerminationInitiator, number>> = { municipality: 1, operator: 6 }

/** When the agreement ends for a notice given at `noticeGivenAt`. */
export function terminationEndsAt(noticeGivenAt: Date, initiatedBy: TerminationInitiator): Date {
  assertValid(noticeGivenAt)
  const noticeDay = startOfDay(new TZDate(noticeGivenAt.getTime(), OSLO))
  // TZDate does the month arithmetic on Oslo wall time, so the result is Oslo midnight also across a DST change.
  return new Date(addMonths(noticeDay, NOTICE_MONTHS[initiatedBy]).getTime())
}

/** The last day the service can be used: the day before the end date. */
export function lastDayOfService(endsAt: Date): string {
  return osloDate(subDays(new TZDate(endsAt.getTime(), OSLO), 1))
}

/** Whole Oslo calendar days from today until the end date; 0 on the end date and after it. */
export function daysLeft(now: Date, endsAt: Date): number {
  return Math.max(0, differenceInCalendarDays(endsAt, now, { in: tz(OSLO) }))
}

function assertValid(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid date')
}
