// The citizen's notification level and contact details: their own, a representative's view, and who is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectProblem, P } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
}, 60_000)
afterAll(async () => {
  await t?.close()
})

const url = (personId: string) => `/api/citizens/${personId}/notification-settings`

async function as(personId: string) {
  const s = await t.citizenSession(personId)
  return { cookie: s.cookie, 'x-csrf-token': s.csrf }
}

describe('notification settings', () => {
  it('shows the default level and the contact details the register holds now', async () => {
    const res = await t.app.inject({ url: url(P.kariNordmann.id), headers: await as(P.kariNordmann.id) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      level: 'normal',
      contact: { mobile: expect.stringMatching(/^\+47/), email: expect.stringContaining('@'), status: 'active' },
      alsoNotified: [],
    })
  })

  it('reads the register at each request: a change there shows at once, and nothing is copied into Samband', async () => {
    await t.db.updateTable('contact_register_entry').set({ mobile: '+4790000001' }).where('national_id', '=', P.ahmedKhan.nationalId).execute()
    const res = await t.app.inject({ url: url(P.ahmedKhan.id), headers: await as(P.ahmedKhan.id) })
    expect(res.json().contact.mobile).toBe('+4790000001')
  })

  it('says when the register has the person reserved or passive', async () => {
    const lars = await t.app.inject({ url: url(P.larsOlsen.id), headers: await as(P.larsOlsen.id) })
    expect(lars.json().contact.status).toBe('reserved')
    const odd = await t.app.inject({ url: url(P.oddDahl.id), headers: await as(P.oddDahl.id) })
    expect(odd.json().contact.status).toBe('passive')
  })

  it('saves a chosen level', async () => {
    const headers = await as(P.kariNordmann.id)
    const put = await t.app.inject({ method: 'PUT', url: url(P.kariNordmann.id), headers, payload: { level: 'full' } })
    expect(put.statusCode, put.body).toBe(204)
    const res = await t.app.inject({ url: url(P.kariNordmann.id), headers })
    expect(res.json().level).toBe('full')
  })

  it('refuses an unknown level with a problem', async () => {
    const res = await t.app.inject({ method: 'PUT', url: url(P.kariNordmann.id), headers: await as(P.kariNordmann.id), payload: { level: 'alt' } })
    expectProblem(res, 422, 'validation-failed')
  })

  it('lets a parent of a child under 12 manage the child’s settings, but not a parent of a 14-year-old', async () => {
    const kari = await as(P.kariNordmann.id)
    expect((await t.app.inject({ url: url(P.emmaNordmann.id), headers: kari })).statusCode).toBe(200)
    expectProblem(await t.app.inject({ url: url(P.jonasNordmann.id), headers: kari }), 403, 'forbidden')
    expectProblem(await t.app.inject({ method: 'PUT', url: url(P.jonasNordmann.id), headers: kari, payload: { level: 'begrenset' } }), 403, 'forbidden')
  })

  it('refuses a stranger, a proxy whose fullmakt lacks the area, and a caller without a session', async () => {
    expectProblem(await t.app.inject({ url: url(P.kariNordmann.id), headers: await as(P.ahmedKhan.id) }), 403, 'forbidden')
    // Per's fullmakt from Ingrid covers messages, appointments, contacts, home visits and letters: not her registered information.
    expectProblem(
      await t.app.inject({ method: 'PUT', url: url(P.ingridBerg.id), headers: await as(P.perBerg.id), payload: { level: 'full' } }),
      403,
      'forbidden',
    )
    expectProblem(await t.app.inject({ url: url(P.kariNordmann.id) }), 401, 'unauthenticated')
  })
})
