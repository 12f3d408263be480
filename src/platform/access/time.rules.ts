// Calendar and validity arithmetic. Ages follow Norwegian civil time: a person turns a year older
// at midnight in Europe/Oslo on their birthday, whatever time zone the server runs in.

import { type CalendarDate, osloCalendarDate, parseIsoDate } from '../time/oslo-time.ts'

/**
 * A birth date as a calendar date. 'YYYY-MM-DD' is taken as written. A Date is read in
 * Europe/Oslo, so both UTC midnight and Oslo midnight of the birthday give the right day.
 */
export function calendarDateOf(value: Date | string): CalendarDate | null {
  return value instanceof Date ? osloCalendarDate(value) : parseIsoDate(value)
}

/** Whole years from birth to `at`, or null when either date is invalid or `at` is before birth. */
export function ageOrNull(birthDate: Date | string, at: Date): number | null {
  const birth = calendarDateOf(birthDate)
  const today = osloCalendarDate(at)
  if (birth === null || today === null) return null
  const birthdayReached = today.month > birth.month || (today.month === birth.month && today.day >= birth.day)
  const age = today.year - birth.year - (birthdayReached ? 0 : 1)
  return age < 0 ? null : age
}

/**
 * Age in whole years on `at` (exact birthday arithmetic in Europe/Oslo). Someone born on
 * 29 February turns a year older on 1 March in years without one.
 * @throws RangeError for an invalid date or `at` before the birth date.
 */
export function ageOn(birthDate: Date | string, at: Date): number {
  const age = ageOrNull(birthDate, at)
  if (age === null) throw new RangeError('ageOn: invalid birth date or reference date')
  return age
}

/** validFrom ≤ now < validTo (validTo null: open-ended). Invalid dates are never active. */
export function isActiveAt(validFrom: Date, validTo: Date | null, now: Date): boolean {
  const t = now.getTime()
  if (Number.isNaN(t) || !(validFrom.getTime() <= t)) return false
  return validTo === null || t < validTo.getTime()
}
