import { describe, expect, test } from 'vitest'
import { formatDate, formatDateTime, formatOrganisationNumber, osloTomorrow } from './format.ts'

describe('formatDate', () => {
  test.each([
    ['1985-03-12', '12. mars 1985'],
    ['2016-12-31', '31. desember 2016'],
    // A calendar date must not slip a day at either end of the year, in summer time or not.
    ['2024-01-01', '1. januar 2024'],
    ['2024-07-01', '1. juli 2024'],
    ['not a date', 'not a date'],
  ])('%s → %s', (input, expected) => {
    expect(formatDate(input)).toBe(expected)
  })
})

describe('formatDateTime', () => {
  test('shows the instant in Norwegian time (summer and winter)', () => {
    expect(formatDateTime('2026-11-20T08:15:00Z')).toBe('20. nov. 2026, 09:15')
    expect(formatDateTime('2026-06-20T08:15:00Z')).toBe('20. juni 2026, 10:15')
  })
})

describe('formatOrganisationNumber', () => {
  test.each([
    ['983975259', '983 975 259'],
    ['98397525', '98397525'],
  ])('%s → %s', (input, expected) => {
    expect(formatOrganisationNumber(input)).toBe(expected)
  })
})

describe('osloTomorrow', () => {
  test.each([
    ['2026-11-23T12:00:00Z', '2026-11-24'],
    // Late evening in Oslo is already the next day in UTC: tomorrow is still counted from Oslo's date.
    ['2026-12-31T23:30:00Z', '2027-01-02'],
    // The 25-hour day when summer time ends: 00:30 plus 24 hours is still 25 October.
    ['2026-10-24T22:30:00Z', '2026-10-26'],
    // Before the 23-hour day when summer time starts: 23:30 on 28 March plus 24 hours is already 30 March.
    ['2026-03-28T22:30:00Z', '2026-03-29'],
  ])('%s → %s', (now, expected) => {
    expect(osloTomorrow(new Date(now))).toBe(expected)
  })
})
