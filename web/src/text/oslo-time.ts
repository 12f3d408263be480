// Time in the web app: instants are shown, and calendar dates computed, in Norwegian time (Europe/Oslo), whatever time
// zone the browser is in. The Oslo arithmetic and formats are the server's own module (src/platform/time/oslo-time.ts);
// this adds what the API's strings need, in the language the user reads (bokmål on staff pages). Nothing else in web/src formats a date or does arithmetic on one.
import {
  formatLongDate,
  formatShortDateTime,
  osloDate as osloDateOf,
  osloTomorrow as osloNextDate,
  parseIsoDate,
} from '../../../src/platform/time/oslo-time.ts'
import { currentLocale } from '../i18n/i18n.ts'

/**
 * "1985-03-12" → "12. mars 1985"; an instant → the day it is in Oslo. Anything else is shown as it came.
 */
export function formatDate(value: string): string {
  if (parseIsoDate(value)) return formatLongDate(value, currentLocale())
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : formatLongDate(date, currentLocale())
}

/** An instant shown in Norwegian time: "23. nov. 2026, 10:15". */
export function formatDateTime(value: string): string {
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : formatShortDateTime(date, currentLocale())
}

/**
 * The last day before an end instant, written out: something that stops at midnight (endsAt) can be used until and
 * including the day before. An end in the middle of a day leaves that day.
 */
export function formatLastDayBefore(endsAt: string): string {
  const end = Date.parse(endsAt)
  return Number.isNaN(end) ? endsAt : formatLongDate(new Date(end - 1), currentLocale())
}

/** The calendar date ('YYYY-MM-DD') in Oslo of an instant, e.g. for a date field's value. */
export function osloDate(instant: string | Date): string {
  return osloDateOf(typeof instant === 'string' ? new Date(instant) : instant)
}

/** The calendar date ('YYYY-MM-DD') after today in Oslo, counted in days, not 24 hours (a DST day has 23 or 25). */
export function osloTomorrow(now: Date): string {
  return osloNextDate(now)
}

/** A copy of `items` ordered by an instant each carries (ISO 8601), whatever order the server chose. */
export function byInstant<T>(items: readonly T[], instantOf: (item: T) => string, order: 'oldest-first' | 'newest-first'): T[] {
  const sign = order === 'oldest-first' ? 1 : -1
  return [...items].sort((a, b) => sign * (Date.parse(instantOf(a)) - Date.parse(instantOf(b))))
}
