import { describe, expect, test } from 'vitest'
import type { Municipality, TermsVersionRef } from '../api/forvaltning/onboarding.ts'
import { documentLabel, municipalityTags, standingTag } from './onboarding.ts'

const version: TermsVersionRef = { id: 'v1', document: 'general', digitalService: null, version: '1.0', title: 'Vilkår', effectiveFrom: '2026-01-01' }

describe('municipalityTags', () => {
  test('names the end date of a terminated agreement', () => {
    const termination = { endsOn: '2027-01-31' } as Municipality['termination']
    expect(municipalityTags({ statuses: ['notice-given', 'active'], termination }).map((t) => t.label)).toEqual([
      'Oppsagt – avsluttes 31. januar 2027',
      'Aktiv',
    ])
  })
})

describe('documentLabel', () => {
  test('special terms name their digital service in lower case', () => {
    expect(documentLabel('general', null)).toBe('Generelle vilkår')
    expect(documentLabel('dpa', null)).toBe('Databehandleravtale')
    expect(documentLabel('special', 'messages')).toBe('Særskilte vilkår: meldinger')
  })
})

describe('standingTag', () => {
  test.each([
    [{ current: null, upcoming: null, accepted: null, acceptedCurrent: false, acceptedUpcoming: false }, 'Ingen gjeldende versjon'],
    [{ current: version, upcoming: null, accepted: null, acceptedCurrent: false, acceptedUpcoming: false }, 'Ikke akseptert'],
    [{ current: version, upcoming: { ...version, id: 'v2' }, accepted: null, acceptedCurrent: true, acceptedUpcoming: false }, 'Ny versjon ikke akseptert'],
    [{ current: version, upcoming: null, accepted: null, acceptedCurrent: true, acceptedUpcoming: false }, 'Akseptert'],
  ])('%# → %s', (standing, label) => {
    expect(standingTag(standing).label).toBe(label)
  })
})
