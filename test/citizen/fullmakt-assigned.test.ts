// Assigned (tildelt) fullmakter registered by health personnel for a person who cannot consent: only staff acting for
// a service with an active care relation with the person; the same age and confidential-address rules for the proxy;
// audit-logged with the reason; both parties notified. Blocks run in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstNationalIdFrom } from '../../src/platform/identifiers/national-id.ts'
import { ALL_DEMO_SCOPES, auditHead, auditRowsAfter, bearer, expectProblem, O, P, S, SV, sessionHeaders } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

type Headers = Record<string, string>
type View = {
  id: string
  kind: string
  giver: { id: string; name: string }
  proxy: { id: string; name: string; birthDate: string }
  areas: string[]
  status: string
  endedBy: { role: string; name: string } | null
  replacesId: string | null
  registeredBy: { name: string; profession: string | null } | null
}

let t: TestApp
let lise: Headers
let hanne: Headers
let tor: Headers
let berit: Headers
const INGRID_TO_PER = '00000000-0000-4000-8000-000000000501'
const ODD_TO_LIV = '00000000-0000-4000-8000-000000000502'
const REASON = 'Pasienten har langtkommen demens og kan ikke samtykke selv; vurdert ved hjemmebesøk.'

beforeAll(async () => {
  t = await startTestApp()
  lise = sessionHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
  hanne = sessionHeaders(await t.staffSession(S.hanneHauge.id, SV.tonsbergHelsestasjon.id))
  tor = sessionHeaders(await t.staffSession(S.torTangen.id, SV.faerderHjemmesykepleie.id))
  berit = sessionHeaders(await t.staffSession(S.beritBakke.id, SV.tonsbergLegesenterFastlege.id))
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const base = (serviceId: string) => `/api/services/${serviceId}/assigned-fullmakter`
function register(headers: Headers, serviceId: string, payload: unknown) {
  return t.app.inject({ method: 'POST', url: base(serviceId), headers, payload: payload as object })
}
/** The staff list: a POST with the national identity number in the body, never in the URL. */
function listFor(headers: Headers, serviceId: string, giverNationalId: string) {
  return t.app.inject({ method: 'POST', url: `${base(serviceId)}/search`, headers, payload: { giverNationalId } })
}
function endAs(headers: Headers, serviceId: string, id: string) {
  return t.app.inject({ method: 'POST', url: `${base(serviceId)}/${id}/end`, headers })
}
const ingridToPer = {
  giverNationalId: P.ingridBerg.nationalId,
  proxyNationalId: P.perBerg.nationalId,
  areas: ['messages', 'appointments', 'health-contacts', 'consents'],
  validTo: null,
  reason: REASON,
}
async function fullmaktCount() {
  const row = await t.db
    .selectFrom('fullmakt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('who may register', () => {
  it('staff of a service without a care relation with the person are refused, and it is audit-logged', async () => {
    const before = await auditHead(t.db)
    const problem = expectProblem(await register(hanne, SV.tonsbergHelsestasjon.id, ingridToPer), 403, 'forbidden')
    expect(JSON.stringify(problem)).not.toMatch(/Ingrid|Per|demens/)
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actor_id: S.hanneHauge.id, patient_person_id: P.ingridBerg.id, decision: 'denied', decision_basis: 'no-care-relation' })
    expectProblem(await register(tor, SV.faerderHjemmesykepleie.id, ingridToPer), 403, 'forbidden')
  })

  it('staff naming a service they do not act for are refused', async () => {
    expectProblem(await register(hanne, SV.tonsbergHjemmesykepleie.id, ingridToPer), 403, 'forbidden')
    expectProblem(await listFor(hanne, SV.tonsbergHjemmesykepleie.id, P.ingridBerg.nationalId), 403, 'forbidden')
  })

  it('citizens, the platform operator, EPJ systems of any organisation and no session are refused', async () => {
    const per = sessionHeaders(await t.citizenSession(P.perBerg.id))
    expectProblem(await register(per, SV.tonsbergHjemmesykepleie.id, ingridToPer), 403, 'forbidden')
    const operator = sessionHeaders(await t.staffSession(S.oleOlsen.id, null))
    expectProblem(await register(operator, SV.tonsbergHjemmesykepleie.id, ingridToPer), 403, 'forbidden')
    for (const org of [O.tonsberg, O.siv]) {
      const epj = bearer(await t.systemToken(org.organisationNumber, ALL_DEMO_SCOPES))
      expectProblem(await register(epj, SV.tonsbergHjemmesykepleie.id, ingridToPer), 403, 'forbidden')
      expectProblem(await listFor(epj, SV.tonsbergHjemmesykepleie.id, P.ingridBerg.nationalId), 403, 'forbidden')
    }
    expectProblem(await register({}, SV.tonsbergHjemmesykepleie.id, ingridToPer), 401, 'unauthenticated')
  })

  it('an unknown person is refused like one without access (no probing who exists)', async () => {
    const unknown = firstNationalIdFrom('1931-05-05', 100, 'female')
    const a = expectProblem(await register(lise, SV.tonsbergHjemmesykepleie.id, { ...ingridToPer, giverNationalId: unknown }), 403, 'forbidden')
    const b = expectProblem(await register(hanne, SV.tonsbergHelsestasjon.id, ingridToPer), 403, 'forbidden')
    expect(a.detail).toBe(b.detail)
  })
})

