// Municipality onboarding and termination through the API (CIT-13, CIT-14): the operator's view, activation refused
// by the rules, terms, notice with its end date and the citizens told, withdrawal, and everyone else refused.
// The blocks run in order: later ones see what earlier ones wrote.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_TERMINATION, DEMO_TERMS } from '../../src/citizen/demo/vestfold-demo.citizen-services.ts'
import { loadServiceAvailability } from '../../src/citizen/onboarding/digital-services.repository.ts'
import { terminationEndsAt } from '../../src/citizen/onboarding/notice-period.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { ALL_DEMO_SCOPES, auditHead, auditRowsAfter, bearer, expectProblem, O, P, S, SV, sessionHeaders } from '../api/api-helpers.ts'

type Headers = Record<string, string>
type Municipality = {
  id: string
  name: string
  statuses: string[]
  connection: { connectedAt: string | null } | null
  epj: { product: string | null; supportedServices: string[] } | null
  terms: {
    general: { current: { id: string; version: string } | null; accepted: { version: string; acceptedByName: string } | null; acceptedCurrent: boolean }
    dpa: { acceptedCurrent: boolean; required: boolean }
    special: { digitalService: string; acceptedCurrent: boolean }[]
  }
  activation: { digitalService: string; allowed: boolean; refusals: { code: string; detail: string }[] }[]
  services: { id: string; name: string; active: { digitalService: string }[] }[]
  termination: { id: string; initiatedBy: string; endsAt: string; endsOn: string; lastDayOn: string; daysLeft: number; ended: boolean } | null
  noticeEndsOn: { municipality: string; operator: string }
}

let t: TestApp
let ole: Headers

const BASE = '/api/onboarding'
const activationUrl = (organisationId: string, serviceId: string, digitalService = 'messages') =>
  `${BASE}/municipalities/${organisationId}/services/${serviceId}/digital-services/${digitalService}`

beforeAll(async () => {
  t = await startTestApp()
  ole = sessionHeaders(await t.staffSession(S.oleOlsen.id, null))
}, 60_000)

afterAll(async () => {
  await t?.close()
})

async function municipality(id: string): Promise<Municipality> {
  const response = await t.app.inject({ url: `${BASE}/municipalities/${id}`, headers: ole })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<Municipality>()
}

async function availability(serviceId: string) {
  return (await loadServiceAvailability(t.db, [serviceId], 'messages', t.now())).get(serviceId)
}

const countRows = async (table: 'digital_service_activation' | 'municipality_termination' | 'terms_version' | 'terms_acceptance' | 'notification_outbox') =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n)

