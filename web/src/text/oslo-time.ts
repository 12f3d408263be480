// Time in the web app, in one place: instants are shown, and calendar dates computed, in Norwegian time (Europe/Oslo),
// whatever time zone the browser is in. Nothing else in web/src formats a date or does arithmetic on one.

const timeZone = 'Europe/Oslo'

const dateFormat = new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone })
const dateTimeFormat = new Intl.DateTimeFormat('nb-NO', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone,
})
/** en-CA writes a date as 'YYYY-MM-DD', the form of a date field's value. */
const calendarDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * "1985-03-12" → "12. mars 1985"; an instant → the day it is in Oslo. A calendar date has no time zone, so it is read
 * as noon UTC, which is the same day in Oslo whatever the season.
 */
export function formatDate(value: string): string {
  const match = calendarDate.exec(value)
  const date = match ? new Date(`${value}T12:00:00Z`) : new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date)
}

/** An instant shown in Norwegian time: "23. nov. 2026, 10:15". */
export function formatDateTime(value: string): string {
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date)
}

/**
 * The last day before an end instant, written out: something that stops at midnight (endsAt) can be used until and
 * including the day before. An end in the middle of a day leaves that day.
 */
export function formatLastDayBefore(endsAt: string): string {
  const end = Date.parse(endsAt)
  return Number.isNaN(end) ? endsAt : dateFormat.format(new Date(end - 1))
}

/** The calendar date ('YYYY-MM-DD') in Oslo of an instant, e.g. for a date field's value. */
export function osloDate(instant: string | Date): string {
  return calendarDateFormat.format(typeof instant === 'string' ? new Date(instant) : instant)
}

/** The calendar date ('YYYY-MM-DD') after today in Oslo, counted in days, not 24 hours (a DST day has 23 or 25). */
export function osloTomorrow(now: Date): string {
  const [year, month, day] = osloDate(now).split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10)
}

/** A copy of `items` ordered by an instant each carries (ISO 8601), whatever order the server chose. */
export function byInstant<T>(items: readonly T[], instantOf: (item: T) => string, order: 'oldest-first' | 'newest-first'): T[] {
  const sign = order === 'oldest-first' ? 1 : -1
  return [...items].sort((a, b) => sign * (Date.parse(instantOf(a)) - Date.parse(instantOf(b))))
}
