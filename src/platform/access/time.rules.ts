// Calendar and validity arithmetic. Ages follow Norwegian civil time: a person turns a year older
// at midnight in Europe/Oslo on their birthday, whatever time zone the server runs in.

export type CalendarDate = { year: number; month: number; day: number }

const OSLO_CALENDAR = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The calendar date of an instant in Europe/Oslo, or null for an invalid Date. */
export function osloDateOf(instant: Date): CalendarDate | null {
  if (Number.isNaN(instant.getTime())) return null
  const parts = OSLO_CALENDAR.formatToParts(instant)
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value)
  return { year: part('year'), month: part('month'), day: part('day') }
}

/**
 * A birth date as a calendar date. 'YYYY-MM-DD' is taken as written. A Date is read in
 * Europe/Oslo, so both UTC midnight and Oslo midnight of the birthday give the right day.
 */
export function calendarDateOf(value: Date | string): CalendarDate | null {
  if (value instanceof Date) return osloDateOf(value)
  const match = ISO_DATE.exec(value)
  if (match === null) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  // Reject dates that do not exist (2023-02-29, 2024-13-01).
  const probe = new Date(Date.UTC(year, month - 1, day))
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return null
  }
  return { year, month, day }
}

/** Whole years from birth to `at`, or null when either date is invalid or `at` is before birth. */
export function ageOrNull(birthDate: Date | string, at: Date): number | null {
  const birth = calendarDateOf(birthDate)
  const today = osloDateOf(at)
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
