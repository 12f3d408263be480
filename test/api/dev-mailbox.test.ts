/**
 * The development mailbox through the API: with DEV_MAILBOX on and no SMTP server or SMS gateway, the citizens'
 * notifications and the exchange's alert e-mails are kept there instead of waiting in their outboxes; the platform
 * operator reads them newest first (GET /api/dev-mailbox) and empties the mailbox (DELETE); everyone else is refused;
 * with the mailbox off both routes answer 404.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_CONTACTS } from '../../src/citizen/notifications/demo-contact-register.ts'
import type { DevMailboxPage } from '../../src/platform/notify/dev-mailbox.schemas.ts'
import { DEMO } from '../../src/registry/index.ts'
import { foresporsel, PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { expectProblem, P, S, SV } from './api-helpers.ts'

type Session = { cookie: string; csrf: string }
const asHeaders = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf })

async function answeredThread(t: TestApp): Promise<void> {
  const per = asHeaders(await t.citizenSession(P.perBerg.id))
  const started = await t.app.inject({
    method: 'POST',
    url: `/api/citizens/${P.ingridBerg.id}/threads`,
    headers: per,
    payload: { serviceId: SV.tonsbergHjemmesykepleie.id, subject: 'Hemmelig emne', body: 'Hemmelig tekst' },
  })
  expect(started.statusCode, started.body).toBe(201)
  const lise = asHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
  const answered = await t.app.inject({
    method: 'POST',
    url: `/api/services/${SV.tonsbergHjemmesykepleie.id}/threads/${started.json<{ id: string }>().id}/messages`,
    headers: lise,
    payload: { body: 'Hemmelig svar' },
  })
  expect(answered.statusCode, answered.body).toBe(201)
}

describe('with the development mailbox on (and no SMTP server or SMS gateway)', () => {
  let t: TestApp
  let operator: Session
  beforeAll(async () => {
    // The real clock: enqueued notifications are due from the database's now() (as in notifications-end-to-end).
    t = await startTestApp({ DEV_MAILBOX: 'true' }, () => new Date())
    operator = await t.staffSession(S.oleOlsen.id, null)
  }, 60_000)
  afterAll(async () => {
    await t?.close()
  })

  const read = (query = '', session: Session = operator) => t.app.inject({ method: 'GET', url: `/api/dev-mailbox${query}`, headers: asHeaders(session) })

  it("keeps the citizens' notifications, which the operator reads newest first, without their content", async () => {
    expect(t.citizen.notifications).not.toBeNull()
    await answeredThread(t)
    await t.citizen.notifications?.runOnce()

    const response = await read()
    expect(response.statusCode, response.body).toBe(200)
    const page = response.json<DevMailboxPage>()
    expect(page).toMatchObject({ total: 2, limit: 50, offset: 0 })
    expect(page.items.map((m) => m.to).sort()).toEqual([DEMO_CONTACTS.ingridBerg.mobile, DEMO_CONTACTS.perBerg.mobile].sort())
    for (const message of page.items) {
      expect(message).toMatchObject({ channel: 'sms', subject: null, kind: 'message-from-health-personnel' })
      expect(Math.abs(Date.parse(message.sentAt) - Date.now())).toBeLessThan(60_000)
      expect(message.text).toMatch(/^Du har fått en ny melding fra Tønsberg kommune, Hjemmesykepleien i Samband\./)
      expect(message.text).not.toContain('Hemmelig')
    }
    // The outbox counts them as sent, through the mailbox: nothing waits.
    const outbox = await t.db.selectFrom('notification_outbox').select(['status', 'channel']).execute()
    expect(outbox).toEqual([
      { status: 'sent', channel: 'sms' },
      { status: 'sent', channel: 'sms' },
    ])

    // Paged, newest first: Per has no mobile now, so the second answer's notifications (an SMS to Ingrid, an e-mail
    // to Per) come before the first two SMS.
    await t.db.updateTable('contact_register_entry').set({ mobile: null }).where('national_id', '=', P.perBerg.nationalId).execute()
    await answeredThread(t)
    await t.citizen.notifications?.runOnce()
    const newest = (await read('?limit=2')).json<DevMailboxPage>()
    expect(newest.total).toBe(4)
    expect(newest.items).toHaveLength(2)
    const all = (await read('?limit=200')).json<DevMailboxPage>()
    expect((await read('?limit=1&offset=3')).json<DevMailboxPage>().items[0]).toEqual(all.items[3])
    expect(all.items.slice(0, 2)).toEqual(newest.items)
    expect(newest.items.map((m) => m.channel).sort()).toEqual(['email', 'sms'])
    expect(all.items.slice(2).map((m) => m.channel)).toEqual(['sms', 'sms'])
    const email = all.items.find((m) => m.channel === 'email')
    expect(email).toMatchObject({ to: DEMO_CONTACTS.perBerg.email, subject: 'Ny melding i Samband', kind: 'message-from-health-personnel' })
    expectProblem(await read('?limit=0'), 422, 'validation-failed')
  })

  it('is for the platform operator only; reads are audit-logged', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/dev-mailbox' }), 401, 'unauthenticated')
    expectProblem(await read('', await t.citizenSession(P.kariNordmann.id)), 403, 'forbidden')
    expectProblem(await read('', await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)), 403, 'forbidden')
    const audited = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'resource_type']).where('resource_type', '=', 'dev-mailbox').execute()
    expect(audited).toContainEqual({ action: 'dev-mailbox.read', actor_id: S.oleOlsen.id, resource_type: 'dev-mailbox' })
  })

  it('the operator empties it (with the CSRF token); others cannot', async () => {
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/dev-mailbox', headers: { cookie: operator.cookie } }), 403, 'csrf-failed')
    const lise = asHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/dev-mailbox', headers: lise }), 403, 'forbidden')
    expect((await read()).json<DevMailboxPage>().total).toBeGreaterThan(0)

    const emptied = await t.app.inject({ method: 'DELETE', url: '/api/dev-mailbox', headers: asHeaders(operator) })
    expect(emptied.statusCode, emptied.body).toBe(204)
    expect((await read()).json<DevMailboxPage>()).toEqual({ items: [], total: 0, limit: 50, offset: 0 })
  })

  it('is described in the OpenAPI document with its response schema', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> }>>
    }>()
    const path = doc.paths['/api/dev-mailbox']
    expect(Object.keys(path ?? {}).sort()).toEqual(['delete', 'get'])
    expect(Object.keys(path?.get?.responses['200']?.content?.['application/json']?.schema.properties ?? {}).sort()).toEqual([
      'items',
      'limit',
      'offset',
      'total',
    ])
  })
})

describe("the exchange's alert e-mails in the development mailbox", () => {
  const T0 = DEMO.now.getTime()
  const HOUR = 3_600_000
  let t: TestApp
  afterEach(async () => {
    await t?.close()
    vi.useRealTimers()
  })

  it('an overdue AppRec alert is kept for the sender’s contact point instead of staying unsent', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 })
    t = await startTestApp({ DEV_MAILBOX: 'true' }, () => new Date())
    expect(t.exchange.alerts).not.toBeNull()
    const token = await t.systemToken(PARTY.tonsbergFastlege.orgnr, ['samband/exchange'])
    const doc = await foresporsel(t.db, PARTY.tonsbergFastlege.herId, PARTY.tonsbergHjemmesykepleie.herId, { genDate: new Date().toISOString() })
    const posted = await t.app.inject({
      method: 'POST',
      url: '/msh/Messages',
      headers: { authorization: `Bearer ${token}`, 'api-version': '2', 'nhn-source-system': 'Test EPJ 1.0' },
      payload: { businessDocument: doc.base64, contentType: 'application/xml', contentTransferEncoding: 'base64' },
    })
    expect(posted.statusCode, posted.body).toBe(201)
    await t.exchange.dispatcher.runOnce()
    vi.setSystemTime(T0 + 96 * HOUR)
    await t.exchange.dispatcher.runOnce()
    await t.exchange.alerts?.runOnce()

    const operator = await t.staffSession(S.oleOlsen.id, null)
    const page = (await t.app.inject({ method: 'GET', url: '/api/dev-mailbox', headers: asHeaders(operator) })).json<DevMailboxPage>()
    expect(page.items).toEqual([
      expect.objectContaining({
        channel: 'email',
        to: `postmottak-${PARTY.tonsbergFastlege.herId}@samband.example`,
        subject: 'Samband: Melding uten kvittering innen fristen',
        kind: 'apprec-overdue',
      }),
    ])
    const alert = await t.db.selectFrom('exchange_alert').select(['notified_at', 'notify_attempts']).executeTakeFirstOrThrow()
    expect(alert.notify_attempts).toBe(0)
    expect(alert.notified_at).not.toBeNull()
  }, 60_000)
})

describe('with the development mailbox off (the default outside development)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  }, 60_000)
  afterAll(async () => {
    await t?.close()
  })

  it('both routes answer 404, and notifications wait in the outbox as before', async () => {
    const operator = asHeaders(await t.staffSession(S.oleOlsen.id, null))
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/dev-mailbox', headers: operator }), 404, 'not-found')
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/dev-mailbox', headers: operator }), 404, 'not-found')
    expect(t.citizen.notifications).toBeNull()
    expect(t.exchange.alerts).toBeNull()
  })
})