describe("the operator's view", () => {
  it('lists the six municipalities with terms, EPJ, activations and Horten’s notice', async () => {
    const response = await t.app.inject({ url: `${BASE}/municipalities`, headers: ole })
    expect(response.statusCode, response.body).toBe(200)
    const items = response.json<{ items: Municipality[] }>().items
    expect(items.map((m) => m.name).sort()).toEqual([
      'Færder kommune',
      'Holmestrand kommune',
      'Horten kommune',
      'Larvik kommune',
      'Sandefjord kommune',
      'Tønsberg kommune',
    ])

    const horten = items.find((m) => m.id === O.horten.id)
    expect(horten?.statuses).toEqual(['notice-given', 'active'])
    expect(horten?.termination).toMatchObject({
      id: DEMO_TERMINATION.id,
      initiatedBy: 'municipality',
      endsOn: '2026-12-02',
      lastDayOn: '2026-12-01',
      daysLeft: 9,
      ended: false,
    })

    const holmestrand = items.find((m) => m.id === O.holmestrand.id)
    expect(holmestrand?.statuses).toEqual(['connection-ordered', 'awaiting-epj', 'terms-not-accepted'])
    expect(holmestrand?.epj).toEqual({ product: 'Gerica', supportedServices: [] })
    expect(holmestrand?.terms.general).toMatchObject({
      current: { id: DEMO_TERMS.general2.id, version: '2.0' },
      accepted: { version: '1.0' },
      acceptedCurrent: false,
    })
    expect(holmestrand?.terms.dpa).toMatchObject({ acceptedCurrent: true, required: true })
    expect(holmestrand?.services.every((s) => s.active.length === 0)).toBe(true)
    expect(holmestrand?.activation.find((a) => a.digitalService === 'messages')?.refusals.map((r) => r.code)).toEqual([
      'epj-not-supported',
      'general-terms-not-accepted',
      'special-terms-not-accepted',
    ])

    const tonsberg = items.find((m) => m.id === O.tonsberg.id)
    expect(tonsberg?.statuses).toEqual(['active'])
    expect(tonsberg?.terms.special).toEqual([expect.objectContaining({ digitalService: 'messages', acceptedCurrent: true })])
    expect(tonsberg?.services.find((s) => s.id === SV.tonsbergHjemmesykepleie.id)?.active.map((a) => a.digitalService)).toEqual(['messages'])
    expect(tonsberg?.activation.find((a) => a.digitalService === 'messages')?.allowed).toBe(true)
    expect(tonsberg?.noticeEndsOn).toEqual({ municipality: '2026-12-23', operator: '2027-05-23' })
  })

  it("the demo's Horten notice follows the end-date rule", () => {
    expect(terminationEndsAt(new Date(DEMO_TERMINATION.noticeGivenAt), 'municipality')).toEqual(new Date(DEMO_TERMINATION.endsAt))
  })

  it('answers 404 for an organisation that is not a municipality, and for a malformed id', async () => {
    expectProblem(await t.app.inject({ url: `${BASE}/municipalities/${O.siv.id}`, headers: ole }), 404, 'not-found')
    expectProblem(await t.app.inject({ url: `${BASE}/municipalities/not-a-uuid`, headers: ole }), 422, 'validation-failed')
  })
})

