// Health contacts (CIT-2) through the API: the citizen's GP, primary contacts, the services they receive and their
// municipality's services, each with contact details and the digital services open now; and who may read them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALL_DEMO_SCOPES, auditHead, auditRowsAfter, bearer, expectProblem, O, P, S, SV, sessionHeaders } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

type ServiceContact = {
  id: string
  name: string
  kind: string
  organisation: { id: string; name: string }
  phone: string | null
  address: { line: string | null; postalCode: string | null; city: string | null } | null
  openingHours: string | null
  digitalServices: Array<{ code: string; endsAt: string | null }>
}
type HealthContacts = {
  fastlege: { service: ServiceContact; doctorName: string | null } | null
  primaryContacts: Array<{ name: string; profession: string | null; service: { id: string; name: string; organisationName: string } }>
  services: ServiceContact[]
  municipality: { name: string; municipalityNumber: string; services: ServiceContact[] } | null
}

let t: TestApp
const citizen = async (personId: string) => sessionHeaders(await t.citizenSession(personId))
const read = (headers: Record<string, string>, personId: string) => t.app.inject({ method: 'GET', url: `/api/citizens/${personId}/health-contacts`, headers })
async function contacts(headers: Record<string, string>, personId: string): Promise<HealthContacts> {
  const response = await read(headers, personId)
  expect(response.statusCode, response.body).toBe(200)
  return response.json<HealthContacts>()
}

beforeAll(async () => {
  t = await startTestApp()
}, 60_000)

afterAll(async () => {
  await t?.close()
})

describe('what the citizen sees', () => {
  it('Ingrid: her primary contact in home nursing, the service with phone, address, hours and messages open, and Tønsberg’s services', async () => {
    const c = await contacts(await citizen(P.ingridBerg.id), P.ingridBerg.id)
    expect(c.fastlege).toBeNull()
    expect(c.primaryContacts).toEqual([
      {
        name: 'Lise Lund',
        profession: 'sykepleier',
        service: { id: SV.tonsbergHjemmesykepleie.id, name: 'Hjemmesykepleien', organisationName: 'Tønsberg kommune' },
      },
    ])
    expect(c.services).toEqual([
      expect.objectContaining({
        id: SV.tonsbergHjemmesykepleie.id,
        kind: 'hjemmesykepleie',
        organisation: { id: O.tonsberg.id, name: 'Tønsberg kommune' },
        phone: '+4733348000',
        address: { line: 'Halfdan Wilhelmsens allé 1', postalCode: '3116', city: 'Tønsberg' },
        openingHours: expect.stringContaining('Hele døgnet'),
        digitalServices: [{ code: 'messages', endsAt: null }],
      }),
    ])
    expect(c.municipality?.name).toBe('Tønsberg kommune')
    expect(c.municipality?.municipalityNumber).toBe('3905')
    const byId = new Map(c.municipality?.services.map((s) => [s.id, s]))
    expect(byId.get(SV.tonsbergHelsestasjon.id)?.digitalServices).toEqual([{ code: 'messages', endsAt: null }])
    expect(byId.get(SV.tonsbergFysioterapi.id)).toMatchObject({ phone: '+4733348000', digitalServices: [] })
  })

  it('Kari: her GP practice with her GP’s name (Berit Bakke is the practice’s only fastlege)', async () => {
    const c = await contacts(await citizen(P.kariNordmann.id), P.kariNordmann.id)
    expect(c.fastlege).toMatchObject({
      doctorName: 'Berit Bakke',
      service: {
        id: SV.tonsbergLegesenterFastlege.id,
        kind: 'fastlege',
        organisation: { name: 'Tønsberg legesenter' },
        openingHours: expect.stringContaining('Hverdager'),
        digitalServices: [],
      },
    })
    expect(c.services).toEqual([])
  })

  it('a service of a municipality under notice shows when messages end (Horten, 2 December)', async () => {
    await t.db
      .insertInto('care_relation')
      .values({ patient_person_id: P.ahmedKhan.id, service_id: SV.hortenHjemmesykepleie.id, valid_from: '2026-01-01T00:00:00+01:00', valid_to: null })
      .execute()
    const c = await contacts(await citizen(P.ahmedKhan.id), P.ahmedKhan.id)
    expect(c.services.find((s) => s.id === SV.hortenHjemmesykepleie.id)?.digitalServices).toEqual([{ code: 'messages', endsAt: '2026-12-01T23:00:00.000Z' }])
    // A hospital department without registered contact details is still listed, with empty fields.
    expect(c.services.find((s) => s.id === SV.sivMedisinsk.id)).toMatchObject({ phone: null, address: null, openingHours: null, digitalServices: [] })
    expect(c.fastlege?.service.id).toBe(SV.sandefjordLegekontorFastlege.id)
    expect(c.municipality?.name).toBe('Sandefjord kommune')
  })

  it('Sara (confidential address): no municipality is derived from a hidden address', async () => {
    const c = await contacts(await citizen(P.saraHolm.id), P.saraHolm.id)
    expect(c).toEqual({ fastlege: null, primaryContacts: [], services: [], municipality: null })
  })
})

