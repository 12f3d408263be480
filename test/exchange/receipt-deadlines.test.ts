/**
 * AppRec deadlines end to end (RULES.md §3): a delivered message without an AppRec is resent every interval
 * (locally: it shows as unread again), at most EXCHANGE_MAX_RESENDS times and never at or after the deadline; at
 * GenDate + 96 h it is overdue with exactly one alert; a late positive AppRec is still accepted and resolves the
 * alert; Ack=N messages and AppRecs wait for nothing.
 *
 * Time moves by faking Date (only Date: timers stay real), so that the embedded provider issues tokens in the same
 * time as the app's clock; otherwise a token fetched "now" would be expired 12 hours later.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { startDispatcher } from '../../src/exchange/delivery/dispatcher.ts'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { foresporsel, PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'

const T0 = DEMO.now.getTime()
const HOUR = 3_600_000
const GP = PARTY.tonsbergFastlege
const NURSING = PARTY.tonsbergHjemmesykepleie

const clock = () => new Date()
const setHours = (hours: number) => vi.setSystemTime(T0 + hours * HOUR)

async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 })
  return startTestApp(env, clock)
}

/** A token minted at the current (fake) time: each call gets its own, as 10-minute tokens do not survive 12 hours. */
async function headers(t: TestApp, orgnr: string) {
  const token = await t.systemToken(orgnr, ['samband/exchange'])
  return { authorization: `Bearer ${token}`, 'api-version': '2', 'nhn-source-system': 'Test EPJ 1.0' }
}

async function send(t: TestApp, options: { ack?: 'J' | 'N' } = {}): Promise<{ id: string; msgId: string }> {
  const doc = await foresporsel(t.db, GP.herId, NURSING.herId, { genDate: clock().toISOString(), ...options })
  const posted = await t.app.inject({
    method: 'POST',
    url: '/msh/Messages',
    headers: await headers(t, GP.orgnr),
    payload: { businessDocument: doc.base64, contentType: 'application/xml', contentTransferEncoding: 'base64' },
  })
  expect(posted.statusCode, posted.body).toBe(201)
  await t.exchange.dispatcher.runOnce()
  return { id: posted.json() as string, msgId: doc.msgId }
}

async function unreadIds(t: TestApp, herId: number, orgnr: string): Promise<string[]> {
  const inbox = await t.app.inject({ method: 'GET', url: `/msh/Messages?ReceiverHerIds=${herId}`, headers: await headers(t, orgnr) })
  expect(inbox.statusCode, inbox.body).toBe(200)
  return (inbox.json() as { id: string }[]).map((m) => m.id)
}

async function markRead(t: TestApp, id: string) {
  const read = await t.app.inject({ method: 'PUT', url: `/msh/Messages/${id}/read/${NURSING.herId}`, headers: await headers(t, NURSING.orgnr) })
  expect(read.statusCode, read.body).toBe(204)
}

async function delivery(t: TestApp, id: string, receiverHerId: number = NURSING.herId) {
  return t.db.selectFrom('exchange_delivery').selectAll().where('message_id', '=', id).where('receiver_her_id', '=', receiverHerId).executeTakeFirstOrThrow()
}

async function alerts(t: TestApp, id: string) {
  return t.db.selectFrom('exchange_alert').selectAll().where('message_id', '=', id).execute()
}

/** One dispatcher pass at the given hour after T0 (deadline check included). */
async function passAt(t: TestApp, hours: number) {
  setHours(hours)
  await t.exchange.dispatcher.runOnce()
}

