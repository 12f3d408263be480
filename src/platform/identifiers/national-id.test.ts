import { fnr } from '@navikt/fnrvalidator'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildNationalId, decodeNationalId, firstNationalIdFrom, hasValidControlDigits, isValidNationalId, nationalIdControlDigits } from './national-id.ts'

// A date between 1900 and 2039 as 'YYYY-MM-DD', with an individual number allocated to its century.
const birth = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2039-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
  .chain((birthDate) => {
    const year = Number(birthDate.slice(0, 4))
    const range = year >= 2000 ? { min: 500, max: 999 } : { min: 0, max: 499 }
    return fc.record({ birthDate: fc.constant(birthDate), individualNumber: fc.integer(range), synthetic: fc.boolean() })
  })

function tryBuild(input: { birthDate: string; individualNumber: number; synthetic: boolean }): string | null {
  try {
    return buildNationalId(input)
  } catch {
    return null
  }
}

describe('nationalIdControlDigits', () => {
  it.each([
    // Kari Nordmann's synthetic number, worked by hand: K1 = 11 − (195 mod 11) = 3, K2 = 11 − (148 mod 11) = 6.
    ['148385100', '36'],
    // Ingrid Berg's.
    ['038938100', '98'],
  ])('gives the control digits of %s', (firstNine, control) => {
    expect(nationalIdControlDigits(firstNine)).toBe(control)
  })

  it('answers null when a control digit would be 10', () => {
    const firstNine = Array.from({ length: 1000 }, (_, n) => `010190${String(n).padStart(3, '0')}`).find(
      (candidate) => nationalIdControlDigits(candidate) === null,
    )
    expect(firstNine).toBeDefined()
  })

  it('refuses anything but nine digits', () => {
    expect(() => nationalIdControlDigits('12345678')).toThrow(RangeError)
    expect(() => nationalIdControlDigits('12345678a')).toThrow(RangeError)
  })
})

describe('buildNationalId', () => {
  it('agrees with @navikt/fnrvalidator on every number it builds, and decodes back', () => {
    fc.assert(
      fc.property(birth, (input) => {
        const id = tryBuild(input)
        if (id === null) return
        expect(fnr(id)).toEqual({ status: 'valid', type: input.synthetic ? 'tnr' : 'fnr' })
        expect(decodeNationalId(id)).toMatchObject({
          kind: 'fnr',
          synthetic: input.synthetic,
          birthDate: input.birthDate,
          individualNumber: input.individualNumber,
        })
      }),
      { numRuns: 500 },
    )
  })

  it('adds 80 to the month of a synthetic number', () => {
    const id = buildNationalId({ birthDate: '1985-03-14', individualNumber: 100 })
    expect(id.slice(0, 6)).toBe('148385')
    expect(buildNationalId({ birthDate: '1985-03-14', individualNumber: 100, synthetic: false }).slice(0, 6)).toBe('140385')
  })

  it.each([
    ['an individual number of another century', { birthDate: '2018-05-20', individualNumber: 100 }],
    ['a date that does not exist', { birthDate: '2023-02-29', individualNumber: 600 }],
    ['an individual number out of range', { birthDate: '1985-03-14', individualNumber: 1000 }],
    ['a malformed date', { birthDate: '14.03.1985', individualNumber: 100 }],
  ])('refuses %s', (_, input) => {
    expect(() => buildNationalId(input)).toThrow(RangeError)
  })

  it('firstNationalIdFrom picks an individual number of the right sex', () => {
    expect(decodeNationalId(firstNationalIdFrom('1938-09-03', 100, 'female'))?.sex).toBe('female')
    expect(decodeNationalId(firstNationalIdFrom('1938-09-03', 100, 'male'))?.sex).toBe('male')
  })
})

describe('hasValidControlDigits and decodeNationalId', () => {
  it('rejects any single changed digit', () => {
    const id = '14838510036'
    for (let i = 0; i < id.length; i++) {
      const digit = Number(id[i])
      const changed = `${id.slice(0, i)}${(digit + 1) % 10}${id.slice(i + 1)}`
      expect(hasValidControlDigits(changed), changed).toBe(false)
    }
  })

  it('reads D-numbers (day + 40)', () => {
    // 1 January 1990 as a D-number, with the first individual number that has control digits.
    const id = Array.from({ length: 500 }, (_, n) => `410190${String(n).padStart(3, '0')}`)
      .map((firstNine) => {
        const control = nationalIdControlDigits(firstNine)
        return control === null ? null : `${firstNine}${control}`
      })
      .find((candidate) => candidate !== null)
    if (id === undefined || id === null) throw new Error('no D-number found')
    expect(fnr(id)).toEqual({ status: 'valid', type: 'dnr' })
    expect(decodeNationalId(id)).toMatchObject({ kind: 'dnr', birthDate: '1990-01-01', synthetic: false })
  })

  it('agrees with @navikt/fnrvalidator on control digits, K1 by the 2032 rule included', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$/), (id) => {
        const result = fnr(id)
        const checksumsMatch = result.status === 'valid' || !result.reasons.includes("checksums don't match")
        expect(hasValidControlDigits(id)).toBe(checksumsMatch)
      }),
      { numRuns: 2000 },
    )
  })

  it.each(['', '1483851003', '148385100366', '1483851003a'])('rejects malformed %j', (id) => {
    expect(isValidNationalId(id)).toBe(false)
  })

  it('rejects a valid checksum on a date that does not exist', () => {
    const firstNine = '310290100' // 31 February 1990
    const control = nationalIdControlDigits(firstNine)
    if (control !== null) expect(isValidNationalId(`${firstNine}${control}`)).toBe(false)
  })
})
