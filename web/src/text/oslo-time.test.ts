import { describe, expect, test } from 'vitest'
import { byInstant, formatDate, formatDateTime, formatLastDayBefore, osloDate, osloTomorrow } from './oslo-time.ts'

describe('formatDate', () => {
  test.each([
    ['1985-03-12', '12. mars 1985'],
    ['2016-12-31', '31. desember 2016'],
    // A calendar date must not slip a day at either end of the year, in summer time or not.
    ['2024-01-01', '1. januar 2024'],
    ['2024-07-01', '1. juli 2024'],
    // An instant is the day it is in Oslo: 23:30 UTC on New Year's Eve is already 1 January there.
    ['2026-12-31T23:30:00Z', '1. januar 2027'],
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

  test('leaves what is not an instant as it came', () => {
    expect(formatDateTime('snart')).toBe('snart')
  })
})

describe('formatLastDayBefore', () => {
  test.each([
    // Midnight in Oslo ends the day before.
    ['2026-12-02T00:00:00+01:00', '1. desember 2026'],
    ['2026-12-01T23:00:00Z', '1. desember 2026'],
    // Midnight in summer time (UTC+2).
    ['2026-07-01T00:00:00+02:00', '30. juni 2026'],
    // An end in the middle of a day leaves that day.
    ['2026-12-02T12:00:00+01:00', '2. desember 2026'],
    ['not a date', 'not a date'],
  ])('%s → %s', (endsAt, expected) => {
    expect(formatLastDayBefore(endsAt)).toBe(expected)
  })
})

describe('osloDate', () => {
  test.each([
    ['2026-11-23T12:00:00Z', '2026-11-23'],
    // Late evening UTC is the next day in Oslo, in winter (UTC+1) and summer (UTC+2).
    ['2026-12-31T23:30:00Z', '2027-01-01'],
    ['2026-06-30T22:30:00Z', '2026-07-01'],
    ['2026-06-30T21:30:00Z', '2026-06-30'],
  ])('%s → %s', (instant, expected) => {
    expect(osloDate(instant)).toBe(expected)
    expect(osloDate(new Date(instant))).toBe(expected)
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

describe('byInstant', () => {
  const items = [{ at: '2026-11-23T09:00:00+01:00' }, { at: '2026-11-23T08:30:00Z' }, { at: '2026-11-22T23:00:00Z' }]

  test('orders by the instant, not by the text (offsets differ)', () => {
    expect(byInstant(items, (i) => i.at, 'oldest-first').map((i) => i.at)).toEqual([
      '2026-11-22T23:00:00Z',
      '2026-11-23T09:00:00+01:00',
      '2026-11-23T08:30:00Z',
    ])
    expect(byInstant(items, (i) => i.at, 'newest-first').map((i) => i.at)).toEqual([
      '2026-11-23T08:30:00Z',
      '2026-11-23T09:00:00+01:00',
      '2026-11-22T23:00:00Z',
    ])
  })

  test('leaves the list it was given as it was', () => {
    const before = items.map((i) => i.at)
    byInstant(items, (i) => i.at, 'newest-first')
    expect(items.map((i) => i.at)).toEqual(before)
  })
})
