import { describe, expect, test } from 'vitest'
import { formatDate, formatDateTime, formatOrganisationNumber } from './format.ts'

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
