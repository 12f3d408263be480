// Telling citizens what really happens: the notification settings of a child say that her parent is notified (the
// child has no contact details of her own), and a person with a confidential address, who can never give a fullmakt,
// is told so with her list instead of being offered a form that always fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { P, sessionHeaders } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

let t: TestApp

beforeAll(async () => {
  t = await startTestApp()
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const get = async (actorId: string, url: string) => {
  const r = await t.app.inject({ url, headers: sessionHeaders(await t.citizenSession(actorId)) })
  expect(r.statusCode, r.body).toBe(200)
  return r.json()
}

describe('notification settings', () => {
  it('for Emma (8), whom the register has no contact details for, name her parent as the one notified', async () => {
    const settings = await get(P.kariNordmann.id, `/api/citizens/${P.emmaNordmann.id}/notification-settings`)
    expect(settings.contact.status).toBe('missing')
    expect(settings.alsoNotified).toContainEqual({ name: 'Kari Nordmann', role: 'parent' })
  })

  it('for Ingrid, her son Per (fullmakt for messages) is notified too; for Kari herself nobody else', async () => {
    expect((await get(P.ingridBerg.id, `/api/citizens/${P.ingridBerg.id}/notification-settings`)).alsoNotified).toEqual([
      { name: 'Per Berg', role: 'fullmektig' },
    ])
    expect((await get(P.kariNordmann.id, `/api/citizens/${P.kariNordmann.id}/notification-settings`)).alsoNotified).toEqual([])
  })
})

describe('fullmakter for someone who cannot give one', () => {
  it('Sara (confidential address) is told why; Jonas (14) too; Ingrid can give', async () => {
    expect((await get(P.saraHolm.id, `/api/citizens/${P.saraHolm.id}/fullmakter`)).cannotGive).toBe('confidential-address')
    expect((await get(P.jonasNordmann.id, `/api/citizens/${P.jonasNordmann.id}/fullmakter`)).cannotGive).toBe('under-16')
    expect((await get(P.ingridBerg.id, `/api/citizens/${P.ingridBerg.id}/fullmakter`)).cannotGive).toBeNull()
  })
})
