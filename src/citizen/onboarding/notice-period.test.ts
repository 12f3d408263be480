import { describe, expect, it } from 'vitest'
import { osloDate, osloMidnight } from '../../platform/time/oslo-time.ts'
import { daysLeft, lastDayOfService, terminationEndsAt } from './notice-period.ts'

const at = (iso: string) => new Date(iso)

describe('terminationEndsAt', () => {
  it("the municipality's notice: the same date a month later, at 00:00 Oslo (the demo's Horten)", () => {
    expect(terminationEndsAt(at('2026-11-02T09:00:00+01:00'), 'municipality')).toEqual(at('2026-12-02T00:00:00+01:00'))
  })

  it("the operator's notice: six months", () => {
    expect(terminationEndsAt(at('2026-11-23T12:00:00+01:00'), 'operator')).toEqual(at('2027-05-23T00:00:00+02:00'))
  })

  it('31 January + 1 month is the last day of February, 29 February in a leap year', () => {
    expect(terminationEndsAt(at('2027-01-31T10:00:00+01:00'), 'municipality')).toEqual(at('2027-02-28T00:00:00+01:00'))
    expect(terminationEndsAt(at('2028-01-31T10:00:00+01:00'), 'municipality')).toEqual(at('2028-02-29T00:00:00+01:00'))
  })

  it('31 August + 6 months is 28 February; 30 April + 1 month is 30 May', () => {
    expect(terminationEndsAt(at('2026-08-31T10:00:00+02:00'), 'operator')).toEqual(at('2027-02-28T00:00:00+01:00'))
    expect(terminationEndsAt(at('2026-04-30T10:00:00+02:00'), 'municipality')).toEqual(at('2026-05-30T00:00:00+02:00'))
  })

  it('the notice date is the Oslo date, whatever the UTC date is', () => {
    // 23:30 in Oslo on 31 January is still 31 January; 00:30 on 1 February is already February.
    expect(terminationEndsAt(at('2027-01-31T22:30:00Z'), 'municipality')).toEqual(at('2027-02-28T00:00:00+01:00'))
    expect(terminationEndsAt(at('2027-01-31T23:30:00Z'), 'municipality')).toEqual(at('2027-03-01T00:00:00+01:00'))
  })

  it('ends at Oslo midnight across a daylight saving change', () => {
    expect(terminationEndsAt(at('2026-03-10T12:00:00+01:00'), 'municipality')).toEqual(at('2026-04-10T00:00:00+02:00'))
    expect(terminationEndsAt(at('2026-10-10T12:00:00+02:00'), 'municipality')).toEqual(at('2026-11-10T00:00:00+01:00'))
  })

  it('refuses an invalid date', () => {
    expect(() => terminationEndsAt(new Date('nope'), 'operator')).toThrow(RangeError)
  })
})

describe('calendar helpers', () => {
  it('osloDate and lastDayOfService', () => {
    expect(osloDate(at('2026-12-01T23:30:00Z'))).toBe('2026-12-02')
    expect(lastDayOfService(at('2026-12-02T00:00:00+01:00'))).toBe('2026-12-01')
    expect(lastDayOfService(at('2027-03-01T00:00:00+01:00'))).toBe('2027-02-28')
  })

  it('osloMidnight', () => {
    expect(osloMidnight('2026-12-02')).toEqual(at('2026-12-02T00:00:00+01:00'))
    expect(osloMidnight('2026-07-01')).toEqual(at('2026-07-01T00:00:00+02:00'))
    expect(osloMidnight('2026-02-30')).toBeNull()
    expect(osloMidnight('2026-2-3')).toBeNull()
  })

  it('daysLeft counts Oslo calendar days, never below 0', () => {
    const ends = at('2026-12-02T00:00:00+01:00')
    expect(daysLeft(at('2026-11-23T12:00:00+01:00'), ends)).toBe(9)
    expect(daysLeft(at('2026-12-01T23:59:00+01:00'), ends)).toBe(1)
    expect(daysLeft(ends, ends)).toBe(0)
    expect(daysLeft(at('2027-01-01T12:00:00+01:00'), ends)).toBe(0)
  })
})