describe('activating a digital service', () => {
  it('is refused for Holmestrand while its EPJ does not support messages, with the reason, and nothing is written', async () => {
    const before = await countRows('digital_service_activation')
    const response = await t.app.inject({ method: 'PUT', url: activationUrl(O.holmestrand.id, SV.holmestrandHjemmesykepleie.id), headers: ole })
    const problem = expectProblem(response, 409, 'conflict')
    expect(problem.detail).toMatch(/^Tjenesten kan ikke aktiveres\. Kommunens EPJ \(Gerica\) støtter ikke meldinger\./)
    expect(problem.detail).toContain('Kommunen har ikke akseptert gjeldende generelle vilkår (versjon 2.0).')
    expect(problem.errors?.map((e) => e.message)).toEqual(['epj-not-supported', 'general-terms-not-accepted', 'special-terms-not-accepted'])
    expect(await countRows('digital_service_activation')).toBe(before)
    expect((await availability(SV.holmestrandHjemmesykepleie.id))?.open).toBe(false)
  })

  it('is still refused for the terms once the EPJ support is recorded', async () => {
    const epj = await t.app.inject({
      method: 'PUT',
      url: `${BASE}/municipalities/${O.holmestrand.id}/epj`,
      headers: ole,
      payload: { product: 'Gerica', supportedServices: ['messages', 'messages'] },
    })
    expect(epj.statusCode, epj.body).toBe(200)
    expect(epj.json<Municipality>().epj).toEqual({ product: 'Gerica', supportedServices: ['messages'] })
    const problem = expectProblem(
      await t.app.inject({ method: 'PUT', url: activationUrl(O.holmestrand.id, SV.holmestrandHjemmesykepleie.id), headers: ole }),
      409,
      'conflict',
    )
    expect(problem.errors?.map((e) => e.message)).toEqual(['general-terms-not-accepted', 'special-terms-not-accepted'])
  })

  it('succeeds once the current general and special terms are accepted; the service opens for citizens', async () => {
    for (const termsVersionId of [DEMO_TERMS.general2.id, DEMO_TERMS.specialMessages.id]) {
      const response = await t.app.inject({
        method: 'POST',
        url: `${BASE}/municipalities/${O.holmestrand.id}/terms-acceptances`,
        headers: ole,
        payload: { termsVersionId, acceptedByName: 'Kommunalsjef helse og omsorg' },
      })
      expect(response.statusCode, response.body).toBe(201)
    }
    const again = await t.app.inject({
      method: 'POST',
      url: `${BASE}/municipalities/${O.holmestrand.id}/terms-acceptances`,
      headers: ole,
      payload: { termsVersionId: DEMO_TERMS.general2.id, acceptedByName: 'Kommunalsjef' },
    })
    expectProblem(again, 409, 'conflict')

    const response = await t.app.inject({ method: 'PUT', url: activationUrl(O.holmestrand.id, SV.holmestrandHjemmesykepleie.id), headers: ole })
    expect(response.statusCode, response.body).toBe(200)
    const holmestrand = response.json<Municipality>()
    expect(holmestrand.statuses).toEqual(['active'])
    expect(holmestrand.connection?.connectedAt).toBe(t.now().toISOString())
    expect(holmestrand.services.find((s) => s.id === SV.holmestrandHjemmesykepleie.id)?.active.map((a) => a.digitalService)).toEqual(['messages'])
    expect(await availability(SV.holmestrandHjemmesykepleie.id)).toEqual({ open: true, closedReason: null, endsAt: null })

    // Activating again changes nothing.
    const before = await countRows('digital_service_activation')
    expect((await t.app.inject({ method: 'PUT', url: activationUrl(O.holmestrand.id, SV.holmestrandHjemmesykepleie.id), headers: ole })).statusCode).toBe(200)
    expect(await countRows('digital_service_activation')).toBe(before)
  })

  it('deactivation closes the service for citizens', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: activationUrl(O.holmestrand.id, SV.holmestrandHjemmesykepleie.id), headers: ole })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json<Municipality>().services.find((s) => s.id === SV.holmestrandHjemmesykepleie.id)?.active).toEqual([])
    expect(await availability(SV.holmestrandHjemmesykepleie.id)).toMatchObject({ open: false, closedReason: 'not-activated' })
  })

  it('is refused for a digital service without special terms, for a service of another municipality, and for an unknown digital service', async () => {
    await t.app.inject({
      method: 'PUT',
      url: `${BASE}/municipalities/${O.tonsberg.id}/epj`,
      headers: ole,
      payload: { product: 'DIPS Front', supportedServices: ['messages', 'appointments', 'home-visits'] },
    })
    const problem = expectProblem(
      await t.app.inject({ method: 'PUT', url: activationUrl(O.tonsberg.id, SV.tonsbergHjemmesykepleie.id, 'appointments'), headers: ole }),
      409,
      'conflict',
    )
    expect(problem.detail).toContain('Det finnes ingen gjeldende særskilte vilkår for timeavtaler.')
    expectProblem(await t.app.inject({ method: 'PUT', url: activationUrl(O.tonsberg.id, SV.faerderHjemmesykepleie.id), headers: ole }), 404, 'not-found')
    expectProblem(
      await t.app.inject({ method: 'PUT', url: activationUrl(O.tonsberg.id, SV.tonsbergHjemmesykepleie.id, 'sms'), headers: ole }),
      422,
      'validation-failed',
    )
  })

  it('is refused after the end date of a termination, and the service is closed for citizens then', async () => {
    // Sandefjord's agreement ended yesterday (recorded directly: the API cannot backdate a notice).
    await t.db
      .insertInto('municipality_termination')
      .values({
        organisation_id: O.sandefjord.id,
        initiated_by: 'operator',
        notice_given_at: new Date('2026-05-01T10:00:00+02:00'),
        ends_at: new Date('2026-11-22T00:00:00+01:00'),
        recorded_by_staff_id: S.oleOlsen.id,
      })
      .execute()
    const problem = expectProblem(
      await t.app.inject({ method: 'PUT', url: activationUrl(O.sandefjord.id, SV.sandefjordHelsestasjon.id), headers: ole }),
      409,
      'conflict',
    )
    expect(problem.errors?.map((e) => e.message)).toEqual(['agreement-ended'])
    expect(problem.detail).toContain('Avtalen med kommunen ble avsluttet 22. november 2026.')
    expect(await availability(SV.sandefjordHjemmesykepleie.id)).toMatchObject({ open: false, closedReason: 'agreement-ended' })
    expect((await municipality(O.sandefjord.id)).statuses).toEqual(['ended'])
    // Nor can the notice be withdrawn, or given again.
    expectProblem(await t.app.inject({ method: 'DELETE', url: `${BASE}/municipalities/${O.sandefjord.id}/termination`, headers: ole }), 409, 'conflict')
    expectProblem(
      await t.app.inject({ method: 'POST', url: `${BASE}/municipalities/${O.sandefjord.id}/termination`, headers: ole, payload: { initiatedBy: 'operator' } }),
      409,
      'conflict',
    )
  })
})