describe('receipt deadlines with the defaults (96 h, resend every 12 h, at most 5 times)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startApp()
  }, 60_000)
  afterAll(async () => {
    await t.close()
    vi.useRealTimers()
  })
  beforeEach(() => setHours(0))

  it('resends at each interval (unread again) at most 5 times, then is overdue at GenDate + 96 h with exactly one alert', async () => {
    const secondProcess = startDispatcher(t.exchange.deps, { remote: null, pollMs: 3_600_000 })
    onTestFinished(() => secondProcess.stop())
    const { id } = await send(t)
    let d = await delivery(t, id)
    expect(d.status).toBe('delivered')
    expect(new Date(d.deadline_at ?? 0)).toEqual(new Date(T0 + 96 * HOUR))
    expect(await unreadIds(t, NURSING.herId, NURSING.orgnr)).toContain(id)
    await markRead(t, id)
    expect(await unreadIds(t, NURSING.herId, NURSING.orgnr)).not.toContain(id)

    // Just before the interval: nothing happens.
    await passAt(t, 11.99)
    expect((await delivery(t, id)).resends).toBe(0)
    expect(await unreadIds(t, NURSING.herId, NURSING.orgnr)).not.toContain(id)

    for (const [n, hour] of [12, 24, 36, 48, 60].entries()) {
      setHours(hour)
      // Two processes checking at the same moment count one resend.
      await Promise.all([t.exchange.dispatcher.runOnce(), secondProcess.runOnce()])
      d = await delivery(t, id)
      expect(d.resends, `resend at ${hour} h`).toBe(n + 1)
      expect(new Date(d.delivered_at ?? 0)).toEqual(new Date(T0 + hour * HOUR))
      expect(await unreadIds(t, NURSING.herId, NURSING.orgnr), `unread again at ${hour} h`).toContain(id)
      await markRead(t, id)
    }

    // maxResends reached: nothing more before the deadline.
    for (const hour of [72, 84, 95.99]) {
      await passAt(t, hour)
      expect((await delivery(t, id)).resends).toBe(5)
      expect(await unreadIds(t, NURSING.herId, NURSING.orgnr)).not.toContain(id)
      expect(await alerts(t, id)).toEqual([])
    }

    await passAt(t, 96)
    d = await delivery(t, id)
    expect(new Date(d.overdue_at ?? 0)).toEqual(new Date(T0 + 96 * HOUR))
    expect(d.apprec_status).toBeNull()
    expect(d.resends).toBe(5)
    let raised = await alerts(t, id)
    expect(raised).toHaveLength(1)
    expect(raised[0]).toMatchObject({ kind: 'apprec-overdue', sender_her_id: GP.herId, receiver_her_id: NURSING.herId, resolved_at: null })

    // Later passes neither resend nor alert again.
    for (const hour of [97, 120, 500]) {
      await passAt(t, hour)
      await t.exchange.dispatcher.runOnce()
    }
    expect((await delivery(t, id)).resends).toBe(5)
    expect(await unreadIds(t, NURSING.herId, NURSING.orgnr)).not.toContain(id)
    raised = await alerts(t, id)
    expect(raised).toHaveLength(1)

    // A late positive AppRec is still accepted (errata 4) and resolves the alert; it stays the one final AppRec.
    setHours(501)
    const nursing = await headers(t, NURSING.orgnr)
    const late = await t.app.inject({ method: 'POST', url: `/msh/Messages/${id}/apprec/${NURSING.herId}`, headers: nursing, payload: { appRecStatus: 'Ok' } })
    expect(late.statusCode, late.body).toBe(201)
    const status = await t.app.inject({ method: 'GET', url: `/msh/Messages/${id}/status`, headers: await headers(t, GP.orgnr) })
    expect(status.json()).toEqual([{ receiverHerId: NURSING.herId, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }])
    d = await delivery(t, id)
    expect(d.status).toBe('acknowledged')
    expect(d.overdue_at).not.toBeNull()
    raised = await alerts(t, id)
    expect(raised).toHaveLength(1)
    expect(new Date(raised[0]?.resolved_at ?? 0)).toEqual(new Date(T0 + 501 * HOUR))

    const second = await t.app.inject({
      method: 'POST',
      url: `/msh/Messages/${id}/apprec/${NURSING.herId}`,
      headers: nursing,
      payload: { appRecStatus: 'Rejected', appRecErrorList: [{ errorCode: 'X99', details: 'for sent' }] },
    })
    expect(second.statusCode).toBeGreaterThanOrEqual(400)
    expect((await delivery(t, id)).apprec_status).toBe('Ok')
  })

  it('a dispatcher that was down past the deadline marks overdue at once, without catch-up resends', async () => {
    const { id } = await send(t)
    await markRead(t, id)
    await passAt(t, 200)
    const d = await delivery(t, id)
    expect(d.resends).toBe(0)
    expect(d.overdue_at).not.toBeNull()
    expect(await unreadIds(t, NURSING.herId, NURSING.orgnr)).not.toContain(id)
    expect(await alerts(t, id)).toHaveLength(1)
  })

  it('an AppRec in time stops the resends and no alert is raised', async () => {
    const { id } = await send(t)
    setHours(1)
    const answered = await t.app.inject({
      method: 'POST',
      url: `/msh/Messages/${id}/apprec/${NURSING.herId}`,
      headers: await headers(t, NURSING.orgnr),
      payload: { appRecStatus: 'Ok' },
    })
    expect(answered.statusCode, answered.body).toBe(201)
    await markRead(t, id)
    for (const hour of [12, 24, 96, 200]) await passAt(t, hour)
    const d = await delivery(t, id)
    expect(d).toMatchObject({ status: 'acknowledged', apprec_status: 'Ok', resends: 0, overdue_at: null, next_attempt_at: null })
    expect(await alerts(t, id)).toEqual([])
  })

  it('Ack=N: no deadline, no resend, no alert', async () => {
    const { id } = await send(t, { ack: 'N' })
    await markRead(t, id)
    for (const hour of [12, 96, 200]) await passAt(t, hour)
    const d = await delivery(t, id)
    expect(d).toMatchObject({ deadline_at: null, next_attempt_at: null, overdue_at: null, resends: 0 })
    expect(await unreadIds(t, NURSING.herId, NURSING.orgnr)).not.toContain(id)
    expect(await alerts(t, id)).toEqual([])
  })

  it('an AppRec itself never waits for an AppRec', async () => {
    const { id } = await send(t)
    setHours(2)
    const answered = await t.app.inject({
      method: 'POST',
      url: `/msh/Messages/${id}/apprec/${NURSING.herId}`,
      headers: await headers(t, NURSING.orgnr),
      payload: { appRecStatus: 'Ok' },
    })
    expect(answered.statusCode, answered.body).toBe(201)
    const appRecId = answered.json() as string
    await t.exchange.dispatcher.runOnce()
    expect(await unreadIds(t, GP.herId, GP.orgnr)).toContain(appRecId)
    const read = await t.app.inject({ method: 'PUT', url: `/msh/Messages/${appRecId}/read/${GP.herId}`, headers: await headers(t, GP.orgnr) })
    expect(read.statusCode).toBe(204)

    for (const hour of [14, 26, 98, 300]) await passAt(t, hour)
    const d = await delivery(t, appRecId, GP.herId)
    expect(d).toMatchObject({ status: 'delivered', deadline_at: null, next_attempt_at: null, overdue_at: null, resends: 0 })
    expect(await unreadIds(t, GP.herId, GP.orgnr)).not.toContain(appRecId)
    expect(await alerts(t, appRecId)).toEqual([])
  })
})