describe('who may read them', () => {
  it('a proxy with the health-contacts area (Per for Ingrid), audit-logged as acting for her', async () => {
    const before = await auditHead(t.db)
    const c = await contacts(await citizen(P.perBerg.id), P.ingridBerg.id)
    expect(c.primaryContacts.map((p) => p.name)).toEqual(['Lise Lund'])
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toEqual([
      expect.objectContaining({
        actor_id: P.perBerg.id,
        on_behalf_of_person_id: P.ingridBerg.id,
        patient_person_id: P.ingridBerg.id,
        resource_type: 'health-contacts',
        decision: 'allowed',
        decision_basis: 'fullmakt',
      }),
    ])
  })

  it('a parent of a child under 12 (Kari for Emma) and of a 12–15-year-old (Kari for Jonas)', async () => {
    const kari = await citizen(P.kariNordmann.id)
    const emma = await contacts(kari, P.emmaNordmann.id)
    expect(emma.services.map((s) => s.id)).toEqual([SV.tonsbergHelsestasjon.id])
    const jonas = await read(kari, P.jonasNordmann.id)
    expect(jonas.statusCode, jonas.body).toBe(200)
  })

  it('not a parent of a 16-year-old (Lars for Nora), not another citizen, not Sara’s would-be proxies', async () => {
    expectProblem(await read(await citizen(P.larsOlsen.id), P.noraOlsen.id), 403, 'forbidden')
    expectProblem(await read(await citizen(P.kariNordmann.id), P.ingridBerg.id), 403, 'forbidden')
    expectProblem(await read(await citizen(P.perBerg.id), P.saraHolm.id), 403, 'forbidden')
  })

  it('not a proxy whose fullmakt lacks the area, nor one whose fullmakt has expired', async () => {
    await t.db
      .insertInto('fullmakt')
      .values([
        {
          giver_person_id: P.kariNordmann.id,
          proxy_person_id: P.ahmedKhan.id,
          kind: 'ordinary',
          areas: ['messages'],
          valid_from: '2026-01-01T00:00:00+01:00',
          valid_to: null,
          revoked_at: null,
        },
        {
          giver_person_id: P.larsOlsen.id,
          proxy_person_id: P.ahmedKhan.id,
          kind: 'ordinary',
          areas: ['health-contacts'],
          valid_from: '2026-01-01T00:00:00+01:00',
          valid_to: '2026-11-01T00:00:00+01:00',
          revoked_at: null,
        },
      ])
      .execute()
    const ahmed = await citizen(P.ahmedKhan.id)
    expectProblem(await read(ahmed, P.kariNordmann.id), 403, 'forbidden')
    expectProblem(await read(ahmed, P.larsOlsen.id), 403, 'forbidden')
  })

  it('not staff (even with a care relation), not a system client of any organisation, not without a session', async () => {
    const lise = sessionHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
    expectProblem(await read(lise, P.ingridBerg.id), 403, 'forbidden')
    for (const org of [O.tonsberg, O.siv]) {
      expectProblem(await read(bearer(await t.systemToken(org.organisationNumber, ALL_DEMO_SCOPES)), P.ingridBerg.id), 403, 'forbidden')
    }
    expectProblem(await read({}, P.ingridBerg.id), 401, 'unauthenticated')
  })

  it('a malformed person id is a 4xx problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/citizens/not-a-uuid/health-contacts', headers: await citizen(P.ingridBerg.id) })
    expect(response.statusCode).toBeGreaterThanOrEqual(400)
    expect(response.statusCode).toBeLessThan(500)
    expect(response.headers['content-type']).toMatch(/problem\+json/)
  })
})