describe('terms versions', () => {
  it('a new version must take effect on a later day', async () => {
    const before = await countRows('terms_version')
    for (const effectiveOn of ['2026-11-23', '2026-01-01', '2026-02-30']) {
      const response = await t.app.inject({
        method: 'POST',
        url: `${BASE}/terms-versions`,
        headers: ole,
        payload: { document: 'general', version: '3.0', title: 'Generelle vilkår for digitale innbyggertjenester', changeLog: 'Nye frister.', effectiveOn },
      })
      expectProblem(response, 422, 'validation-failed')
    }
    expect(await countRows('terms_version')).toBe(before)
  })

  it('special terms name their digital service; the other documents none; hostile and oversized text is refused', async () => {
    const base = { version: '1.0', title: 'Særskilte vilkår for timeavtaler', changeLog: 'Første versjon.', effectiveOn: '2027-01-01' }
    for (const payload of [
      { ...base, document: 'special' },
      { ...base, document: 'general', digitalService: 'appointments' },
      { ...base, document: 'special', digitalService: 'appointments', title: 'x'.repeat(201) },
      { ...base, document: 'special', digitalService: 'appointments', changeLog: 'Første\u0000versjon' },
      { ...base, document: 'special', digitalService: 'appointments', version: '1.0; drop table' },
      { ...base, document: 'special', digitalService: 'appointments', extra: true },
    ]) {
      const response = await t.app.inject({ method: 'POST', url: `${BASE}/terms-versions`, headers: ole, payload })
      expectProblem(response, 422, 'validation-failed')
    }
  })

  it('is published with the municipalities that have not accepted it yet; an acceptance takes a municipality off the list', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `${BASE}/terms-versions`,
      headers: ole,
      payload: {
        document: 'general',
        version: '3.0',
        title: 'Generelle vilkår for digitale innbyggertjenester',
        changeLog: 'Varslingsregler for innbyggere presisert.',
        effectiveOn: '2027-01-01',
      },
    })
    expect(response.statusCode, response.body).toBe(201)
    const published = response.json<{ id: string; status: string; effectiveFrom: string; notAcceptedBy: { name: string }[] }>()
    expect(published.status).toBe('upcoming')
    expect(published.effectiveFrom).toBe(new Date('2027-01-01T00:00:00+01:00').toISOString())
    // Sandefjord's agreement has ended: the new terms do not concern it.
    expect(published.notAcceptedBy.map((m) => m.name)).toEqual([
      'Færder kommune',
      'Holmestrand kommune',
      'Horten kommune',
      'Larvik kommune',
      'Tønsberg kommune',
    ])

    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `${BASE}/terms-versions`,
        headers: ole,
        payload: { document: 'general', version: '3.0', title: 'Andre vilkår', changeLog: 'Igjen.', effectiveOn: '2027-02-01' },
      }),
      409,
      'conflict',
    )

    const accept = await t.app.inject({
      method: 'POST',
      url: `${BASE}/municipalities/${O.tonsberg.id}/terms-acceptances`,
      headers: ole,
      payload: { termsVersionId: published.id, acceptedByName: 'Kommunedirektør', acceptedOn: '2026-11-23' },
    })
    expect(accept.statusCode, accept.body).toBe(201)
    expect(accept.json<Municipality>().terms.general.accepted).toMatchObject({ version: '3.0', acceptedByName: 'Kommunedirektør' })

    const list = (await t.app.inject({ url: `${BASE}/terms-versions`, headers: ole })).json<{
      items: { id: string; status: string; notAcceptedBy: { name: string }[] }[]
    }>().items
    expect(list.find((v) => v.id === published.id)?.notAcceptedBy.map((m) => m.name)).not.toContain('Tønsberg kommune')
    expect(list.find((v) => v.id === DEMO_TERMS.general2.id)?.status).toBe('current')
    expect(list.find((v) => v.id === DEMO_TERMS.general1.id)).toMatchObject({ status: 'superseded', notAcceptedBy: [] })
    expect(list.find((v) => v.id === DEMO_TERMS.general2.id)?.notAcceptedBy).toEqual([])
  })

  it('an acceptance cannot be dated in the future or before the version was published', async () => {
    for (const acceptedOn of ['2026-12-01', '2024-01-01']) {
      const response = await t.app.inject({
        method: 'POST',
        url: `${BASE}/municipalities/${O.larvik.id}/terms-acceptances`,
        headers: ole,
        payload: { termsVersionId: DEMO_TERMS.general1.id, acceptedByName: 'Kommunalsjef', acceptedOn },
      })
      expectProblem(response, 422, 'validation-failed')
    }
  })
})

