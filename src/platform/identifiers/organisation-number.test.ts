import { describe, expect, it } from 'vitest'
import { isValidOrganisationNumber, normaliseOrganisationNumber, organisationNumberControlDigit } from './organisation-number.ts'

describe('organisation numbers', () => {
  it("accepts Sykehuset i Vestfold's number", () => {
    expect(organisationNumberControlDigit('98397525')).toBe(9)
    expect(isValidOrganisationNumber('983975259')).toBe(true)
  })

  it('rejects every other last digit', () => {
    for (let d = 0; d <= 9; d++) {
      if (d !== 9) expect(isValidOrganisationNumber(`98397525${d}`)).toBe(false)
    }
  })

  it('has no number when the control digit would be 10', () => {
    expect(organisationNumberControlDigit('93990106')).toBeNull()
    for (let d = 0; d <= 9; d++) expect(isValidOrganisationNumber(`93990106${d}`)).toBe(false)
  })

  it.each(['', '98397525', '9839752590', '983 975 259', '98397525x'])('rejects %j as it stands', (value) => {
    expect(isValidOrganisationNumber(value)).toBe(false)
  })

  it('normalises spaced numbers', () => {
    expect(isValidOrganisationNumber(normaliseOrganisationNumber('983 975 259'))).toBe(true)
  })
})