describe('a service whose name is sensitive, and a parent with reduced rights', () => {
  const rus = SV.sivPsykiskHelseOgRus
  const from = '2026-01-01T00:00:00+01:00'

  beforeAll(async () => {
    // Jonas (14) receives the drug and alcohol service, with a primary contact there, and the health station.
    await t.db.updateTable('service').set({ sensitive_name: true }).where('id', '=', rus.id).execute()
    await t.db
      .insertInto('care_relation')
      .values([
        { patient_person_id: P.jonasNordmann.id, service_id: rus.id, valid_from: from, valid_to: null },
        { patient_person_id: P.jonasNordmann.id, service_id: SV.tonsbergHelsestasjon.id, valid_from: from, valid_to: null },
      ])
      .execute()
    await t.db
      .insertInto('primary_contact')
      .values([
        { patient_person_id: P.jonasNordmann.id, service_id: rus.id, staff_id: S.andersAas.id, valid_from: from },
        { patient_person_id: P.jonasNordmann.id, service_id: SV.tonsbergHelsestasjon.id, staff_id: S.hanneHauge.id, valid_from: from },
      ])
      .execute()
  })

  it('Jonas himself sees the service and his primary contact in it', async () => {
    const c = await contacts(await citizen(P.jonasNordmann.id), P.jonasNordmann.id)
    expect(c.services.map((s) => s.id).sort()).toEqual([rus.id, SV.tonsbergHelsestasjon.id].sort())
    expect(c.primaryContacts.map((p) => [p.name, p.service.id]).sort()).toEqual(
      [
        ['Anders Aas', rus.id],
        ['Hanne Hauge', SV.tonsbergHelsestasjon.id],
      ].sort(),
    )
  })

  it('Kari (his mother, reduced rights) sees the health station and its contact, but nothing of the sensitive service; the read is audit-logged', async () => {
    const before = await auditHead(t.db)
    const response = await read(await citizen(P.kariNordmann.id), P.jonasNordmann.id)
    expect(response.statusCode, response.body).toBe(200)
    const c = response.json<HealthContacts>()
    expect(c.services.map((s) => s.id)).toEqual([SV.tonsbergHelsestasjon.id])
    expect(c.primaryContacts).toEqual([
      { name: 'Hanne Hauge', profession: 'helsesykepleier', service: expect.objectContaining({ id: SV.tonsbergHelsestasjon.id }) },
    ])
    expect(c.municipality?.name).toBe('Tønsberg kommune')
    for (const leak of [rus.id, rus.name, 'Anders Aas', 'rus']) expect(response.body).not.toContain(leak)
    expect(await auditRowsAfter(t.db, before)).toEqual([
      expect.objectContaining({
        actor_id: P.kariNordmann.id,
        on_behalf_of_person_id: P.jonasNordmann.id,
        patient_person_id: P.jonasNordmann.id,
        resource_type: 'health-contacts',
        decision: 'allowed',
        decision_basis: 'parent',
      }),
    ])
  })

  it('only reduced parental rights hide it: Per, Ingrid’s proxy, sees it when she receives the service', async () => {
    await t.db.insertInto('care_relation').values({ patient_person_id: P.ingridBerg.id, service_id: rus.id, valid_from: from, valid_to: null }).execute()
    const c = await contacts(await citizen(P.perBerg.id), P.ingridBerg.id)
    expect(c.services.map((s) => s.id)).toContain(rus.id)
  })
})