describe('termination', () => {
  it('the operator gives six months’ notice for Tønsberg: ends 23 May 2027; citizens using its services and their representatives are told', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `${BASE}/municipalities/${O.tonsberg.id}/termination`,
      headers: ole,
      payload: { initiatedBy: 'operator', reason: 'Plattformen legges ned i regionen.' },
    })
    expect(response.statusCode, response.body).toBe(201)
    const { termination, notifiedPeople } = response.json<{ termination: NonNullable<Municipality['termination']>; notifiedPeople: number }>()
    expect(termination).toMatchObject({
      initiatedBy: 'operator',
      endsOn: '2027-05-23',
      lastDayOn: '2027-05-22',
      endsAt: new Date('2027-05-23T00:00:00+02:00').toISOString(),
      ended: false,
    })

    const outbox = await t.db
      .selectFrom('notification_outbox')
      .select(['person_id', 'kind', 'sender_name'])
      .where('event_key', '=', `service-ending:${termination.id}`)
      .execute()
    const told = outbox.map((r) => r.person_id)
    expect(notifiedPeople).toBe(outbox.length)
    // Ingrid (home nursing) and Per (her fullmakt), Emma (health centre) and both parents, who live with her.
    expect(told).toEqual(expect.arrayContaining([P.ingridBerg.id, P.perBerg.id, P.emmaNordmann.id, P.kariNordmann.id, P.olaNordmann.id]))
    // Kari's GP relation is not a municipal service; Odd is Færder's; Sara and Ahmed use no Tønsberg service.
    for (const other of [P.oddDahl.id, P.livDahl.id, P.saraHolm.id, P.ahmedKhan.id]) expect(told).not.toContain(other)
    expect(outbox.every((r) => r.kind === 'service-ending' && r.sender_name === 'Tønsberg kommune')).toBe(true)

    // Still usable until the end date; citizens are shown when it ends.
    expect(await availability(SV.tonsbergHjemmesykepleie.id)).toEqual({ open: true, closedReason: null, endsAt: new Date(termination.endsAt) })
    expect((await municipality(O.tonsberg.id)).statuses).toEqual(['notice-given', 'active'])
  })

  it('a second notice is refused while one is pending', async () => {
    const before = await countRows('municipality_termination')
    const problem = expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `${BASE}/municipalities/${O.tonsberg.id}/termination`,
        headers: ole,
        payload: { initiatedBy: 'municipality' },
      }),
      409,
      'conflict',
    )
    expect(problem.detail).toBe('Avtalen er allerede sagt opp og avsluttes 23. mai 2027.')
    expect(await countRows('municipality_termination')).toBe(before)
  })

  it('the operator must say who gives notice', async () => {
    expectProblem(
      await t.app.inject({ method: 'POST', url: `${BASE}/municipalities/${O.larvik.id}/termination`, headers: ole, payload: {} }),
      422,
      'validation-failed',
    )
  })

  it('the operator withdraws it before the end date; the service no longer shows an end', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: `${BASE}/municipalities/${O.tonsberg.id}/termination`, headers: ole })
    expect(response.statusCode, response.body).toBe(204)
    expect(await availability(SV.tonsbergHjemmesykepleie.id)).toEqual({ open: true, closedReason: null, endsAt: null })
    expect((await municipality(O.tonsberg.id)).termination).toBeNull()
    expectProblem(await t.app.inject({ method: 'DELETE', url: `${BASE}/municipalities/${O.tonsberg.id}/termination`, headers: ole }), 404, 'not-found')
  })
})

