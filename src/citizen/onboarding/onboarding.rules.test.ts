import { describe, expect, it } from 'vitest'
import {
  type ActivationInput,
  activationRefusalDetail,
  activationRefusals,
  formatOsloDate,
  municipalityStatus,
  type StatusInput,
  type TermsVersion,
  termsStanding,
} from './onboarding.rules.ts'

const NOW = new Date('2026-11-23T12:00:00+01:00')

function version(id: string, over: Partial<TermsVersion>): TermsVersion {
  return {
    id,
    document: 'general',
    digitalService: null,
    version: id,
    title: 'Generelle vilkår',
    changeLog: '…',
    publishedAt: new Date('2024-01-01T00:00:00Z'),
    effectiveFrom: new Date('2024-02-01T00:00:00Z'),
    ...over,
  }
}

const general1 = version('g1', { version: '1.0' })
const general2 = version('g2', { version: '2.0', publishedAt: new Date('2026-02-01T00:00:00Z'), effectiveFrom: new Date('2026-04-01T00:00:00Z') })
const general3 = version('g3', { version: '3.0', publishedAt: new Date('2026-11-20T00:00:00Z'), effectiveFrom: new Date('2027-01-01T00:00:00Z') })
const messages1 = version('m1', { document: 'special', digitalService: 'messages', version: '1.1', title: 'Særskilte vilkår for meldinger' })
const dpa1 = version('d1', { document: 'dpa', version: '1.0', title: 'Databehandleravtale' })
const VERSIONS = [general1, general2, general3, messages1, dpa1]

const accepted = (...ids: string[]) =>
  ids.map((termsVersionId) => ({ termsVersionId, acceptedAt: new Date('2026-03-15T00:00:00Z'), acceptedByName: 'Kommunalsjef' }))

describe('termsStanding', () => {
  it('the current version is the latest in effect; a published future version is upcoming', () => {
    const s = termsStanding(VERSIONS, accepted('g2'), { document: 'general' }, NOW)
    expect(s.current?.id).toBe('g2')
    expect(s.upcoming?.id).toBe('g3')
    expect(s.accepted?.id).toBe('g2')
    expect(s.accepted?.acceptedByName).toBe('Kommunalsjef')
    expect(s).toMatchObject({ acceptedCurrent: true, acceptedUpcoming: false })
  })

  it('an older accepted version does not cover the current one', () => {
    const s = termsStanding(VERSIONS, accepted('g1'), { document: 'general' }, NOW)
    expect(s.accepted?.id).toBe('g1')
    expect(s.acceptedCurrent).toBe(false)
  })

  it('accepting the upcoming version covers the current one too', () => {
    const s = termsStanding(VERSIONS, accepted('g3'), { document: 'general' }, NOW)
    expect(s).toMatchObject({ acceptedCurrent: true, acceptedUpcoming: true })
  })

  it('the upcoming version becomes current on its effective date', () => {
    const s = termsStanding(VERSIONS, accepted('g2'), { document: 'general' }, new Date('2027-01-01T00:00:00Z'))
    expect(s.current?.id).toBe('g3')
    expect(s.upcoming).toBeNull()
    expect(s.acceptedCurrent).toBe(false)
  })

  it('special terms are per digital service; none published means none current', () => {
    expect(termsStanding(VERSIONS, accepted('m1'), { document: 'special', digitalService: 'messages' }, NOW).acceptedCurrent).toBe(true)
    const appointments = termsStanding(VERSIONS, accepted('m1'), { document: 'special', digitalService: 'appointments' }, NOW)
    expect(appointments).toMatchObject({ current: null, upcoming: null, accepted: null, acceptedCurrent: false })
  })
})

function activation(over: Partial<ActivationInput> & { accepted?: string[] } = {}): ActivationInput {
  const acceptances = accepted(...(over.accepted ?? ['g2', 'm1', 'd1']))
  const digitalService = over.digitalService ?? 'messages'
  return {
    digitalService,
    onboarding: { epjProduct: 'DIPS Front', epjSupportedServices: ['messages', 'appointments'], dpaRequired: true },
    general: termsStanding(VERSIONS, acceptances, { document: 'general' }, NOW),
    special: termsStanding(VERSIONS, acceptances, { document: 'special', digitalService }, NOW),
    dpa: termsStanding(VERSIONS, acceptances, { document: 'dpa' }, NOW),
    terminationEndsAt: null,
    now: NOW,
    ...over,
  }
}

const codes = (input: ActivationInput) => activationRefusals(input).map((r) => r.code)

