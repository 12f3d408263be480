import { describe, expect, test } from 'vitest'
import { formatBytes, formatNok, formatOrganisationNumber, lowerCase, plural } from './format.ts'

describe('formatOrganisationNumber', () => {
  test.each([
    ['983975259', '983 975 259'],
    ['98397525', '98397525'],
  ])('%s → %s', (input, expected) => {
    expect(formatOrganisationNumber(input)).toBe(expected)
  })
})

test('formatNok groups thousands', () => {
  // Intl writes a no-break space between the groups.
  expect(formatNok(25000).replace(/\s/g, ' ')).toBe('25 000 kr')
  expect(formatNok(0)).toBe('0 kr')
})

test('formatBytes', () => {
  expect(formatBytes(512)).toBe('512 byte')
  expect(formatBytes(2048)).toBe('2 kB')
  expect(formatBytes(3 * 1024 * 1024 + 200_000)).toBe('3,2 MB')
})

test('plural counts in the right number', () => {
  expect(plural(1, 'samtale', 'samtaler')).toBe('1 samtale')
  expect(plural(0, 'samtale', 'samtaler')).toBe('0 samtaler')
  expect(plural(3, 'samtale', 'samtaler')).toBe('3 samtaler')
})

test('lowerCase', () => {
  expect(lowerCase('Særskilte Vilkår ÆØÅ')).toBe('særskilte vilkår æøå')
})
