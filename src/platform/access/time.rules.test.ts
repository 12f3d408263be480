import { describe, expect, it } from 'vitest'
import { ageOn, ageOrNull, calendarDateOf, isActiveAt } from './time.rules.ts'

describe('ageOn', () => {
  it.each([
    // birth date, at, age
    ['2000-03-15', '2026-03-15T10:00:00Z', 26, 'on the birthday'],
    ['2000-03-16', '2026-03-15T10:00:00Z', 25, 'the day before the birthday'],
    ['2000-03-14', '2026-03-15T10:00:00Z', 26, 'the day after the birthday'],
    ['2000-12-31', '2026-01-01T10:00:00Z', 25, 'across a year end'],
    ['2026-03-15', '2026-03-15T10:00:00Z', 0, 'the day of birth'],
    ['2008-02-29', '2026-02-28T12:00:00Z', 17, '29 February: not yet on 28 February in a common year'],
    ['2008-02-29', '2026-03-01T12:00:00Z', 18, '29 February: on 1 March in a common year'],
    ['2008-02-29', '2028-02-28T12:00:00Z', 19, '29 February: not yet on 28 February in a leap year'],
    ['2008-02-29', '2028-02-29T12:00:00Z', 20, '29 February: on 29 February in a leap year'],
    ['2008-02-28', '2026-02-28T12:00:00Z', 18, '28 February birthday in a common year'],
    ['2008-03-01', '2028-02-29T12:00:00Z', 19, '1 March birthday, the day before in a leap year'],
    // Birthdays turn at midnight in Oslo (UTC+1 in winter, UTC+2 in summer), not in UTC.
    ['2008-03-15', '2026-03-14T22:59:59Z', 17, 'one second before Oslo midnight (winter)'],
    ['2008-03-15', '2026-03-14T23:00:00Z', 18, 'at Oslo midnight (winter)'],
    ['2008-07-01', '2026-06-30T21:59:59Z', 17, 'one second before Oslo midnight (summer)'],
    ['2008-07-01', '2026-06-30T22:00:00Z', 18, 'at Oslo midnight (summer)'],
  ])('born %s, at %s → %i (%s)', (birthDate, at, expected) => {
    expect(ageOn(birthDate, new Date(at))).toBe(expected)
  })

  it.each([
    [new Date('2008-03-15T00:00:00Z'), 'UTC midnight of the birthday'],
    [new Date('2008-03-14T23:00:00Z'), 'Oslo midnight of the birthday'],
    [new Date('2008-03-15T21:00:00Z'), 'late evening of the birthday in Oslo'],
  ])('reads a Date birth date as its Oslo calendar date: %s (%s)', (birthDate) => {
    expect(ageOn(birthDate, new Date('2026-03-14T22:00:00Z'))).toBe(17)
    expect(ageOn(birthDate, new Date('2026-03-15T10:00:00Z'))).toBe(18)
  })

  it.each([
    ['2023-02-29', '2026-03-15T10:00:00Z', 'a 29 February that does not exist'],
    ['2024-13-01', '2026-03-15T10:00:00Z', 'month 13'],
    ['15.03.2008', '2026-03-15T10:00:00Z', 'not ISO'],
    ['', '2026-03-15T10:00:00Z', 'empty'],
    ['2026-03-16', '2026-03-15T10:00:00Z', 'born after the reference date'],
    ['2000-01-01', 'not a date', 'an invalid reference date'],
  ])('throws for %j at %s (%s)', (birthDate, at) => {
    expect(() => ageOn(birthDate, new Date(at))).toThrow(RangeError)
    expect(ageOrNull(birthDate, new Date(at))).toBeNull()
  })

  it('throws for an invalid Date birth date', () => {
    expect(() => ageOn(new Date(Number.NaN), new Date('2026-03-15T10:00:00Z'))).toThrow(RangeError)
  })
})

describe('calendarDateOf', () => {
  it.each([
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    [new Date('2024-02-28T23:30:00Z'), { year: 2024, month: 2, day: 29 }],
    [new Date('2024-02-29T22:59:00Z'), { year: 2024, month: 2, day: 29 }],
    [new Date('2024-02-29T23:00:00Z'), { year: 2024, month: 3, day: 1 }],
  ])('%j → %j', (value, expected) => {
    expect(calendarDateOf(value)).toEqual(expected)
  })
})

describe('isActiveAt (validFrom ≤ now < validTo)', () => {
  const now = new Date('2026-03-15T10:00:00Z')
  const at = (ms: number) => new Date(now.getTime() + ms)
  it.each<[Date, Date | null, boolean, string]>([
    [at(0), null, true, 'starts exactly now, open-ended'],
    [at(1), null, false, 'starts one millisecond later'],
    [at(-1000), at(0), false, 'ends exactly now (end is exclusive)'],
    [at(-1000), at(1), true, 'ends one millisecond later'],
    [at(-1000), at(-1), false, 'ended'],
    [new Date(Number.NaN), null, false, 'invalid start'],
  ])('from %s to %s → %s (%s)', (validFrom, validTo, expected) => {
    expect(isActiveAt(validFrom, validTo, now)).toBe(expected)
  })

  it('is never active for an invalid now', () => {
    expect(isActiveAt(at(-1000), null, new Date(Number.NaN))).toBe(false)
  })
})
