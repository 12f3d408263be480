import { describe, expect, it } from 'vitest'
import type { ServiceAvailability } from '../onboarding/digital-services.ts'
import type { DigitalService } from '../onboarding/digital-service.schemas.ts'
import type { PrimaryContactRow, ServiceRow } from './health-contacts.repository.ts'
import { assembleHealthContacts, gpNameOf, openDigitalServices, visibleHealthContacts } from './health-contacts.rules.ts'

const row = (id: string, kind: string, over: Partial<ServiceRow> = {}): ServiceRow => ({
  id,
  name: `Tjeneste ${id}`,
  kind,
  organisationId: `org-${id}`,
  organisationName: `Virksomhet ${id}`,
  phone: '+4733000000',
  email: null,
  visitingAddress: 'Gata 1',
  postalCode: '3100',
  city: 'Tønsberg',
  openingHours: 'Hverdager 08–16',
  about: null,
  sensitiveName: false,
  ...over,
})

const open: ServiceAvailability = { open: true, closedReason: null, endsAt: null }
const closing: ServiceAvailability = { open: true, closedReason: null, endsAt: new Date('2026-12-01T23:00:00Z') }
const closed: ServiceAvailability = { open: false, closedReason: 'not-activated', endsAt: null }

function availability(entries: Partial<Record<DigitalService, Record<string, ServiceAvailability>>>) {
  return new Map(Object.entries(entries).map(([code, byService]) => [code as DigitalService, new Map(Object.entries(byService ?? {}))]))
}

describe('gpNameOf', () => {
  it('names the GP only when the practice has exactly one', () => {
    expect(gpNameOf([{ staffId: 'a', name: 'Berit Bakke' }])).toBe('Berit Bakke')
    expect(
      gpNameOf([
        { staffId: 'a', name: 'Berit Bakke' },
        { staffId: 'a', name: 'Berit Bakke' },
      ]),
    ).toBe('Berit Bakke')
    expect(
      gpNameOf([
        { staffId: 'a', name: 'Berit Bakke' },
        { staffId: 'b', name: 'Ola Lege' },
      ]),
    ).toBeNull()
    expect(gpNameOf([])).toBeNull()
  })
})

describe('openDigitalServices', () => {
  it('lists the open ones in a fixed order, with the end date when the agreement is under notice', () => {
    const a = availability({ appointments: { s1: open }, messages: { s1: closing, s2: open }, letters: { s1: closed } })
    expect(openDigitalServices('s1', a)).toEqual([
      { code: 'messages', endsAt: '2026-12-01T23:00:00.000Z' },
      { code: 'appointments', endsAt: null },
    ])
    expect(openDigitalServices('unknown', a)).toEqual([])
  })
})

describe('assembleHealthContacts', () => {
  it('puts the GP practice first with the GP, the other services after, and the municipality’s services last', () => {
    const contacts = assembleHealthContacts({
      received: [row('gp', 'fastlege'), row('home', 'hjemmesykepleie', { visitingAddress: null, postalCode: null, city: null })],
      primaryContacts: [
        {
          name: 'Lise Lund',
          profession: 'sykepleier',
          serviceId: 'home',
          serviceName: 'Hjemmesykepleien',
          organisationName: 'Tønsberg kommune',
          serviceSensitiveName: false,
        },
      ],
      municipality: { name: 'Tønsberg kommune', municipalityNumber: '3905', services: [row('home', 'hjemmesykepleie'), row('hs', 'helsestasjon')] },
      gps: [
        { serviceId: 'gp', staffId: 'berit', name: 'Berit Bakke' },
        { serviceId: 'other-gp', staffId: 'x', name: 'Annen Lege' },
      ],
      availability: availability({ messages: { home: open } }),
    })
    expect(contacts.fastlege?.service.id).toBe('gp')
    expect(contacts.fastlege?.doctorName).toBe('Berit Bakke')
    expect(contacts.services.map((s) => s.id)).toEqual(['home'])
    expect(contacts.services[0]?.address).toBeNull()
    expect(contacts.services[0]?.digitalServices).toEqual([{ code: 'messages', endsAt: null }])
    expect(contacts.primaryContacts).toEqual([
      { name: 'Lise Lund', profession: 'sykepleier', service: { id: 'home', name: 'Hjemmesykepleien', organisationName: 'Tønsberg kommune' } },
    ])
    expect(contacts.municipality?.services.map((s) => s.id)).toEqual(['home', 'hs'])
    expect(contacts.municipality?.services[1]?.address).toEqual({ line: 'Gata 1', postalCode: '3100', city: 'Tønsberg' })
  })

  it('without a GP relation or a municipality those parts are null', () => {
    const contacts = assembleHealthContacts({ received: [], primaryContacts: [], municipality: null, gps: [], availability: new Map() })
    expect(contacts).toEqual({ fastlege: null, primaryContacts: [], services: [], municipality: null })
  })
})

describe('visibleHealthContacts', () => {
  const contact = (name: string, serviceId: string, serviceSensitiveName: boolean): PrimaryContactRow => ({
    name,
    profession: null,
    serviceId,
    serviceName: `Tjeneste ${serviceId}`,
    organisationName: `Virksomhet ${serviceId}`,
    serviceSensitiveName,
  })
  const loaded = {
    received: [row('gp', 'fastlege'), row('rus', 'psykisk-helse-rus', { sensitiveName: true }), row('hs', 'helsestasjon')],
    primaryContacts: [contact('Rita Rus', 'rus', true), contact('Hanne Hauge', 'hs', false)],
    municipality: { name: 'Tønsberg kommune', municipalityNumber: '3905', services: [row('hs', 'helsestasjon'), row('mrus', 'rus', { sensitiveName: true })] },
  }

  it('a parent with reduced rights (child 12–15) is not shown services with a sensitive name, nor primary contacts in them', () => {
    const visible = visibleHealthContacts(loaded, { reducedParentalRights: true })
    expect(visible.received.map((s) => s.id)).toEqual(['gp', 'hs'])
    expect(visible.primaryContacts.map((c) => c.name)).toEqual(['Hanne Hauge'])
    expect(visible.municipality?.services.map((s) => s.id)).toEqual(['hs'])
    expect(visible.municipality).toMatchObject({ name: 'Tønsberg kommune', municipalityNumber: '3905' })
    // Nothing of the left-out service is left anywhere in what is put together.
    const page = JSON.stringify(assembleHealthContacts({ ...visible, gps: [], availability: new Map() }))
    expect(page).not.toMatch(/rus|Rita/i)
  })

  it('a sensitive GP practice is left out too, so no GP is shown', () => {
    const visible = visibleHealthContacts(
      { received: [row('gp', 'fastlege', { sensitiveName: true })], primaryContacts: [], municipality: null },
      { reducedParentalRights: true },
    )
    expect(assembleHealthContacts({ ...visible, gps: [{ serviceId: 'gp', staffId: 'b', name: 'Berit Bakke' }], availability: new Map() }).fastlege).toBeNull()
  })

  it('everyone else (the person, a proxy, a parent with full rights) sees everything, unchanged', () => {
    expect(visibleHealthContacts(loaded, { reducedParentalRights: false })).toBe(loaded)
  })

  it('without a municipality there is nothing to filter there', () => {
    expect(visibleHealthContacts({ ...loaded, municipality: null }, { reducedParentalRights: true }).municipality).toBeNull()
  })
})