describe('the rules', () => {
  it.each<[string, Record<string, unknown>, number, string]>([
    ['a proxy under 18 (Nora, 16)', { proxyNationalId: P.noraOlsen.nationalId }, 422, 'validation-failed'],
    ['the person as their own proxy', { proxyNationalId: P.ingridBerg.nationalId }, 422, 'validation-failed'],
    ['no reason', { reason: '' }, 422, 'validation-failed'],
    ['a reason of one word', { reason: 'demens' }, 422, 'validation-failed'],
    ['a reason with control characters', { reason: 'Kan ikke samtykke\u0000 selv, vurdert' }, 422, 'validation-failed'],
    ['a reason of 5000 characters', { reason: 'x'.repeat(5000) }, 422, 'validation-failed'],
    ['a giver number with wrong control digits', { giverNationalId: '01010112345' }, 422, 'invalid-national-id'],
    ['a last day in the past', { validTo: '2026-01-01' }, 422, 'validation-failed'],
  ])('refuses %s, writing nothing', async (_what, change, status, code) => {
    const count = await fullmaktCount()
    expectProblem(await register(lise, SV.tonsbergHjemmesykepleie.id, { ...ingridToPer, ...change }), status, code)
    expect(await fullmaktCount()).toBe(count)
  })

  it('a proxy with a confidential address gets the same generic answer as an unknown proxy', async () => {
    const confidential = await register(lise, SV.tonsbergHjemmesykepleie.id, { ...ingridToPer, proxyNationalId: P.saraHolm.nationalId })
    const unknown = await register(lise, SV.tonsbergHjemmesykepleie.id, { ...ingridToPer, proxyNationalId: firstNationalIdFrom('1970-03-03', 100, 'male') })
    const a = expectProblem(confidential, 422, 'validation-failed')
    const b = expectProblem(unknown, 422, 'validation-failed')
    expect([a.detail, a.errors]).toEqual([b.detail, b.errors])
    expect(confidential.body).not.toMatch(/adresse|fortrolig/i)
  })
})