describe("a municipality's own service_admin", () => {
  const faerderAdminId = '00000000-0000-4000-8000-000000009401'
  let admin: Headers

  beforeAll(async () => {
    await t.db
      .insertInto('staff')
      .values({ id: faerderAdminId, national_id: '01010112345', given_name: 'Frida', family_name: 'Fjeld', profession: 'enhetsleder' })
      .execute()
    await t.db
      .insertInto('staff_membership')
      .values({
        staff_id: faerderAdminId,
        service_id: SV.faerderHjemmesykepleie.id,
        roles: ['service_admin'],
        valid_from: new Date('2025-01-01T00:00:00Z'),
        valid_to: null,
      })
      .execute()
    admin = sessionHeaders(await t.staffSession(faerderAdminId, SV.faerderHjemmesykepleie.id))
  })

  it('may not give notice on the operator’s behalf', async () => {
    expectProblem(
      await t.app.inject({ method: 'POST', url: `${BASE}/municipalities/${O.faerder.id}/termination`, headers: admin, payload: { initiatedBy: 'operator' } }),
      403,
      'forbidden',
    )
  })

  it('gives one month’s notice for Færder: Odd and Liv are told', async () => {
    const response = await t.app.inject({ method: 'POST', url: `${BASE}/municipalities/${O.faerder.id}/termination`, headers: admin, payload: {} })
    expect(response.statusCode, response.body).toBe(201)
    const { termination } = response.json<{ termination: NonNullable<Municipality['termination']> }>()
    expect(termination).toMatchObject({ initiatedBy: 'municipality', endsOn: '2026-12-23', daysLeft: 30 })
    const told = (await t.db.selectFrom('notification_outbox').select('person_id').where('event_key', '=', `service-ending:${termination.id}`).execute()).map(
      (r) => r.person_id,
    )
    expect(told).toEqual(expect.arrayContaining([P.oddDahl.id, P.livDahl.id]))
  })

  it('may not read the operator’s view, nor give notice for another municipality', async () => {
    expectProblem(await t.app.inject({ url: `${BASE}/municipalities/${O.faerder.id}`, headers: admin }), 403, 'forbidden')
    expectProblem(
      await t.app.inject({ method: 'POST', url: `${BASE}/municipalities/${O.larvik.id}/termination`, headers: admin, payload: {} }),
      403,
      'forbidden',
    )
  })

  it('staff of the municipality without service_admin may not withdraw it', async () => {
    const tor = sessionHeaders(await t.staffSession(S.torTangen.id, SV.faerderHjemmesykepleie.id))
    expectProblem(await t.app.inject({ method: 'DELETE', url: `${BASE}/municipalities/${O.faerder.id}/termination`, headers: tor }), 403, 'forbidden')
  })

  it('withdraws the municipality’s own notice, but not one the operator gave', async () => {
    expect((await t.app.inject({ method: 'DELETE', url: `${BASE}/municipalities/${O.faerder.id}/termination`, headers: admin })).statusCode).toBe(204)
    expect(
      (await t.app.inject({ method: 'POST', url: `${BASE}/municipalities/${O.faerder.id}/termination`, headers: ole, payload: { initiatedBy: 'operator' } }))
        .statusCode,
    ).toBe(201)
    expectProblem(await t.app.inject({ method: 'DELETE', url: `${BASE}/municipalities/${O.faerder.id}/termination`, headers: admin }), 403, 'forbidden')
    expect((await t.app.inject({ method: 'DELETE', url: `${BASE}/municipalities/${O.faerder.id}/termination`, headers: ole })).statusCode).toBe(204)
  })
})

