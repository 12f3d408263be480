import { describe, expect, it } from 'vitest'
import { osloMidnight, parseIsoDate } from '../../platform/time/oslo-time.ts'
import { endOfNextWorkingDay, isWorkingDay } from './working-days.ts'

/** Midnight in Oslo at the start of a date, as the working-day rule computes it. */
const osloStartOfDay = (year: number, month: number, day: number): Date => {
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  if (!parseIsoDate(date)) throw new RangeError('no such date')
  return osloMidnight(date) as Date
}

const oslo = (local: string) => new Date(local)

describe('Norwegian working days', () => {
  it('weekends and public holidays are not working days; Christmas Eve is', () => {
    expect(isWorkingDay(2026, 11, 23)).toBe(true) // Monday
    expect(isWorkingDay(2026, 11, 28)).toBe(false) // Saturday
    expect(isWorkingDay(2026, 11, 29)).toBe(false) // Sunday
    expect(isWorkingDay(2027, 3, 25)).toBe(false) // Skjærtorsdag 2027
    expect(isWorkingDay(2027, 3, 26)).toBe(false) // Langfredag
    expect(isWorkingDay(2027, 3, 29)).toBe(false) // Andre påskedag
    expect(isWorkingDay(2027, 3, 24)).toBe(true) // Wednesday before Easter
    expect(isWorkingDay(2027, 5, 17)).toBe(false) // Grunnlovsdagen (and Andre pinsedag)
    expect(isWorkingDay(2027, 5, 6)).toBe(false) // Kristi himmelfartsdag
    expect(isWorkingDay(2026, 12, 24)).toBe(true) // Julaften is not a public holiday
    expect(isWorkingDay(2026, 12, 25)).toBe(false)
    expect(isWorkingDay(2027, 1, 1)).toBe(false)
  })

  it('midnight in Oslo, in winter and in summer time', () => {
    expect(osloStartOfDay(2026, 11, 24).toISOString()).toBe('2026-11-23T23:00:00.000Z')
    expect(osloStartOfDay(2027, 6, 1).toISOString()).toBe('2027-05-31T22:00:00.000Z')
    // The days the clock changes.
    expect(osloStartOfDay(2027, 3, 28).toISOString()).toBe('2027-03-27T23:00:00.000Z')
    expect(osloStartOfDay(2027, 3, 29).toISOString()).toBe('2027-03-28T22:00:00.000Z')
  })
})

describe('one working day after a message', () => {
  it('a weekday message is due at the end of the next day', () => {
    expect(endOfNextWorkingDay(oslo('2026-11-23T12:00:00+01:00')).toISOString()).toBe('2026-11-24T22:59:59.999Z')
  })

  it('Friday 15:00 is due at the end of Monday; Saturday and Sunday too', () => {
    const mondayEnd = '2026-11-30T22:59:59.999Z'
    expect(endOfNextWorkingDay(oslo('2026-11-27T15:00:00+01:00')).toISOString()).toBe(mondayEnd)
    expect(endOfNextWorkingDay(oslo('2026-11-28T09:00:00+01:00')).toISOString()).toBe(mondayEnd)
    expect(endOfNextWorkingDay(oslo('2026-11-29T23:30:00+01:00')).toISOString()).toBe(mondayEnd)
  })

  it('late Sunday evening in UTC is already Monday in Oslo', () => {
    // 23:30 UTC Sunday = 00:30 Monday in Oslo: due at the end of Tuesday.
    expect(endOfNextWorkingDay(new Date('2026-11-29T23:30:00Z')).toISOString()).toBe('2026-12-01T22:59:59.999Z')
  })

  it('over Easter 2027: Wednesday before Easter is due at the end of Tuesday after Easter, in summer time', () => {
    // 24 March (Wed) → 25 Skjærtorsdag, 26 Langfredag, 27–28 weekend, 29 Andre påskedag → Tuesday 30 March.
    expect(endOfNextWorkingDay(oslo('2027-03-24T10:00:00+01:00')).toISOString()).toBe('2027-03-30T21:59:59.999Z')
    expect(endOfNextWorkingDay(oslo('2027-03-26T10:00:00+01:00')).toISOString()).toBe('2027-03-30T21:59:59.999Z')
    // Tuesday 23 March → Wednesday 24 March.
    expect(endOfNextWorkingDay(oslo('2027-03-23T10:00:00+01:00')).toISOString()).toBe('2027-03-24T22:59:59.999Z')
  })

  it('over Christmas and New Year', () => {
    // Wed 23 Dec 2026 → Thu 24 Dec (Julaften is a working day).
    expect(endOfNextWorkingDay(oslo('2026-12-23T10:00:00+01:00')).toISOString()).toBe('2026-12-24T22:59:59.999Z')
    // Thu 24 Dec → 25, 26 holidays, 27 Sunday → Monday 28 Dec.
    expect(endOfNextWorkingDay(oslo('2026-12-24T10:00:00+01:00')).toISOString()).toBe('2026-12-28T22:59:59.999Z')
    // Thu 31 Dec 2026 → 1 Jan holiday, weekend → Monday 4 Jan 2027.
    expect(endOfNextWorkingDay(oslo('2026-12-31T10:00:00+01:00')).toISOString()).toBe('2027-01-04T22:59:59.999Z')
  })
})
