// Citizens' own fullmakter through the API: see, give, change (a new one replaces the old), end, and the rules that
// refuse (ages, confidential address, consents, duplicates, oneself). The blocks run in order and build on each other:
// Kari gives Ahmed a fullmakt; Ingrid changes Per's twice and Per ends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstNationalIdFrom } from '../../src/platform/identifiers/national-id.ts'
import { ALL_DEMO_SCOPES, auditHead, auditRowsAfter, bearer, expectProblem, O, P, S, SV, sessionHeaders } from '../api/api-helpers.ts'
import { NOT_POSSIBLE_DETAIL } from '../../src/citizen/fullmakt/fullmakt-refusals.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

type Headers = Record<string, string>
type View = {
  id: string
  kind: string
  direction: 'given' | 'received'
  giver: { id: string; name: string; birthDate: string }
  proxy: { id: string; name: string; birthDate: string }
  areas: string[]
  validFrom: string
  validTo: string | null
  lastDay: string | null
  status: string
  endedAt: string | null
  endedBy: { role: string; name: string } | null
  replacesId: string | null
  replacedById: string | null
}
type Lists = { given: View[]; received: View[]; history: View[] }

let t: TestApp
const h: Record<'kari' | 'ingrid' | 'per' | 'ahmed' | 'sara' | 'jonas' | 'liv', Headers> = {} as never
const INGRID_TO_PER = '00000000-0000-4000-8000-000000000501'
const ODD_TO_LIV = '00000000-0000-4000-8000-000000000502'

