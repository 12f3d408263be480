// Expiry without a job: a time-limited fullmakt moves to the history when the clock passes its last day, and from
// then on grants nothing. The app's clock is moved forward between the steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { expectProblem, P, sessionHeaders } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

type View = { id: string; status: string; endedAt: string | null; endedBy: unknown; lastDay: string | null; validTo: string | null }
type Lists = { given: View[]; received: View[]; history: View[] }

let t: TestApp
let clock = DEMO.now
let kari: Record<string, string>
let ahmed: Record<string, string>

// Sessions last an hour of the app's clock: each move of the clock signs both in again.
async function setClock(at: Date) {
  clock = at
  kari = sessionHeaders(await t.citizenSession(P.kariNordmann.id))
  ahmed = sessionHeaders(await t.citizenSession(P.ahmedKhan.id))
}

beforeAll(async () => {
  t = await startTestApp({}, () => clock)
  await setClock(DEMO.now)
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const lists = async (headers: Record<string, string>, personId: string) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/citizens/${personId}/fullmakter`, headers })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<Lists>()
}
const accessLogAs = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: `/api/citizens/${P.kariNordmann.id}/access-log`, headers })

describe('a fullmakt until 31 December 2026', () => {
  let id: string

  it('holds through its last day', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.kariNordmann.id}/fullmakter`,
      headers: kari,
      payload: { proxyNationalId: P.ahmedKhan.nationalId, areas: ['access-log', 'messages'], validTo: '2026-12-31' },
    })
    expect(response.statusCode, response.body).toBe(201)
    id = response.json<View>().id
    await setClock(new Date('2026-12-31T23:59:00+01:00'))
    expect((await lists(kari, P.kariNordmann.id)).given.map((f) => [f.id, f.status])).toEqual([[id, 'active']])
    expect((await accessLogAs(ahmed)).statusCode).toBe(200)
  })

  it('at midnight it is in both parties’ history as expired, ended by nobody', async () => {
    await setClock(new Date('2027-01-01T00:00:00+01:00'))
    const giver = await lists(kari, P.kariNordmann.id)
    expect(giver.given).toEqual([])
    expect(giver.history).toEqual([
      expect.objectContaining({ id, status: 'expired', endedAt: '2026-12-31T23:00:00.000Z', endedBy: null, lastDay: '2026-12-31' }),
    ])
    const proxy = await lists(ahmed, P.ahmedKhan.id)
    expect(proxy.received).toEqual([])
    expect(proxy.history.map((f) => [f.id, f.status])).toEqual([[id, 'expired']])
  })

  it('an expired fullmakt grants nothing: /api/me drops it and its areas are refused', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: ahmed })
    expect(me.json<{ representations: Array<{ personId: string }> }>().representations.some((r) => r.personId === P.kariNordmann.id)).toBe(false)
    expectProblem(await accessLogAs(ahmed), 403, 'forbidden')
  })

  it('cannot be ended or changed any more, and a new one to the same proxy is no duplicate', async () => {
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/citizens/${P.kariNordmann.id}/fullmakter/${id}/end`, headers: kari }), 409, 'conflict')
    expectProblem(
      await t.app.inject({
        method: 'PUT',
        url: `/api/citizens/${P.kariNordmann.id}/fullmakter/${id}`,
        headers: kari,
        payload: { areas: ['messages'], validTo: null },
      }),
      409,
      'conflict',
    )
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.kariNordmann.id}/fullmakter`,
      headers: kari,
      payload: { proxyNationalId: P.ahmedKhan.nationalId, areas: ['messages'], validTo: null },
    })
    expect(again.statusCode, again.body).toBe(201)
    const now = await lists(kari, P.kariNordmann.id)
    expect(now.given.map((f) => f.id)).toEqual([again.json<View>().id])
    expect(now.history.map((f) => f.id)).toEqual([id])
  })
})