describe('receipt deadlines with more resends allowed than fit before the deadline', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startApp({ EXCHANGE_MAX_RESENDS: '20' })
  }, 60_000)
  afterAll(async () => {
    await t.close()
    vi.useRealTimers()
  })
  afterEach(() => setHours(0))

  it('resends every 12 h up to 84 h and never at or after the deadline', async () => {
    setHours(0)
    const { id } = await send(t)
    await markRead(t, id)
    // Checked every hour, as a running dispatcher would be.
    for (let hour = 1; hour <= 110; hour++) {
      await passAt(t, hour)
      const d = await delivery(t, id)
      const expected = Math.min(Math.floor(hour / 12), 7)
      expect(d.resends, `at ${hour} h`).toBe(expected)
      if (hour % 12 === 0 && hour < 96) {
        expect(await unreadIds(t, NURSING.herId, NURSING.orgnr), `unread again at ${hour} h`).toContain(id)
        await markRead(t, id)
      }
      expect(d.overdue_at === null, `overdue at ${hour} h`).toBe(hour < 96)
    }
    expect(await unreadIds(t, NURSING.herId, NURSING.orgnr)).not.toContain(id)
    expect(await alerts(t, id)).toHaveLength(1)
  })
})

describe('receipt deadlines with a resend interval longer than the deadline, and with no resends', () => {
  it.each([
    ['interval 100 h', { EXCHANGE_RESEND_INTERVAL_MINUTES: String(100 * 60) }],
    ['maxResends 0', { EXCHANGE_MAX_RESENDS: '0' }],
  ])(
    '%s: never resent, overdue at the deadline',
    async (_name, env) => {
      const t = await startApp(env)
      try {
        const { id } = await send(t)
        await markRead(t, id)
        for (const hour of [12, 24, 48, 95.99]) {
          await passAt(t, hour)
          expect((await delivery(t, id)).overdue_at).toBeNull()
        }
        await passAt(t, 96)
        const d = await delivery(t, id)
        expect(d.resends).toBe(0)
        expect(d.overdue_at).not.toBeNull()
        expect(await unreadIds(t, NURSING.herId, NURSING.orgnr)).not.toContain(id)
        expect(await alerts(t, id)).toHaveLength(1)
      } finally {
        await t.close()
        vi.useRealTimers()
      }
    },
    60_000,
  )
})