describe('everyone else is refused', () => {
  const writes = (organisationId: string) => [
    { method: 'PUT' as const, url: activationUrl(organisationId, SV.larvikFysioterapi.id) },
    { method: 'DELETE' as const, url: activationUrl(organisationId, SV.larvikHjemmesykepleie.id) },
    { method: 'PUT' as const, url: `${BASE}/municipalities/${organisationId}/epj`, payload: { product: 'X', supportedServices: ['messages'] } },
    {
      method: 'PUT' as const,
      url: `${BASE}/municipalities/${organisationId}/connection`,
      payload: { orderedOn: '2026-01-01', connectedOn: null, digifinMember: true, connectionFeeNok: 1, dpaRequired: false },
    },
    {
      method: 'POST' as const,
      url: `${BASE}/municipalities/${organisationId}/terms-acceptances`,
      payload: { termsVersionId: DEMO_TERMS.general2.id, acceptedByName: 'Noen' },
    },
    { method: 'POST' as const, url: `${BASE}/municipalities/${organisationId}/termination`, payload: { initiatedBy: 'municipality' } },
    { method: 'DELETE' as const, url: `${BASE}/municipalities/${organisationId}/termination` },
    {
      method: 'POST' as const,
      url: `${BASE}/terms-versions`,
      payload: { document: 'dpa', version: '9.0', title: 'Databehandleravtale', changeLog: 'Ny.', effectiveOn: '2027-06-01' },
    },
  ]
  const reads = [`${BASE}/municipalities`, `${BASE}/municipalities/${O.larvik.id}`, `${BASE}/terms-versions`]

  async function expectNothingChanges(headers: Headers, organisationId: string = O.larvik.id) {
    const counts = async () =>
      Promise.all(
        (['digital_service_activation', 'municipality_termination', 'terms_version', 'terms_acceptance', 'notification_outbox'] as const).map(countRows),
      )
    const before = await counts()
    const larvikBefore = await municipality(O.larvik.id)
    for (const url of reads) expectProblem(await t.app.inject({ url, headers }), 403, 'forbidden')
    for (const request of writes(organisationId)) {
      const response = await t.app.inject({ ...request, headers })
      expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBe(403)
    }
    expect(await counts()).toEqual(before)
    expect(await municipality(O.larvik.id)).toEqual(larvikBefore)
  }

  it('a citizen (Kari Nordmann)', async () => {
    await expectNothingChanges(sessionHeaders(await t.citizenSession(P.kariNordmann.id)))
  })

  it('health personnel of the municipality (Lise Lund, Tønsberg) for their own and another municipality', async () => {
    const lise = sessionHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
    await expectNothingChanges(lise, O.larvik.id)
    await expectNothingChanges(lise, O.tonsberg.id)
  })

  it('a service_admin of another organisation (Berit Bakke, GP office)', async () => {
    await expectNothingChanges(sessionHeaders(await t.staffSession(S.beritBakke.id, SV.tonsbergLegesenterFastlege.id)))
  })

  it("a system client, also for its own municipality and with every scope (a notice is a person's decision)", async () => {
    const larvikEpj = bearer(await t.systemToken(O.larvik.organisationNumber, ALL_DEMO_SCOPES))
    await expectNothingChanges(larvikEpj, O.larvik.id)
  })

  it('denials are audit-logged', async () => {
    const before = await auditHead(t.db)
    const kari = sessionHeaders(await t.citizenSession(P.kariNordmann.id))
    await t.app.inject({ method: 'POST', url: `${BASE}/municipalities/${O.larvik.id}/termination`, headers: kari, payload: {} })
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toEqual([
      expect.objectContaining({ decision: 'denied', action: 'agreement:write', resource_type: 'municipality-termination', resource_id: O.larvik.id }),
    ])
  })

  it('no session is a 401, and a session write without the CSRF token is refused', async () => {
    expectProblem(await t.app.inject({ url: `${BASE}/municipalities` }), 401, 'unauthenticated')
    const session = await t.staffSession(S.oleOlsen.id, null)
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `${BASE}/municipalities/${O.larvik.id}/termination`,
        headers: sessionHeaders(session, null),
        payload: { initiatedBy: 'operator' },
      }),
      403,
      'csrf-failed',
    )
  })
})