beforeAll(async () => {
  t = await startTestApp()
  h.kari = sessionHeaders(await t.citizenSession(P.kariNordmann.id))
  h.ingrid = sessionHeaders(await t.citizenSession(P.ingridBerg.id))
  h.per = sessionHeaders(await t.citizenSession(P.perBerg.id))
  h.ahmed = sessionHeaders(await t.citizenSession(P.ahmedKhan.id))
  h.sara = sessionHeaders(await t.citizenSession(P.saraHolm.id))
  h.jonas = sessionHeaders(await t.citizenSession(P.jonasNordmann.id))
  h.liv = sessionHeaders(await t.citizenSession(P.livDahl.id))
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const url = (personId: string, rest = '') => `/api/citizens/${personId}/fullmakter${rest}`

function list(headers: Headers, personId: string) {
  return t.app.inject({ method: 'GET', url: url(personId), headers })
}
function give(headers: Headers, personId: string, payload: unknown) {
  return t.app.inject({ method: 'POST', url: url(personId), headers, payload: payload as object })
}
function change(headers: Headers, personId: string, id: string, payload: unknown) {
  return t.app.inject({ method: 'PUT', url: url(personId, `/${id}`), headers, payload: payload as object })
}
function end(headers: Headers, personId: string, id: string) {
  return t.app.inject({ method: 'POST', url: url(personId, `/${id}/end`), headers })
}
async function me(headers: Headers) {
  const response = await t.app.inject({ method: 'GET', url: '/api/me', headers })
  expect(response.statusCode).toBe(200)
  return response.json<{ representations: Array<{ personId: string; basis: string; areas: string[] }> }>().representations
}
async function fullmaktCount() {
  const row = await t.db
    .selectFrom('fullmakt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
async function notificationsFor(eventKey: string) {
  return t.db
    .selectFrom('notification_outbox')
    .select(['person_id', 'kind', 'sender_name', 'sender_sensitive'])
    .where('event_key', '=', eventKey)
    .orderBy('person_id')
    .execute()
}

describe('seeing one’s own fullmakter', () => {
  it('Ingrid sees the fullmakt she gave Per, with his name and birth date', async () => {
    const response = await list(h.ingrid, P.ingridBerg.id)
    expect(response.statusCode, response.body).toBe(200)
    const lists = response.json<Lists>()
    expect(lists.received).toEqual([])
    expect(lists.history).toEqual([])
    expect(lists.given).toHaveLength(1)
    expect(lists.given[0]).toMatchObject({
      id: INGRID_TO_PER,
      kind: 'ordinary',
      direction: 'given',
      proxy: { id: P.perBerg.id, name: 'Per Berg', birthDate: P.perBerg.birthDate },
      areas: ['messages', 'appointments', 'health-contacts', 'home-visits', 'letters'],
      validTo: null,
      lastDay: null,
      status: 'active',
      endedAt: null,
      endedBy: null,
    })
  })

  it('Per sees it as received; Liv sees the assigned one from Odd with who registered it', async () => {
    const per = (await list(h.per, P.perBerg.id)).json<Lists>()
    expect(per.given).toEqual([])
    expect(per.received.map((f) => [f.id, f.direction, f.giver.name])).toEqual([[INGRID_TO_PER, 'received', 'Ingrid Berg']])
    const liv = (await list(h.liv, P.livDahl.id)).json<Lists>()
    expect(liv.received.map((f) => [f.id, f.kind])).toEqual([[ODD_TO_LIV, 'assigned']])
  })

  it('a proxy never lists the principal’s fullmakter (not transitive), and the denial is audit-logged', async () => {
    const before = await auditHead(t.db)
    const problem = expectProblem(await list(h.per, P.ingridBerg.id), 403, 'forbidden')
    expect(JSON.stringify(problem)).not.toMatch(/Ingrid|Per/)
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actor_id: P.perBerg.id,
      on_behalf_of_person_id: P.ingridBerg.id,
      patient_person_id: P.ingridBerg.id,
      resource_type: 'fullmakt',
      decision: 'denied',
    })
    // Nor with an assigned fullmakt, nor as a parent.
    expectProblem(await list(h.liv, P.oddDahl.id), 403, 'forbidden')
    expectProblem(await list(h.kari, P.emmaNordmann.id), 403, 'forbidden')
  })

  it('staff, a system client of any organisation, another citizen and no session are refused', async () => {
    const lise = sessionHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
    expectProblem(await list(lise, P.ingridBerg.id), 403, 'forbidden')
    const epj = bearer(await t.systemToken(O.tonsberg.organisationNumber, ALL_DEMO_SCOPES))
    expectProblem(await list(epj, P.ingridBerg.id), 403, 'forbidden')
    expectProblem(await list(h.kari, P.ingridBerg.id), 403, 'forbidden')
    expectProblem(await list({}, P.ingridBerg.id), 401, 'unauthenticated')
    expectProblem(await give(lise, P.ingridBerg.id, { proxyNationalId: P.kariNordmann.nationalId, areas: ['messages'], validTo: null }), 403, 'forbidden')
  })
})

describe('giving a fullmakt', () => {
  let kariToAhmed: View

  it('Kari gives Ahmed a fullmakt for messages and appointments until the end of the year', async () => {
    const before = await auditHead(t.db)
    const response = await give(h.kari, P.kariNordmann.id, {
      proxyNationalId: P.ahmedKhan.nationalId,
      areas: ['appointments', 'messages'],
      validTo: '2026-12-31',
    })
    expect(response.statusCode, response.body).toBe(201)
    kariToAhmed = response.json<View>()
    expect(kariToAhmed).toMatchObject({
      kind: 'ordinary',
      direction: 'given',
      giver: { id: P.kariNordmann.id, name: 'Kari Nordmann' },
      proxy: { id: P.ahmedKhan.id, name: 'Ahmed Khan', birthDate: P.ahmedKhan.birthDate },
      areas: ['messages', 'appointments'],
      validFrom: t.now().toISOString(),
      validTo: '2026-12-31T23:00:00.000Z',
      lastDay: '2026-12-31',
      status: 'active',
      replacesId: null,
    })
    // The registration, and the look-up of Ahmed by his number (on his access log).
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      actor_id: P.kariNordmann.id,
      action: 'own-affairs:write',
      resource_type: 'fullmakt',
      decision: 'allowed',
      decision_basis: 'self',
    })
    expect(rows[1]).toMatchObject({ actor_id: P.kariNordmann.id, action: 'fullmakt.person-lookup', patient_person_id: P.ahmedKhan.id })
  })

  it('both parties are notified, without content', async () => {
    const sent = await notificationsFor(`fullmakt-given:${kariToAhmed.id}`)
    expect(sent).toEqual(
      [P.kariNordmann.id, P.ahmedKhan.id].sort().map((person_id) => ({ person_id, kind: 'fullmakt-changed', sender_name: null, sender_sensitive: false })),
    )
  })

  it('Ahmed now acts for Kari in those areas (/api/me) and sees it as received', async () => {
    const representation = (await me(h.ahmed)).find((r) => r.personId === P.kariNordmann.id)
    expect(representation).toMatchObject({ basis: 'fullmakt', areas: ['messages', 'appointments'] })
    const lists = (await list(h.ahmed, P.ahmedKhan.id)).json<Lists>()
    expect(lists.received.map((f) => f.id)).toEqual([kariToAhmed.id])
  })

  it('a second one to the same proxy is a conflict: change the first instead', async () => {
    const count = await fullmaktCount()
    expectProblem(await give(h.kari, P.kariNordmann.id, { proxyNationalId: P.ahmedKhan.nationalId, areas: ['letters'], validTo: null }), 409, 'conflict')
    expect(await fullmaktCount()).toBe(count)
  })

  it('not to oneself', async () => {
    const problem = expectProblem(
      await give(h.kari, P.kariNordmann.id, { proxyNationalId: P.kariNordmann.nationalId, areas: ['messages'], validTo: null }),
      422,
      'validation-failed',
    )
    expect(problem.errors?.[0]?.path).toBe('body.proxyNationalId')
  })

  it.each([
    ['Nora, 16', P.noraOlsen.nationalId],
    ['Jonas, 14', P.jonasNordmann.nationalId],
  ])('not to a proxy under 18 (%s), answered as for anyone who cannot be a proxy', async (_who, nationalId) => {
    const problem = expectProblem(
      await give(h.kari, P.kariNordmann.id, { proxyNationalId: nationalId, areas: ['messages'], validTo: null }),
      422,
      'validation-failed',
    )
    expect(problem.detail).toBe(NOT_POSSIBLE_DETAIL)
  })

  it('not from a giver under 16 (Jonas, 14, signed in himself)', async () => {
    const problem = expectProblem(
      await give(h.jonas, P.jonasNordmann.id, { proxyNationalId: P.kariNordmann.nationalId, areas: ['messages'], validTo: null }),
      403,
      'forbidden',
    )
    expect(problem.detail).toBe('Den som gir fullmakt, må ha fylt 16 år.')
  })

  it('confidential address both ways (Sara) gets the same generic answer as an unknown person', async () => {
    const unknown = firstNationalIdFrom('1961-04-04', 100, 'female')
    const answers = [
      await give(h.kari, P.kariNordmann.id, { proxyNationalId: P.saraHolm.nationalId, areas: ['messages'], validTo: null }),
      await give(h.sara, P.saraHolm.id, { proxyNationalId: P.kariNordmann.nationalId, areas: ['messages'], validTo: null }),
      await give(h.kari, P.kariNordmann.id, { proxyNationalId: unknown, areas: ['messages'], validTo: null }),
    ]
    const problems = answers.map((a) => expectProblem(a, 422, 'validation-failed'))
    const comparable = problems.map(({ type, title, status, code, detail, errors }) => ({ type, title, status, code, detail, errors }))
    expect(comparable[1]).toEqual(comparable[0])
    expect(comparable[2]).toEqual(comparable[0])
    for (const answer of answers) expect(answer.body).not.toMatch(/adresse|fortrolig|Sara|Holm|finnes ikke/i)
  })

  it('an ordinary fullmakt never covers consents', async () => {
    const problem = expectProblem(
      await give(h.ingrid, P.ingridBerg.id, { proxyNationalId: P.kariNordmann.nationalId, areas: ['messages', 'consents'], validTo: null }),
      422,
      'validation-failed',
    )
    expect(problem.errors?.[0]?.path).toBe('body.areas')
  })

  it('the last day must be today or later; today is fine and ends at midnight', async () => {
    const past = expectProblem(
      await give(h.ingrid, P.ingridBerg.id, { proxyNationalId: P.kariNordmann.nationalId, areas: ['messages'], validTo: '2026-11-22' }),
      422,
      'validation-failed',
    )
    expect(past.errors?.[0]?.path).toBe('body.validTo')
    const today = await give(h.ingrid, P.ingridBerg.id, { proxyNationalId: P.kariNordmann.nationalId, areas: ['letters'], validTo: '2026-11-23' })
    expect(today.statusCode, today.body).toBe(201)
    expect(today.json<View>().validTo).toBe('2026-11-23T23:00:00.000Z')
  })

  it.each<[string, unknown, number, string]>([
    ['a national id with wrong control digits', { proxyNationalId: '01010112345', areas: ['messages'], validTo: null }, 422, 'invalid-national-id'],
    ['a national id that is not 11 digits', { proxyNationalId: '1234', areas: ['messages'], validTo: null }, 422, 'validation-failed'],
    ['no areas', { proxyNationalId: P.ahmedKhan.nationalId, areas: [], validTo: null }, 422, 'validation-failed'],
    ['an unknown area', { proxyNationalId: P.ahmedKhan.nationalId, areas: ['everything'], validTo: null }, 422, 'validation-failed'],
    ['a date that does not exist', { proxyNationalId: P.ahmedKhan.nationalId, areas: ['messages'], validTo: '2027-02-30' }, 422, 'validation-failed'],
    ['a date with a time of day', { proxyNationalId: P.ahmedKhan.nationalId, areas: ['messages'], validTo: '2027-01-01T00:00:00Z' }, 422, 'validation-failed'],
    ['a field we do not know', { proxyNationalId: P.ahmedKhan.nationalId, areas: ['messages'], validTo: null, kind: 'assigned' }, 422, 'validation-failed'],
    ['validTo left out', { proxyNationalId: P.ahmedKhan.nationalId, areas: ['messages'] }, 422, 'validation-failed'],
    ['thousands of areas', { proxyNationalId: P.ahmedKhan.nationalId, areas: Array(5000).fill('messages'), validTo: null }, 422, 'validation-failed'],
    ['a JSON array', [], 422, 'validation-failed'],
  ])('bad input (%s) is a clear 4xx and writes nothing', async (_what, payload, status, code) => {
    const count = await fullmaktCount()
    expectProblem(await give(h.ingrid, P.ingridBerg.id, payload), status, code)
    expect(await fullmaktCount()).toBe(count)
  })

  it('without the CSRF header a session cannot write', async () => {
    const session = await t.citizenSession(P.ingridBerg.id)
    expectProblem(
      await give(sessionHeaders(session, null), P.ingridBerg.id, { proxyNationalId: P.kariNordmann.nationalId, areas: ['messages'], validTo: null }),
      403,
      'csrf-failed',
    )
  })
})

