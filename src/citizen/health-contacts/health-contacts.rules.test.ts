import { describe, expect, it } from 'vitest'
import type { DigitalService, ServiceAvailability } from '../onboarding/digital-services.ts'
import type { ServiceRow } from './health-contacts.repository.ts'
import { assembleHealthContacts, gpNameOf, openDigitalServices } from './health-contacts.rules.ts'

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
    expect(gpNameOf([{ staffId: 'a', name: 'Berit Bakke' }, { staffId: 'a', name: 'Berit Bakke' }])).toBe('Berit Bakke')
    expect(gpNameOf([{ staffId: 'a', name: 'Berit Bakke' }, { staffId: 'b', name: 'Ola Lege' }])).toBeNull()
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
      primaryContacts: [{ name: 'Lise Lund', profession: 'sykepleier', serviceId: 'home', serviceName: 'Hjemmesykepleien', organisationName: 'Tønsberg kommune' }],
      municipality: { name: 'Tønsberg kommune', municipalityNumber: '3905', services: [row('home', 'hjemmesykepleie'), row('hs', 'helsestasjon')] },
      gps: [{ serviceId: 'gp', staffId: 'berit', name: 'Berit Bakke' }, { serviceId: 'other-gp', staffId: 'x', name: 'Annen Lege' }],
      availability: availability({ messages: { home: open } }),
    })
    expect(contacts.fastlege?.service.id).toBe('gp')
    expect(contacts.fastlege?.doctorName).toBe('Berit Bakke')
    expect(contacts.services.map((s) => s.id)).toEqual(['home'])
    expect(contacts.services[0]?.address).toBeNull()
    expect(contacts.services[0]?.digitalServices).toEqual([{ code: 'messages', endsAt: null }])
    expect(contacts.primaryContacts).toEqual([{ name: 'Lise Lund', profession: 'sykepleier', service: { id: 'home', name: 'Hjemmesykepleien', organisationName: 'Tønsberg kommune' } }])
    expect(contacts.municipality?.services.map((s) => s.id)).toEqual(['home', 'hs'])
    expect(contacts.municipality?.services[1]?.address).toEqual({ line: 'Gata 1', postalCode: '3100', city: 'Tønsberg' })
  })

  it('without a GP relation or a municipality those parts are null', () => {
    const contacts = assembleHealthContacts({ received: [], primaryContacts: [], municipality: null, gps: [], availability: new Map() })
    expect(contacts).toEqual({ fastlege: null, primaryContacts: [], services: [], municipality: null })
  })
})