describe('registering, seeing and ending', () => {
  let assigned: View

  it('Lise (home nursing, care relation) registers one for Ingrid to Per, covering consents; it replaces his ordinary one', async () => {
    const before = await auditHead(t.db)
    const response = await register(lise, SV.tonsbergHjemmesykepleie.id, ingridToPer)
    expect(response.statusCode, response.body).toBe(201)
    assigned = response.json<View>()
    expect(assigned).toMatchObject({
      kind: 'assigned',
      giver: { id: P.ingridBerg.id, name: 'Ingrid Berg' },
      proxy: { id: P.perBerg.id, name: 'Per Berg' },
      areas: ['messages', 'appointments', 'health-contacts', 'consents'],
      status: 'active',
      replacesId: INGRID_TO_PER,
      registeredBy: { name: 'Lise Lund', profession: 'sykepleier' },
    })
    const row = await t.db.selectFrom('fullmakt').selectAll().where('id', '=', assigned.id).executeTakeFirstOrThrow()
    expect(row.registered_by_staff_id).toBe(S.liseLund.id)
    const old = await t.db.selectFrom('fullmakt').selectAll().where('id', '=', INGRID_TO_PER).executeTakeFirstOrThrow()
    expect(old.revoked_by_staff_id).toBe(S.liseLund.id)

    // The access, with Ingrid as patient, the registration with its reason on an entry of its own, and the look-up
    // of Per by his number.
    const rows = await auditRowsAfter(t.db, before)
    expect(rows.map((r) => [r.action, r.patient_person_id, r.decision])).toEqual([
      ['assigned-fullmakt:register', null, 'allowed'],
      ['patient-data:write', P.ingridBerg.id, 'allowed'],
      ['fullmakt.person-lookup', P.perBerg.id, 'allowed'],
    ])
    expect(rows[0]).toMatchObject({ resource_id: assigned.id, reason: REASON, actor_id: S.liseLund.id, service_id: SV.tonsbergHjemmesykepleie.id })
    expect(rows[1]).toMatchObject({ actor_id: S.liseLund.id, resource_type: 'fullmakt', decision_basis: 'care-relation' })

    const notified = await t.db
      .selectFrom('notification_outbox')
      .select(['person_id', 'kind'])
      .where('event_key', '=', `fullmakt-changed:${assigned.id}`)
      .execute()
    expect(notified.map((n) => n.person_id).sort()).toEqual([P.ingridBerg.id, P.perBerg.id].sort())
  })

  it('Per now acts for Ingrid on the assigned basis, consents included; Ingrid’s access log shows the registration without the reason', async () => {
    const per = sessionHeaders(await t.citizenSession(P.perBerg.id))
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: per })).json<{
      representations: Array<{ personId: string; basis: string; areas: string[] }>
    }>()
    expect(me.representations.find((r) => r.personId === P.ingridBerg.id)).toMatchObject({
      basis: 'assigned-fullmakt',
      areas: expect.arrayContaining(['consents']),
    })
    const ingrid = sessionHeaders(await t.citizenSession(P.ingridBerg.id))
    const log = await t.app.inject({ method: 'GET', url: `/api/citizens/${P.ingridBerg.id}/access-log`, headers: ingrid })
    expect(log.statusCode).toBe(200)
    const items = log.json<{ items: Array<{ actorName: string; seen: string[]; refused: boolean }> }>().items
    expect(items.filter((i) => i.seen.includes('fullmakt') && !i.refused)).toEqual([expect.objectContaining({ actorName: 'Lise Lund' })])
    expect(log.body).not.toContain('demens')
  })

  it('a second assigned one to the same proxy is a conflict', async () => {
    expectProblem(await register(lise, SV.tonsbergHjemmesykepleie.id, ingridToPer), 409, 'conflict')
  })

  it('the staff list shows the person’s assigned fullmakter; another service cannot see it', async () => {
    const response = await listFor(lise, SV.tonsbergHjemmesykepleie.id, P.ingridBerg.nationalId)
    expect(response.statusCode, response.body).toBe(200)
    const body = response.json<{ giver: { name: string }; items: View[] }>()
    expect(body.giver.name).toBe('Ingrid Berg')
    expect(body.items.map((i) => [i.id, i.status])).toEqual([[assigned.id, 'active']])
    expectProblem(await listFor(hanne, SV.tonsbergHelsestasjon.id, P.ingridBerg.nationalId), 403, 'forbidden')
    expectProblem(await listFor(lise, SV.tonsbergHjemmesykepleie.id, '123'), 422, 'validation-failed')
  })

  it('the list is audit-logged with the person as patient, also when refused or the person is unknown', async () => {
    const before = await auditHead(t.db)
    expect((await listFor(lise, SV.tonsbergHjemmesykepleie.id, P.ingridBerg.nationalId)).statusCode).toBe(200)
    expectProblem(await listFor(hanne, SV.tonsbergHelsestasjon.id, P.ingridBerg.nationalId), 403, 'forbidden')
    expectProblem(await listFor(lise, SV.tonsbergHjemmesykepleie.id, firstNationalIdFrom('1931-05-05', 100, 'female')), 403, 'forbidden')
    const rows = await auditRowsAfter(t.db, before)
    expect(rows.map((r) => [r.action, r.actor_id, r.resource_type, r.patient_person_id, r.decision])).toEqual([
      ['patient-data:read', S.liseLund.id, 'fullmakt', P.ingridBerg.id, 'allowed'],
      ['patient-data:read', S.hanneHauge.id, 'fullmakt', P.ingridBerg.id, 'denied'],
      ['patient-data:read', S.liseLund.id, 'fullmakt', null, 'denied'],
    ])
  })

  it('the search is a POST with the CSRF header; the number is never taken from the URL', async () => {
    const session = await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
    const url = `${base(SV.tonsbergHjemmesykepleie.id)}/search`
    const payload = { giverNationalId: P.ingridBerg.nationalId }
    expectProblem(await t.app.inject({ method: 'POST', url, headers: sessionHeaders(session, null), payload }), 403, 'csrf-failed')
    expectProblem(await t.app.inject({ method: 'POST', url, headers: sessionHeaders(session, 'wrong-token'), payload }), 403, 'csrf-failed')
    // The old GET with the number in the query string is gone, and a number in the query string is not read.
    const old = await t.app.inject({ method: 'GET', url: `${base(SV.tonsbergHjemmesykepleie.id)}?giverNationalId=${P.ingridBerg.nationalId}`, headers: lise })
    expectProblem(old, 404, 'route-not-found')
    expect(old.body).not.toContain('Ingrid')
    expectProblem(
      await t.app.inject({ method: 'POST', url: `${url}?giverNationalId=${P.ingridBerg.nationalId}`, headers: lise, payload: {} }),
      422,
      'validation-failed',
    )
    // Only the number: nothing else in the body.
    expectProblem(await t.app.inject({ method: 'POST', url, headers: lise, payload: { ...payload, extra: 1 } }), 422, 'validation-failed')
    const wrongDigits = expectProblem(await listFor(lise, SV.tonsbergHjemmesykepleie.id, '01010112345'), 422, 'invalid-national-id')
    expect(wrongDigits.errors).toEqual([expect.objectContaining({ path: 'body.giverNationalId' })])
  })

  it('staff of another service cannot end it; Tor ends Odd’s to Liv, and Liv no longer acts for Odd', async () => {
    expectProblem(await endAs(hanne, SV.tonsbergHelsestasjon.id, assigned.id), 403, 'forbidden')
    expectProblem(await endAs(lise, SV.tonsbergHjemmesykepleie.id, ODD_TO_LIV), 403, 'forbidden')
    const response = await endAs(tor, SV.faerderHjemmesykepleie.id, ODD_TO_LIV)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json<View>()).toMatchObject({ id: ODD_TO_LIV, status: 'revoked', endedBy: { role: 'staff', name: 'Tor Tangen' } })
    const liv = sessionHeaders(await t.citizenSession(P.livDahl.id))
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: liv })).json<{ representations: Array<{ personId: string }> }>()
    expect(me.representations.some((r) => r.personId === P.oddDahl.id)).toBe(false)
    const lists = (await t.app.inject({ method: 'GET', url: `/api/citizens/${P.livDahl.id}/fullmakter`, headers: liv })).json<{ history: View[] }>()
    expect(lists.history.find((f) => f.id === ODD_TO_LIV)?.endedBy).toEqual({ role: 'staff', name: 'Tor Tangen' })
    expectProblem(await endAs(tor, SV.faerderHjemmesykepleie.id, ODD_TO_LIV), 409, 'conflict')
  })

  it('an ordinary fullmakt is not ended through the staff route', async () => {
    const kari = sessionHeaders(await t.citizenSession(P.kariNordmann.id))
    const given = await t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.kariNordmann.id}/fullmakter`,
      headers: kari,
      payload: { proxyNationalId: P.olaNordmann.nationalId, areas: ['messages'], validTo: null },
    })
    expect(given.statusCode, given.body).toBe(201)
    expectProblem(await endAs(berit, SV.tonsbergLegesenterFastlege.id, given.json<View>().id), 404, 'not-found')
  })

  it('the GP (Berit, fastlege, care relation with Kari) registers one, and the proxy may end it himself', async () => {
    const response = await register(berit, SV.tonsbergLegesenterFastlege.id, {
      giverNationalId: P.kariNordmann.nationalId,
      proxyNationalId: P.perBerg.nationalId,
      areas: ['messages'],
      validTo: '2027-03-31',
      reason: REASON,
    })
    expect(response.statusCode, response.body).toBe(201)
    const per = sessionHeaders(await t.citizenSession(P.perBerg.id))
    const ended = await t.app.inject({ method: 'POST', url: `/api/citizens/${P.perBerg.id}/fullmakter/${response.json<View>().id}/end`, headers: per })
    expect(ended.statusCode, ended.body).toBe(200)
    expect(ended.json<View>().endedBy).toEqual({ role: 'proxy', name: 'Per Berg' })
  })
})
