import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  formatLongDate,
  formatNumericDateTime,
  formatShortDateTime,
  osloCalendarDate,
  osloDate,
  osloHour,
  osloMidnight,
  osloTomorrow,
  osloWallTime,
  parseIsoDate,
  weekday,
} from './oslo-time.ts'

describe('Oslo calendar dates', () => {
  it.each([
    ['2026-11-23T22:59:59Z', '2026-11-23'],
    ['2026-11-23T23:00:00Z', '2026-11-24'],
    ['2026-06-30T21:59:59Z', '2026-06-30'],
    ['2026-06-30T22:00:00Z', '2026-07-01'],
    ['2026-12-31T23:30:00Z', '2027-01-01'],
  ])('%s is %s in Oslo', (iso, date) => {
    expect(osloDate(new Date(iso))).toBe(date)
  })

  it('has no date for an invalid instant', () => {
    expect(osloCalendarDate(new Date(Number.NaN))).toBeNull()
    expect(() => osloDate(new Date(Number.NaN))).toThrow(RangeError)
  })

  it('reads dates that exist and refuses those that do not', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 })
    expect(parseIsoDate('2027-02-29')).toBeNull()
    expect(parseIsoDate('2026-04-31')).toBeNull()
    expect(parseIsoDate('26-04-01')).toBeNull()
  })
})

describe('Oslo midnight', () => {
  it.each([
    ['2026-01-15', '2026-01-14T23:00:00.000Z'],
    ['2026-07-15', '2026-07-14T22:00:00.000Z'],
    // The days of the clock changes start at midnight like any other: the change is at 02:00/03:00.
    ['2026-03-29', '2026-03-28T23:00:00.000Z'],
    ['2026-10-25', '2026-10-24T22:00:00.000Z'],
  ])('of %s is %s', (date, iso) => {
    expect(osloMidnight(date)?.toISOString()).toBe(iso)
  })

  it('is null for a date that does not exist', () => {
    expect(osloMidnight('2026-02-30')).toBeNull()
    expect(osloMidnight('not a date')).toBeNull()
  })

  it('is always at 00 on the clock, on the same date, for every day of four years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 * 366 }), (n) => {
        const date = addDays('2026-01-01', n)
        const midnight = osloMidnight(date) as Date
        expect(osloDate(midnight)).toBe(date)
        expect(osloHour(midnight)).toBe(0)
        expect(osloDate(new Date(midnight.getTime() - 1))).toBe(addDays(date, -1))
      }),
    )
  })
})

describe('wall-clock times', () => {
  it('reads a local time in summer and winter', () => {
    expect(osloWallTime({ year: 2026, month: 11, day: 23 }, 8, 15).toISOString()).toBe('2026-11-23T07:15:00.000Z')
    expect(osloWallTime({ year: 2026, month: 6, day: 1 }, 8, 15).toISOString()).toBe('2026-06-01T06:15:00.000Z')
  })
})

describe('calendar arithmetic', () => {
  it('counts days, not 24 hours', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    // The evening before spring-forward: tomorrow is the next date, not now + 24 hours.
    expect(osloTomorrow(new Date('2026-03-28T22:30:00Z'))).toBe('2026-03-29')
    expect(osloTomorrow(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-30')
  })

  it('knows the weekday', () => {
    expect(weekday('2026-11-23')).toBe(1)
    expect(weekday('2026-11-29')).toBe(0)
  })
})

describe('formats', () => {
  it('writes Norwegian dates and times in Oslo time', () => {
    expect(formatLongDate(new Date('2026-12-01T23:30:00Z'))).toBe('2. desember 2026')
    expect(formatLongDate('1985-03-12')).toBe('12. mars 1985')
    expect(formatLongDate('soon')).toBe('soon')
    expect(formatNumericDateTime(new Date('2026-11-27T11:00:00Z'))).toBe('27.11.2026 kl. 12:00')
    expect(formatShortDateTime(new Date('2026-11-23T09:15:00Z'))).toMatch(/^23\. nov\.? 2026,? (kl\. )?10[:.]15$/)
  })
})