describe('a municipality that has not ordered the connection', () => {
  const RE = { id: '00000000-0000-4000-8000-000000009101', name: 'Re kommune' }
  const SERVICE = '00000000-0000-4000-8000-000000009102'

  beforeAll(async () => {
    await t.db
      .insertInto('organisation')
      .values({ id: RE.id, organisation_number: '999999991', name: RE.name, kind: 'municipality', municipality_number: '3999', her_id: null, parent_id: null })
      .execute()
    await t.db
      .insertInto('service')
      .values({ id: SERVICE, organisation_id: RE.id, name: 'Hjemmesykepleien', kind: 'hjemmesykepleie', her_id: 9_999_101 })
      .execute()
  })

  it('is listed as not connected; EPJ support, acceptances, activation and notice wait for the connection', async () => {
    const re = await municipality(RE.id)
    expect(re).toMatchObject({ statuses: ['not-onboarded'], connection: null, epj: null, termination: null })
    expect(re.activation.every((a) => a.refusals.map((r) => r.code).join() === 'not-onboarded')).toBe(true)
    expectProblem(await t.app.inject({ method: 'PUT', url: activationUrl(RE.id, SERVICE), headers: ole }), 409, 'conflict')
    expectProblem(
      await t.app.inject({ method: 'PUT', url: `${BASE}/municipalities/${RE.id}/epj`, headers: ole, payload: { product: 'Gerica', supportedServices: [] } }),
      409,
      'conflict',
    )
    expectProblem(
      await t.app.inject({ method: 'POST', url: `${BASE}/municipalities/${RE.id}/termination`, headers: ole, payload: { initiatedBy: 'operator' } }),
      409,
      'conflict',
    )
  })

  it('the operator records the connection order, DigiFin membership and fee; dates are checked', async () => {
    const payload = { orderedOn: '2026-11-20', connectedOn: null, digifinMember: true, connectionFeeNok: 30_000, dpaRequired: true }
    for (const bad of [
      { ...payload, orderedOn: '2026-11-24' },
      { ...payload, connectedOn: '2026-11-19' },
      { ...payload, connectionFeeNok: -1 },
      { ...payload, orderedOn: '2026-13-01' },
    ]) {
      expectProblem(
        await t.app.inject({ method: 'PUT', url: `${BASE}/municipalities/${RE.id}/connection`, headers: ole, payload: bad }),
        422,
        'validation-failed',
      )
    }
    const response = await t.app.inject({ method: 'PUT', url: `${BASE}/municipalities/${RE.id}/connection`, headers: ole, payload })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json<Municipality>()).toMatchObject({
      statuses: ['connection-ordered', 'awaiting-epj', 'terms-not-accepted'],
      connection: {
        orderedAt: new Date('2026-11-20T00:00:00+01:00').toISOString(),
        connectedAt: null,
        digifinMember: true,
        connectionFeeNok: 30_000,
        dpaRequired: true,
      },
      epj: { product: null, supportedServices: [] },
    })
    expectProblem(await t.app.inject({ method: 'PUT', url: `${BASE}/municipalities/${O.siv.id}/connection`, headers: ole, payload }), 404, 'not-found')
  })
})
