import { describe, expect, test } from 'vitest'
import { formatPhoneNumber } from './phone.ts'

describe('formatPhoneNumber', () => {
  test.each([
    ['+4791234567', '+47 912 34 567'],
    ['+4700000306', '+47 00 00 03 06'],
    ['+4733348000', '+47 33 34 80 00'],
    ['91234567', '912 34 567'],
    ['0047 412 34 567', '+47 412 34 567'],
    ['+46701234567', '+46701234567'],
    ['ukjent', 'ukjent'],
  ])('%s → %s', (input, expected) => {
    expect(formatPhoneNumber(input)).toBe(expected)
  })
})
