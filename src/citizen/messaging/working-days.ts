/**
 * Norwegian working days (virkedager) in Europe/Oslo: Monday to Friday, except the public holidays (helligdager and
 * 1 and 17 May, Easter-based ones included). The holiday calendar comes from date-holidays; only its 'public' days
 * count, so Christmas Eve and New Year's Eve (half days in many offices, but not holidays by law) are working days.
 */
import Holidays from 'date-holidays'
import { addDays, isoDate, osloCalendarDate, osloMidnight, parseIsoDate, weekday } from '../../platform/time/oslo-time.ts'

const NORWAY = new Holidays('NO', { timezone: 'Europe/Oslo' })
const holidaysByYear = new Map<number, ReadonlySet<string>>()

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
  const date = isoDate({ year, month, day })
  const dayOfWeek = weekday(date)
  if (dayOfWeek === 0 || dayOfWeek === 6) return false
  return !publicHolidays(year).has(date)
}

function isWorkingDayOn(date: string): boolean {
  const day = parseIsoDate(date)
  if (day === null) throw new RangeError('isWorkingDayOn: invalid date')
  return isWorkingDay(day.year, day.month, day.day)
}

/**
 * "Svar innen én virkedag": the end (last millisecond, Oslo time) of the first working day after the day of `at`.
 * A message on Friday 15:00 is due at the end of Monday; one on Saturday also at the end of Monday.
 */
export function endOfNextWorkingDay(at: Date): Date {
  const today = osloCalendarDate(at)
  if (today === null) throw new RangeError('endOfNextWorkingDay: invalid date')
  let date = addDays(isoDate(today), 1)
  while (!isWorkingDayOn(date)) date = addDays(date, 1)
  const end = osloMidnight(addDays(date, 1))
  if (end === null) throw new RangeError('endOfNextWorkingDay: no midnight found')
  return new Date(end.getTime() - 1)
}
