/**
 * Norwegian working days (virkedager) in Europe/Oslo: Monday to Friday, except the public holidays (helligdager and
 * 1 and 17 May, Easter-based ones included). The holiday calendar comes from date-holidays; only its 'public' days
 * count, so Christmas Eve and New Year's Eve (half days in many offices, but not holidays by law) are working days.
 */
import Holidays from 'date-holidays'
import { osloDateOf } from '../../platform/access/time.rules.ts'

const NORWAY = new Holidays('NO', { timezone: 'Europe/Oslo' })
const holidaysByYear = new Map<number, ReadonlySet<string>>()

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The public holidays of a year as 'YYYY-MM-DD', computed once per year. */
function publicHolidays(year: number): ReadonlySet<string> {
  let days = holidaysByYear.get(year)
  if (!days) {
    const found = NORWAY.getHolidays(year) || []
    days = new Set(found.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)))
    holidaysByYear.set(year, days)
  }
  return days
}

/** Whether a calendar date (year, month 1–12, day) is a Norwegian working day. */
export function isWorkingDay(year: number, month: number, day: number): boolean {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  if (weekday === 0 || weekday === 6) return false
  return !publicHolidays(year).has(isoDate(year, month, day))
}

/** Midnight in Oslo at the start of a calendar date. Oslo's clock changes at 02:00/03:00, never at midnight. */
export function osloStartOfDay(year: number, month: number, day: number): Date {
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(Date.UTC(year, month - 1, day) - offsetHours * 3_600_000)
    const date = osloDateOf(candidate)
    const before = osloDateOf(new Date(candidate.getTime() - 1))
    if (date && before && date.day === day && date.month === month && before.day !== day) return candidate
  }
  throw new RangeError('osloStartOfDay: no midnight found')
}

/**
 * "Svar innen én virkedag": the end (last millisecond, Oslo time) of the first working day after the day of `at`.
 * A message on Friday 15:00 is due at the end of Monday; one on Saturday also at the end of Monday.
 */
export function endOfNextWorkingDay(at: Date): Date {
  const today = osloDateOf(at)
  if (today === null) throw new RangeError('endOfNextWorkingDay: invalid date')
  // Calendar arithmetic in UTC on the date alone; the time of day plays no part.
  const cursor = new Date(Date.UTC(today.year, today.month - 1, today.day))
  do {
    cursor.setUTCDate(cursor.getUTCDate() + 1)
  } while (!isWorkingDay(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, cursor.getUTCDate()))
  const next = new Date(cursor.getTime())
  next.setUTCDate(next.getUTCDate() + 1)
  return new Date(osloStartOfDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()).getTime() - 1)
}
