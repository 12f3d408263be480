import { expect, test } from 'vitest'
import { nationalIdDigits, nationalIdProblem } from './national-id.ts'

test('spaces are not part of the number', () => {
  expect(nationalIdDigits(' 030938 10098 ')).toBe('03093810098')
})

test.each([
  ['', 'Skriv fødselsnummeret.'],
  ['   ', 'Skriv fødselsnummeret.'],
  ['0309381009', 'Fødselsnummeret må ha 11 siffer.'],
  ['0309381009x', 'Fødselsnummeret må ha 11 siffer.'],
  ['030938 10098', undefined],
])('%j → %s', (value, expected) => {
  expect(nationalIdProblem(value, 'Skriv fødselsnummeret.')).toBe(expected)
})
