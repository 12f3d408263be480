/**
 * GenDate is xs:dateTime, often written without an offset (real NHN test data does). Norwegian systems mean
 * local time then, so an offset-less value is read as Europe/Oslo (as NAV's EDI adapter does), not as the
 * server's zone.
 */
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/

const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** Oslo's offset from UTC at `instant`, in milliseconds. */
function osloOffsetMs(instant: number): number {
  const p = Object.fromEntries(osloParts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]))
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** The instant a GenDate denotes, or an invalid Date. */
export function parseGenDate(text: string): Date {
  const trimmed = text.trim()
  if (HAS_OFFSET.test(trimmed)) return new Date(trimmed)
  const m = LOCAL.exec(trimmed)
  if (!m) return new Date(Number.NaN)
  const [, y, mo, d, h, mi, s, frac] = m
  const wallAsUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Math.floor(Number(`0.${frac ?? '0'}`) * 1000))
  // Two passes settle the offset around daylight-saving changes.
  let instant = wallAsUtc - osloOffsetMs(wallAsUtc)
  instant = wallAsUtc - osloOffsetMs(instant)
  return new Date(instant)
}