describe('changing a fullmakt: a new one replaces the old', () => {
  let first: View
  let second: View

  it('Ingrid adds the access log and drops health contacts for Per: a new fullmakt, the old one replaced at the same instant', async () => {
    const response = await change(h.ingrid, P.ingridBerg.id, INGRID_TO_PER, {
      areas: ['messages', 'appointments', 'home-visits', 'letters', 'access-log'],
      validTo: null,
    })
    expect(response.statusCode, response.body).toBe(200)
    first = response.json<View>()
    expect(first.id).not.toBe(INGRID_TO_PER)
    expect(first).toMatchObject({
      replacesId: INGRID_TO_PER,
      status: 'active',
      areas: ['messages', 'appointments', 'home-visits', 'letters', 'access-log'],
      proxy: { id: P.perBerg.id },
    })
    const old = await t.db.selectFrom('fullmakt').selectAll().where('id', '=', INGRID_TO_PER).executeTakeFirstOrThrow()
    expect(old.revoked_at?.toISOString()).toBe(first.validFrom)
    expect(old.revoked_by_person_id).toBe(P.ingridBerg.id)

    const lists = (await list(h.ingrid, P.ingridBerg.id)).json<Lists>()
    expect(lists.given.find((f) => f.proxy.id === P.perBerg.id)?.id).toBe(first.id)
    expect(lists.history.find((f) => f.id === INGRID_TO_PER)).toMatchObject({
      status: 'replaced',
      replacedById: first.id,
      endedAt: first.validFrom,
      endedBy: { role: 'giver', name: 'Ingrid Berg' },
    })
    expect(await notificationsFor(`fullmakt-changed:${first.id}`)).toHaveLength(2)
  })

  it('/api/me shows Per the new areas at once, and the new area works', async () => {
    const representation = (await me(h.per)).find((r) => r.personId === P.ingridBerg.id)
    expect(representation?.areas).toContain('access-log')
    expect(representation?.areas).not.toContain('health-contacts')
    const log = await t.app.inject({ method: 'GET', url: `/api/citizens/${P.ingridBerg.id}/access-log`, headers: h.per })
    expect(log.statusCode, log.body).toBe(200)
  })

  it('after a second change without the access log, the replaced fullmakt no longer grants it', async () => {
    const response = await change(h.ingrid, P.ingridBerg.id, first.id, { areas: ['messages', 'letters'], validTo: '2027-06-30' })
    expect(response.statusCode, response.body).toBe(200)
    second = response.json<View>()
    expect(second).toMatchObject({ replacesId: first.id, lastDay: '2027-06-30', validTo: '2027-06-30T22:00:00.000Z' })
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/citizens/${P.ingridBerg.id}/access-log`, headers: h.per }), 403, 'forbidden')
    expect((await me(h.per)).find((r) => r.personId === P.ingridBerg.id)?.areas).toEqual(['messages', 'letters'])
  })

  it('a replaced fullmakt cannot be changed again, nor ended', async () => {
    expectProblem(await change(h.ingrid, P.ingridBerg.id, first.id, { areas: ['messages'], validTo: null }), 409, 'conflict')
    expectProblem(await end(h.ingrid, P.ingridBerg.id, first.id), 409, 'conflict')
  })

  it('only the giver changes it: the proxy is refused, and so is anyone acting “as” the giver', async () => {
    expectProblem(await change(h.per, P.perBerg.id, second.id, { areas: ['messages', 'letters', 'forms'], validTo: null }), 403, 'forbidden')
    expectProblem(await change(h.per, P.ingridBerg.id, second.id, { areas: ['messages', 'letters', 'forms'], validTo: null }), 403, 'forbidden')
    // Someone with no part in it learns nothing, not even that it exists.
    expectProblem(await change(h.kari, P.kariNordmann.id, second.id, { areas: ['messages'], validTo: null }), 404, 'not-found')
  })

  it('an assigned fullmakt is not changed by the citizen', async () => {
    const odd = sessionHeaders(await t.citizenSession(P.oddDahl.id))
    expectProblem(await change(odd, P.oddDahl.id, ODD_TO_LIV, { areas: ['messages'], validTo: null }), 403, 'forbidden')
  })

  it('a change still follows the rules (consents, past dates) and then writes nothing', async () => {
    const count = await fullmaktCount()
    expectProblem(await change(h.ingrid, P.ingridBerg.id, second.id, { areas: ['consents'], validTo: null }), 422, 'validation-failed')
    expectProblem(await change(h.ingrid, P.ingridBerg.id, second.id, { areas: ['messages'], validTo: '2020-01-01' }), 422, 'validation-failed')
    expect(await fullmaktCount()).toBe(count)
    const current = await t.db.selectFrom('fullmakt').select('revoked_at').where('id', '=', second.id).executeTakeFirstOrThrow()
    expect(current.revoked_at).toBeNull()
  })

  describe('ending', () => {
    it('the proxy ends the one he received: it moves to both parties’ history, with who ended it', async () => {
      const response = await end(h.per, P.perBerg.id, second.id)
      expect(response.statusCode, response.body).toBe(200)
      expect(response.json<View>()).toMatchObject({
        id: second.id,
        direction: 'received',
        status: 'revoked',
        endedAt: t.now().toISOString(),
        endedBy: { role: 'proxy', name: 'Per Berg' },
      })
      const ingrid = (await list(h.ingrid, P.ingridBerg.id)).json<Lists>()
      expect(ingrid.given.some((f) => f.proxy.id === P.perBerg.id)).toBe(false)
      expect(ingrid.history.map((f) => f.id)).toEqual(expect.arrayContaining([INGRID_TO_PER, first.id, second.id]))
      expect(ingrid.history.find((f) => f.id === second.id)?.endedBy).toEqual({ role: 'proxy', name: 'Per Berg' })
      expect((await me(h.per)).some((r) => r.personId === P.ingridBerg.id)).toBe(false)
      expect(await notificationsFor(`fullmakt-ended:${second.id}`)).toHaveLength(2)
      const row = await t.db.selectFrom('fullmakt').select('revoked_by_person_id').where('id', '=', second.id).executeTakeFirstOrThrow()
      expect(row.revoked_by_person_id).toBe(P.perBerg.id)
    })

    it('ending it again is a conflict; someone else’s is not found; nothing is deleted', async () => {
      const count = await fullmaktCount()
      expectProblem(await end(h.per, P.perBerg.id, second.id), 409, 'conflict')
      expectProblem(await end(h.kari, P.kariNordmann.id, ODD_TO_LIV), 404, 'not-found')
      expectProblem(await end(h.kari, P.kariNordmann.id, '00000000-0000-4000-8000-000000000999'), 404, 'not-found')
      expect(await fullmaktCount()).toBe(count)
    })

    it('the giver ends one she gave (Kari → Ahmed), and Ahmed no longer acts for her', async () => {
      const given = (await list(h.kari, P.kariNordmann.id)).json<Lists>().given.find((f) => f.proxy.id === P.ahmedKhan.id)
      expect(given).toBeDefined()
      const response = await end(h.kari, P.kariNordmann.id, given?.id ?? '')
      expect(response.statusCode, response.body).toBe(200)
      expect(response.json<View>().endedBy).toEqual({ role: 'giver', name: 'Kari Nordmann' })
      expect((await me(h.ahmed)).some((r) => r.personId === P.kariNordmann.id)).toBe(false)
    })

    it('there is no DELETE', async () => {
      const response = await t.app.inject({ method: 'DELETE', url: url(P.kariNordmann.id, `/${second.id}`), headers: h.kari })
      expect([404, 405]).toContain(response.statusCode)
    })
  })
})
