// Registering a fullmakt must not tell anyone whether a national identity number belongs to a registered adult, a
// minor, someone with a confidential address, a deceased person or nobody: what does not depend on the person is
// checked first, then every "cannot be registered" case gets one answer. Each look-up is audit-logged (with the
// person when there is one) and limited per user.
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstNationalIdFrom } from '../../src/platform/identifiers/national-id.ts'
import { auditHead, auditRowsAfter, expectProblem, P, S, SV, sessionHeaders } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

type Headers = Record<string, string>
const LOOKUP = 'fullmakt.person-lookup'
const LIMIT = 20

let t: TestApp
let kari: Headers
let lise: Headers
let deceased: { id: string; nationalId: string }
const unknown = firstNationalIdFrom('1961-04-04', 100, 'female')

beforeAll(async () => {
  t = await startTestApp()
  kari = sessionHeaders(await t.citizenSession(P.kariNordmann.id))
  lise = sessionHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
  const nationalId = firstNationalIdFrom('1940-02-02', 200, 'male')
  const row = await t.db
    .insertInto('person')
    .values({ national_id: nationalId, given_name: 'Dag', family_name: 'Død', birth_date: '1940-02-02', deceased_at: '2026-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow()
  deceased = { id: row.id, nationalId }
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const give = (headers: Headers, personId: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/citizens/${personId}/fullmakter`, headers, payload })
const register = (headers: Headers, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/services/${SV.tonsbergHjemmesykepleie.id}/assigned-fullmakter`, headers, payload })

/** The answer without what differs by request anyway: its id. */
function comparable(response: LightMyRequestResponse) {
  const headers = { ...response.headers }
  for (const name of ['x-request-id', 'date', 'x-ratelimit-remaining', 'x-ratelimit-reset']) delete headers[name]
  return { status: response.statusCode, headers, body: response.body.replace(response.headers['x-request-id'] as string, '<id>') }
}

const cannotBeRegistered = (): Array<[string, string]> => [
  ['nobody', unknown],
  ['a minor (Jonas, 14)', P.jonasNordmann.nationalId],
  ['a minor (Nora, 16)', P.noraOlsen.nationalId],
  ['a confidential address (Sara)', P.saraHolm.nationalId],
  ['a deceased person', deceased.nationalId],
]

describe('a citizen giving a fullmakt', () => {
  it('what does not depend on the person is refused first, alike for everyone, and without a look-up', async () => {
    const head = await auditHead(t.db)
    for (const bad of [
      { areas: ['consents'], validTo: null },
      { areas: ['messages'], validTo: '2020-01-01' },
      { areas: ['messages'], validTo: '2999-01-01' },
    ]) {
      const answers = [unknown, P.jonasNordmann.nationalId, P.ahmedKhan.nationalId].map((proxyNationalId) =>
        give(kari, P.kariNordmann.id, { proxyNationalId, ...bad }),
      )
      const [first, ...rest] = (await Promise.all(answers)).map(comparable)
      expect(first?.status).toBe(422)
      for (const other of rest) expect(other).toEqual(first)
    }
    // Oneself is known without looking anyone up.
    expectProblem(
      await give(kari, P.kariNordmann.id, { proxyNationalId: P.kariNordmann.nationalId, areas: ['messages'], validTo: null }),
      422,
      'validation-failed',
    )
    expect((await auditRowsAfter(t.db, head)).filter((r) => r.action === LOOKUP)).toEqual([])
  })

  it('nobody, a minor, a confidential address and the deceased get byte-identical answers, apart from the request id', async () => {
    const answers = []
    for (const [, proxyNationalId] of cannotBeRegistered()) {
      answers.push(comparable(await give(kari, P.kariNordmann.id, { proxyNationalId, areas: ['messages'], validTo: null })))
    }
    const [first, ...rest] = answers
    expect(first?.status).toBe(422)
    expect(first?.body).not.toMatch(/18|adresse|fortrolig|død|finnes ikke/i)
    for (const other of rest) expect(other).toEqual(first)
  })

  it('each look-up is audit-logged with the person looked up, when there is one', async () => {
    const head = await auditHead(t.db)
    await give(kari, P.kariNordmann.id, { proxyNationalId: P.saraHolm.nationalId, areas: ['messages'], validTo: null })
    await give(kari, P.kariNordmann.id, { proxyNationalId: unknown, areas: ['messages'], validTo: null })
    const rows = (await auditRowsAfter(t.db, head)).filter((r) => r.action === LOOKUP)
    expect(rows.map((r) => ({ actor: r.actor_id, patient: r.patient_person_id, type: r.resource_type }))).toEqual([
      { actor: P.kariNordmann.id, patient: P.saraHolm.id, type: 'person' },
      { actor: P.kariNordmann.id, patient: null, type: 'person' },
    ])
  })

  it(`look-ups are limited to ${LIMIT} per 10 minutes per user: then a 429 problem, and others are unaffected`, async () => {
    const per = sessionHeaders(await t.citizenSession(P.perBerg.id))
    const attempt = (headers: Headers, personId: string) => give(headers, personId, { proxyNationalId: unknown, areas: ['messages'], validTo: null })
    for (let i = 0; i < LIMIT; i++) expect((await attempt(per, P.perBerg.id)).statusCode).toBe(422)
    const limited = await attempt(per, P.perBerg.id)
    expectProblem(limited, 429, 'rate-limited')
    expect(limited.headers['retry-after']).toBeDefined()
    const ingrid = sessionHeaders(await t.citizenSession(P.ingridBerg.id))
    expect((await attempt(ingrid, P.ingridBerg.id)).statusCode).toBe(422)
  })
})

describe('health personnel registering an assigned fullmakt', () => {
  const body = (proxyNationalId: string) => ({
    giverNationalId: P.ingridBerg.nationalId,
    proxyNationalId,
    areas: ['messages'],
    validTo: null,
    reason: 'Kan ikke samtykke selv; vurdert ved hjemmebesøk.',
  })

  it('an unusable proxy gets one answer, whoever it is, and each look-up is logged', async () => {
    const head = await auditHead(t.db)
    const answers = []
    for (const [, proxyNationalId] of cannotBeRegistered()) answers.push(comparable(await register(lise, body(proxyNationalId))))
    const [first, ...rest] = answers
    expect(first?.status).toBe(422)
    for (const other of rest) expect(other).toEqual(first)
    const rows = (await auditRowsAfter(t.db, head)).filter((r) => r.action === LOOKUP)
    expect(rows.map((r) => r.patient_person_id)).toEqual([null, P.jonasNordmann.id, P.noraOlsen.id, P.saraHolm.id, deceased.id])
    expect(new Set(rows.map((r) => r.actor_id))).toEqual(new Set([S.liseLund.id]))
  })
})
