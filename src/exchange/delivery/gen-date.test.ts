import { describe, expect, it } from 'vitest'
import { parseGenDate } from './gen-date.ts'

describe('parseGenDate', () => {
  it.each([
    ['2025-08-21T11:39:57', '2025-08-21T09:39:57.000Z'], // summer: UTC+2
    ['2025-01-15T11:39:57', '2025-01-15T10:39:57.000Z'], // winter: UTC+1
    ['2025-08-21T11:21:16.0004155', '2025-08-21T09:21:16.000Z'], // .NET's seven fractional digits
    ['2025-09-22T05:56:36.3095151+00:00', '2025-09-22T05:56:36.309Z'],
    ['2026-11-23T12:00:00Z', '2026-11-23T12:00:00.000Z'],
    ['2026-11-23T12:00:00+01:00', '2026-11-23T11:00:00.000Z'],
    ['2026-03-29T03:30:00', '2026-03-29T01:30:00.000Z'], // just after the spring change
    ['2026-10-25T01:30:00', '2026-10-24T23:30:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseGenDate(text).toISOString()).toBe(iso)
  })

  it('is invalid for text that is not a dateTime', () => {
    expect(Number.isNaN(parseGenDate('i går').getTime())).toBe(true)
    expect(Number.isNaN(parseGenDate('2026-11-23').getTime())).toBe(true)
  })
})
