/**
 * GenDate is xs:dateTime, often written without an offset (real NHN test data does). Norwegian systems mean
 * local time then, so an offset-less value is read as Europe/Oslo (as NAV's EDI adapter does), not as the
 * server's zone.
 */
import { osloWallTime } from '../../platform/time/oslo-time.ts'

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/

/** The instant a GenDate denotes, or an invalid Date. */
export function parseGenDate(text: string): Date {
  const trimmed = text.trim()
  if (HAS_OFFSET.test(trimmed)) return new Date(trimmed)
  const m = LOCAL.exec(trimmed)
  if (!m) return new Date(Number.NaN)
  const [, y, mo, d, h, mi, s, frac] = m
  return osloWallTime(
    { year: Number(y), month: Number(mo), day: Number(d) },
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Math.floor(Number(`0.${frac ?? '0'}`) * 1000),
  )
}