describe('activationRefusals', () => {
  it('allows when the EPJ supports it and the current general, special and DPA terms are accepted', () => {
    expect(activationRefusals(activation())).toEqual([])
  })

  it("refuses while the municipality's EPJ does not support the digital service, naming the product", () => {
    const refusals = activationRefusals(activation({ onboarding: { epjProduct: 'Gerica', epjSupportedServices: [], dpaRequired: true } }))
    expect(refusals.map((r) => r.code)).toEqual(['epj-not-supported'])
    expect(refusals[0]?.detail).toBe('Kommunens EPJ (Gerica) støtter ikke meldinger. Tjenesten kan aktiveres når EPJ-en støtter den.')
  })

  it('refuses without the current general terms, special terms or DPA', () => {
    expect(codes(activation({ accepted: ['g1', 'm1', 'd1'] }))).toEqual(['general-terms-not-accepted'])
    expect(codes(activation({ accepted: ['g2', 'd1'] }))).toEqual(['special-terms-not-accepted'])
    expect(codes(activation({ accepted: ['g2', 'm1'] }))).toEqual(['dpa-not-accepted'])
    expect(activationRefusals(activation({ accepted: ['g1', 'm1', 'd1'] }))[0]?.detail).toBe(
      'Kommunen har ikke akseptert gjeldende generelle vilkår (versjon 2.0).',
    )
  })

  it('needs no DPA where none is required', () => {
    expect(codes(activation({ accepted: ['g2', 'm1'], onboarding: { epjProduct: null, epjSupportedServices: ['messages'], dpaRequired: false } }))).toEqual([])
  })

  it('refuses a digital service that has no special terms yet', () => {
    const refusals = activationRefusals(activation({ digitalService: 'appointments' }))
    expect(refusals.map((r) => r.code)).toEqual(['special-terms-missing'])
    expect(refusals[0]?.detail).toBe('Det finnes ingen gjeldende særskilte vilkår for timeavtaler.')
  })

  it('allows during the notice period and refuses from the end date on', () => {
    expect(codes(activation({ terminationEndsAt: new Date('2026-12-02T00:00:00+01:00') }))).toEqual([])
    expect(codes(activation({ terminationEndsAt: NOW }))).toEqual(['agreement-ended'])
    expect(activationRefusals(activation({ terminationEndsAt: new Date('2026-11-02T00:00:00+01:00') }))[0]?.detail).toBe(
      'Avtalen med kommunen ble avsluttet 2. november 2026. Tjenester kan ikke aktiveres etter sluttdatoen.',
    )
  })

  it('refuses a municipality that has not ordered the connection', () => {
    expect(codes(activation({ onboarding: null }))).toEqual(['not-onboarded'])
  })

  it('lists every reason at once (Holmestrand: EPJ and terms), EPJ first', () => {
    const refusals = activationRefusals(
      activation({ accepted: ['g1', 'd1'], onboarding: { epjProduct: 'Gerica', epjSupportedServices: [], dpaRequired: true } }),
    )
    expect(refusals.map((r) => r.code)).toEqual(['epj-not-supported', 'general-terms-not-accepted', 'special-terms-not-accepted'])
    expect(activationRefusalDetail(refusals)).toMatch(/^Tjenesten kan ikke aktiveres\. Kommunens EPJ \(Gerica\) støtter ikke meldinger\./)
  })
})

function status(over: Partial<StatusInput> & { accepted?: string[] } = {}): StatusInput {
  const acceptances = accepted(...(over.accepted ?? ['g2', 'm1', 'd1']))
  return {
    onboarding: { connectedAt: new Date('2025-03-01T00:00:00Z'), epjSupportedServices: ['messages'], dpaRequired: true },
    activeDigitalServices: ['messages'],
    general: termsStanding(VERSIONS, acceptances, { document: 'general' }, NOW),
    dpa: termsStanding(VERSIONS, acceptances, { document: 'dpa' }, NOW),
    specialForActive: [termsStanding(VERSIONS, acceptances, { document: 'special', digitalService: 'messages' }, NOW)],
    terminationEndsAt: null,
    now: NOW,
    ...over,
  }
}

describe('municipalityStatus', () => {
  it('active', () => {
    expect(municipalityStatus(status())).toEqual(['active'])
  })

  it('notice given, still active (Horten)', () => {
    expect(municipalityStatus(status({ terminationEndsAt: new Date('2026-12-02T00:00:00+01:00') }))).toEqual(['notice-given', 'active'])
  })

  it('ended after the end date', () => {
    expect(municipalityStatus(status({ terminationEndsAt: new Date('2026-11-01T00:00:00+01:00') }))).toEqual(['ended'])
  })

  it('waiting for EPJ support, terms not accepted (Holmestrand)', () => {
    expect(
      municipalityStatus(
        status({
          accepted: ['g1', 'd1'],
          activeDigitalServices: [],
          specialForActive: [],
          onboarding: { connectedAt: null, epjSupportedServices: [], dpaRequired: true },
        }),
      ),
    ).toEqual(['connection-ordered', 'awaiting-epj', 'terms-not-accepted'])
  })

  it('special terms of an active digital service count; not onboarded at all', () => {
    expect(municipalityStatus(status({ accepted: ['g2', 'd1'] }))).toEqual(['active', 'terms-not-accepted'])
    expect(municipalityStatus(status({ onboarding: null, activeDigitalServices: [] }))).toEqual(['not-onboarded'])
  })
})

describe('formatOsloDate', () => {
  it('is the Oslo date in bokmål', () => {
    expect(formatOsloDate(new Date('2026-12-01T23:00:00Z'))).toBe('2. desember 2026')
  })
})
