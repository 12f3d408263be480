/**
 * Norwegian civil time, in one place: calendar dates, midnights and wall-clock readings in Europe/Oslo, whatever time
 * zone the server (or the browser) runs in. Dates are 'YYYY-MM-DD' strings; instants are Dates. Pure, no I/O; the web
 * app imports this module too.
 */

export const OSLO_TIME_ZONE = 'Europe/Oslo'

export type CalendarDate = { year: number; month: number; day: number }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

type WallClock = CalendarDate & { hour: number; minute: number; second: number }

function wallClock(instant: Date): WallClock {
  const parts = Object.fromEntries(WALL_CLOCK.formatToParts(instant).map((p) => [p.type, p.value]))
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** 'YYYY-MM-DD' of a calendar date. */
export function isoDate(date: CalendarDate): string {
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`
}

/** A 'YYYY-MM-DD' date as numbers, or null when it is not one or does not exist (31 April). */
export function parseIsoDate(value: string): CalendarDate | null {
  const match = ISO_DATE.exec(value)
  if (!match) return null
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day))
  if (check.getUTCFullYear() !== date.year || check.getUTCMonth() !== date.month - 1 || check.getUTCDate() !== date.day) return null
  return date
}

/** The Oslo calendar date of an instant, or null for an invalid Date. */
export function osloCalendarDate(instant: Date): CalendarDate | null {
  if (Number.isNaN(instant.getTime())) return null
  const { year, month, day } = wallClock(instant)
  return { year, month, day }
}

/** 'YYYY-MM-DD' of an instant in Oslo ("today", when the instant is now). Throws on an invalid Date. */
export function osloDate(instant: Date): string {
  const date = osloCalendarDate(instant)
  if (date === null) throw new RangeError('osloDate: invalid date')
  return isoDate(date)
}

/** The hour (0–23) on Oslo's clock at an instant. */
export function osloHour(instant: Date): number {
  return wallClock(instant).hour
}

/** Oslo's offset from UTC at an instant, in milliseconds (one or two hours). */
function osloOffsetMs(instant: number): number {
  const w = wallClock(new Date(instant))
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000
}

/**
 * The instant Oslo's clock shows this wall-clock time. Two passes settle the offset around daylight-saving changes;
 * a time that does not exist (the skipped spring hour) comes out an hour later, as clocks do.
 */
export function osloWallTime(date: CalendarDate, hour = 0, minute = 0, second = 0, millisecond = 0): Date {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute, second, millisecond)
  let instant = wallAsUtc - osloOffsetMs(wallAsUtc)
  instant = wallAsUtc - osloOffsetMs(instant)
  return new Date(instant)
}

/** 00:00 in Oslo at the start of a 'YYYY-MM-DD' date (+01:00 or +02:00); null for a date that does not exist. */
export function osloMidnight(date: string): Date | null {
  const day = parseIsoDate(date)
  return day === null ? null : osloWallTime(day)
}

/** The date `days` calendar days after a 'YYYY-MM-DD' date (not days × 24 hours: a DST day has 23 or 25). */
export function addDays(date: string, days: number): string {
  const day = parseIsoDate(date)
  if (day === null) throw new RangeError('addDays: invalid date')
  return new Date(Date.UTC(day.year, day.month - 1, day.day + days)).toISOString().slice(0, 10)
}

/** The next calendar date in Oslo after the day of `now`. */
export function osloTomorrow(now: Date): string {
  return addDays(osloDate(now), 1)
}

/** Weekday of a 'YYYY-MM-DD' date: 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  const day = parseIsoDate(date)
  if (day === null) throw new RangeError('weekday: invalid date')
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay()
}

// Formats are made once per locale: Intl.DateTimeFormat is dear to construct. Norwegian bokmål unless told otherwise
// (the web shows citizen pages in nynorsk and English too).
const formats = new Map<string, Intl.DateTimeFormat>()
function format(locale: string, kind: 'long-date' | 'numeric-date-time' | 'short-date-time'): Intl.DateTimeFormat {
  const key = `${locale} ${kind}`
  let found = formats.get(key)
  if (!found) {
    found = new Intl.DateTimeFormat(locale, FORMAT_OPTIONS[kind])
    formats.set(key, found)
  }
  return found
}
const FORMAT_OPTIONS: Record<'long-date' | 'numeric-date-time' | 'short-date-time', Intl.DateTimeFormatOptions> = {
  'long-date': { day: 'numeric', month: 'long', year: 'numeric', timeZone: OSLO_TIME_ZONE },
  'numeric-date-time': {
    timeZone: OSLO_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
  'short-date-time': { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: OSLO_TIME_ZONE },
}

/** "2. desember 2026": an instant's Oslo date, or a 'YYYY-MM-DD' date as written. */
export function formatLongDate(value: Date | string, locale = 'nb-NO'): string {
  const longDate = format(locale, 'long-date')
  if (typeof value === 'string') {
    const day = parseIsoDate(value)
    // A calendar date has no time zone: noon UTC is the same day in Oslo whatever the season.
    return day ? longDate.format(new Date(Date.UTC(day.year, day.month - 1, day.day, 12))) : value
  }
  return longDate.format(value)
}

/** "27.11.2026 kl. 12:00". */
export function formatNumericDateTime(instant: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    format('nb-NO', 'numeric-date-time')
      .formatToParts(instant)
      .find((p) => p.type === type)?.value ?? ''
  return `${part('day')}.${part('month')}.${part('year')} kl. ${part('hour')}:${part('minute')}`
}

/** "23. nov. 2026, 10:15". */
export function formatShortDateTime(instant: Date, locale = 'nb-NO'): string {
  return format(locale, 'short-date-time').format(instant)
}
