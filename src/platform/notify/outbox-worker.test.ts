/**
 * The generic outbox worker on its own: an in-memory store standing in for a module's table, and channels that
 * record what they were given (or fail as told). The SQL side of claiming is tested with each module's table
 * (src/citizen/notifications/notification-worker.test.ts, test/exchange/alert-email.test.ts).
 */
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { DB } from '../db/schema.ts'
import { MailRecipientRefused, type OutgoingMail } from './mailer.ts'
import {
  ChannelNotConfigured,
  createOutboxPass,
  createOutboxWorker,
  destinationOf,
  isRefusal,
  type NotifyChannels,
  type OutboxFailure,
  type OutboxItem,
  type OutboxOptions,
  type Preparation,
} from './outbox-worker.ts'
import type { RetryPolicy } from './retry.ts'
import { type OutgoingSms, SmsGatewayUnavailable, SmsRefused } from './sms-gateway.ts'
import { type OutgoingWebhook, WebhookRefused, WebhookUnavailable } from './webhook-sender.ts'

const T0 = new Date('2026-11-23T12:00:00Z')
const RETRY: RetryPolicy = { firstDelayMs: 60_000, maxDelayMs: 300_000, maxAttempts: 4 }

type Row = OutboxItem & {
  to: string
  channel: 'email' | 'sms' | 'webhook' | 'skip'
  state: 'pending' | 'sent' | 'skipped' | 'failed'
  next: Date
  failure?: OutboxFailure
  skipReason?: string
}

/** A module's outbox table, in memory: the claim leases like the SQL does, and every outcome is kept. */
function memoryStore(rows: Row[]) {
  const calls = { claims: [] as { limit: number; leaseUntil: Date; inTransaction: boolean }[], released: [] as string[] }
  let inTransaction = false
  const db = {
    transaction: () => ({
      execute: async <T>(work: (trx: unknown) => Promise<T>) => {
        inTransaction = true
        try {
          return await work({})
        } finally {
          inTransaction = false
        }
      },
    }),
  } as unknown as Kysely<DB>
  const store: OutboxOptions<Row>['store'] = {
    async claim(_trx, { now, limit, leaseUntil }) {
      calls.claims.push({ limit, leaseUntil, inTransaction })
      const due = rows.filter((r) => r.state === 'pending' && r.next <= now).slice(0, limit)
      for (const r of due) {
        r.dueAt = r.next
        r.next = leaseUntil
      }
      return due.map((r) => ({ ...r }))
    },
    async prepare(items) {
      return items.map((item): Preparation => {
        if (item.channel === 'skip') return { action: 'skip', reason: 'rule-said-no' }
        if (item.channel === 'email')
          return {
            action: 'send',
            outgoing: { channel: 'email', mail: { to: item.to, subject: 'Emne', text: 'Tekst', messageId: `<${item.id}@x>`, kind: item.kind } },
          }
        if (item.channel === 'sms')
          return { action: 'send', outgoing: { channel: 'sms', sms: { to: item.to, text: 'Tekst', reference: item.id, kind: item.kind } } }
        return { action: 'send', outgoing: { channel: 'webhook', webhook: { url: item.to, body: { id: item.id }, id: item.id, secret: 's' } } }
      })
    },
    async markSent(item, _channel, _now) {
      row(item).state = 'sent'
    },
    async markSkipped(item, reason) {
      Object.assign(row(item), { state: 'skipped', skipReason: reason })
    },
    async markFailed(item, failure) {
      const r = row(item)
      r.failure = failure
      r.attempts = failure.attempts
      if (failure.retryAt) r.next = failure.retryAt
      else r.state = 'failed'
    },
    async release(item) {
      calls.released.push(item.id)
      row(item).next = item.dueAt
    },
  }
  const row = (item: OutboxItem) => rows.find((r) => r.id === item.id) as Row
  return { db, store, calls, row: (id: string) => rows.find((r) => r.id === id) as Row }
}

function pending(id: string, channel: Row['channel'], to = `${id}@samband.example`): Row {
  return { id, kind: 'test-kind', attempts: 0, dueAt: T0, to, channel, state: 'pending', next: T0 }
}

/** Channels that keep what they were asked to send, and fail for the recipients in `fail`. */
function recordingChannels(fail: Record<string, Error> = {}, delays: Record<string, number> = {}) {
  const sent: string[] = []
  const attempt = async (to: string) => {
    const delay = delays[to]
    if (delay) await new Promise((r) => setTimeout(r, delay))
    const error = fail[to]
    if (error) throw error
    sent.push(to)
  }
  const channels: NotifyChannels = {
    mailer: { send: (m: OutgoingMail) => attempt(m.to), close() {} },
    sms: { send: (s: OutgoingSms) => attempt(s.to) },
    webhooks: { send: (w: OutgoingWebhook) => attempt(w.url) },
  }
  return { channels, sent }
}

function logs() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = []
  return {
    lines,
    log: {
      info: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'info', fields, message }),
      warn: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'warn', fields, message }),
    },
  }
}

function pass(rows: Row[], channels: NotifyChannels, extra: Partial<OutboxOptions<Row>> = {}, now: () => Date = () => T0) {
  const mem = memoryStore(rows)
  const { log, lines } = logs()
  const outbox = createOutboxPass({ name: 'test.outbox', noun: 'test message', db: mem.db, now, store: mem.store, channels, log, retry: RETRY, ...extra })
  return { outbox, mem, lines }
}

describe('createOutboxPass', () => {
  it('claims a batch in one transaction with a lease, sends each row through its channel, and records sent and skipped', async () => {
    const rows = [pending('a', 'email'), pending('b', 'sms', '+4700000301'), pending('c', 'skip'), pending('d', 'webhook', 'https://hooks.example/d')]
    const { channels, sent } = recordingChannels()
    const { outbox, mem } = pass(rows, channels, { batchSize: 10, leaseMs: 120_000 })
    expect(await outbox.runOnce()).toEqual({ sent: 3, skipped: 1, failed: 0 })
    expect(sent.sort()).toEqual(['+4700000301', 'a@samband.example', 'https://hooks.example/d'])
    expect(mem.calls.claims).toEqual([{ limit: 10, leaseUntil: new Date(T0.getTime() + 120_000), inTransaction: true }])
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'skipped', 'sent'])
    expect(mem.row('c').skipReason).toBe('rule-said-no')
    expect(await outbox.runOnce()).toEqual({ sent: 0, skipped: 0, failed: 0 })
  })

  it('after a destination fails, its other rows are released without spending an attempt; other destinations go on', async () => {
    const rows = [pending('mail-1', 'email'), pending('mail-2', 'email'), pending('sms-1', 'sms', '+4700000301')]
    const { channels, sent } = recordingChannels({ 'mail-1@samband.example': new Error('ECONNREFUSED') })
    const { outbox, mem } = pass(rows, channels)
    expect(await outbox.runOnce()).toEqual({ sent: 1, skipped: 0, failed: 1 })
    expect(sent).toEqual(['+4700000301'])
    expect(mem.row('mail-1')).toMatchObject({
      state: 'pending',
      attempts: 1,
      next: new Date(T0.getTime() + 60_000),
      failure: { channel: 'email', attempts: 1, reason: 'channel-unavailable', retryAt: new Date(T0.getTime() + 60_000) },
    })
    expect(mem.calls.released).toEqual(['mail-2'])
    expect(mem.row('mail-2')).toMatchObject({ state: 'pending', attempts: 0, next: T0 })
  })

  it('backs off exponentially up to the cap, and gives up after the last attempt', async () => {
    const rows = [pending('x', 'sms', '+4700000302')]
    const { channels } = recordingChannels({ '+4700000302': new SmsGatewayUnavailable('503') })
    let now = T0
    const { outbox, mem } = pass(rows, channels, {}, () => now)
    const waits: number[] = []
    for (let attempt = 1; attempt <= RETRY.maxAttempts; attempt++) {
      expect(await outbox.runOnce()).toEqual({ sent: 0, skipped: 0, failed: 1 })
      const { failure } = mem.row('x')
      if (failure?.retryAt) waits.push(failure.retryAt.getTime() - now.getTime())
      // Not due before the backoff has passed.
      expect(await outbox.runOnce()).toEqual({ sent: 0, skipped: 0, failed: 0 })
      now = new Date(now.getTime() + RETRY.maxDelayMs)
    }
    expect(waits).toEqual([60_000, 120_000, 240_000])
    expect(mem.row('x')).toMatchObject({ state: 'failed', attempts: 4, failure: { reason: 'gave-up', retryAt: null } })
    expect(await outbox.runOnce()).toEqual({ sent: 0, skipped: 0, failed: 0 })
  })

  it('a refused recipient is given up at once and does not stop the destination; with refusalIsFinal false it is retried', async () => {
    const refusing = () =>
      recordingChannels({
        'wrong@samband.example': new MailRecipientRefused('550'),
        '+4700000303': new SmsRefused(400),
        'https://hooks.example/gone': new WebhookRefused(410),
      })
    const rows = () => [
      pending('m1', 'email', 'wrong@samband.example'),
      pending('m2', 'email'),
      pending('s1', 'sms', '+4700000303'),
      pending('w1', 'webhook', 'https://hooks.example/gone'),
    ]
    const final = rows()
    const first = refusing()
    const { outbox, mem } = pass(final, first.channels)
    expect(await outbox.runOnce()).toEqual({ sent: 1, skipped: 0, failed: 3 })
    expect(first.sent).toEqual(['m2@samband.example'])
    for (const id of ['m1', 's1', 'w1'])
      expect(mem.row(id)).toMatchObject({ state: 'failed', attempts: 1, failure: { reason: 'recipient-refused', retryAt: null } })

    const retried = rows()
    const second = refusing()
    const again = pass(retried, second.channels, { refusalIsFinal: false })
    expect(await again.outbox.runOnce()).toEqual({ sent: 0, skipped: 0, failed: 3 })
    expect(again.mem.row('m1')).toMatchObject({ state: 'pending', attempts: 1, failure: { reason: 'channel-unavailable' } })
    // Treated as an outage, so the destination is left alone for the rest of the pass.
    expect(again.mem.calls.released).toEqual(['m2'])
  })

  it('a webhook receiver that times out delays only its own rows', async () => {
    const slow = 'https://slow.example/hook'
    const rows = [
      pending('slow-1', 'webhook', slow),
      pending('slow-2', 'webhook', slow),
      ...Array.from({ length: 20 }, (_, i) => pending(`fast-${i}`, 'webhook', `https://subscriber-${i}.example/hook`)),
    ]
    const finished: string[] = []
    let doneWhenSlowTimedOut = -1
    const channels: NotifyChannels = {
      webhooks: {
        async send(w) {
          if (w.url === slow) {
            await new Promise((r) => setTimeout(r, 300))
            doneWhenSlowTimedOut = finished.length
            throw new WebhookUnavailable('timed out', null)
          }
          await new Promise((r) => setTimeout(r, 5))
          finished.push(w.id)
        },
      },
    }
    const { outbox, mem } = pass(rows, channels, { parallelDestinations: 4 })
    expect(await outbox.runOnce()).toEqual({ sent: 20, skipped: 0, failed: 1 })
    // Every other subscriber got its webhook while the slow one was still waiting for its timeout.
    expect(doneWhenSlowTimedOut).toBe(20)
    expect(mem.row('slow-1')).toMatchObject({ state: 'pending', attempts: 1 })
    expect(mem.calls.released).toEqual(['slow-2'])
  })

  it('a row whose channel is not configured fails and waits, like an outage', async () => {
    const rows = [pending('e', 'email')]
    const { outbox, mem, lines } = pass(rows, {})
    expect(await outbox.runOnce()).toEqual({ sent: 0, skipped: 0, failed: 1 })
    expect(mem.row('e')).toMatchObject({ state: 'pending', attempts: 1, failure: { reason: 'channel-unavailable' } })
    expect(lines.at(-1)?.fields).toMatchObject({ error: 'ChannelNotConfigured' })
  })

  it('releases what it has not sent when told to stop, and everything when preparing fails', async () => {
    const rows = [pending('a', 'sms', '+4700000304'), pending('b', 'sms', '+4700000305')]
    const stop = new AbortController()
    const channels: NotifyChannels = {
      sms: {
        async send() {
          stop.abort()
        },
      },
    }
    const { outbox, mem } = pass(rows, channels)
    expect(await outbox.runOnce(stop.signal)).toEqual({ sent: 1, skipped: 0, failed: 0 })
    expect(mem.calls.released).toEqual(['b'])
    expect(mem.row('b')).toMatchObject({ state: 'pending', next: T0, attempts: 0 })

    const broken = memoryStore([pending('c', 'email')])
    broken.store.prepare = async () => {
      throw new Error('register unreachable')
    }
    const failing = createOutboxPass({
      name: 'test.outbox',
      noun: 'test message',
      db: broken.db,
      now: () => T0,
      store: broken.store,
      channels: recordingChannels().channels,
      log: logs().log,
      retry: RETRY,
    })
    await expect(failing.runOnce()).rejects.toThrow('register unreachable')
    expect(broken.calls.released).toEqual(['c'])
    expect(broken.row('c')).toMatchObject({ state: 'pending', next: T0, attempts: 0 })
  })

  it('logs the outbox, id, kind, channel and outcome, never the recipient or the text', async () => {
    const rows = [pending('ok', 'sms', '+4700000306'), pending('down', 'email', 'kari.nordmann@samband.example'), pending('no', 'skip')]
    const { channels } = recordingChannels({
      'kari.nordmann@samband.example': Object.assign(new Error('Connection refused by kari.nordmann@samband.example'), { code: 'ECONNREFUSED' }),
    })
    const { outbox, lines } = pass(rows, channels)
    await outbox.runOnce()
    expect(lines.map((l) => l.message).sort()).toEqual(['test message failed; will retry', 'test message sent', 'test message skipped'])
    expect(lines.find((l) => l.message.includes('failed'))?.fields).toEqual({
      outbox: 'test.outbox',
      id: 'down',
      kind: 'test-kind',
      channel: 'email',
      attempts: 1,
      maxAttempts: 4,
      error: 'Error',
      code: 'ECONNREFUSED',
    })
    const text = JSON.stringify(lines)
    for (const secret of ['+4700000306', 'kari.nordmann', 'Tekst', 'Emne']) expect(text).not.toContain(secret)
  })
})

describe('createOutboxWorker', () => {
  it('runs the next pass at once after a full batch, and polls otherwise', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => pending(`r${i}`, 'sms', `+47000003${10 + i}`))
    const { channels, sent } = recordingChannels()
    const mem = memoryStore(rows)
    const worker = createOutboxWorker({
      name: 'test.outbox',
      noun: 'test message',
      db: mem.db,
      now: () => T0,
      store: mem.store,
      channels,
      log: logs().log,
      retry: RETRY,
      batchSize: 2,
      pollMs: 60_000,
    })
    await worker.start()
    for (let i = 0; i < 100 && sent.length < 5; i++) await new Promise((r) => setTimeout(r, 10))
    await worker.stop()
    expect(sent).toHaveLength(5)
    expect(mem.calls.claims.map((c) => c.limit)).toEqual([2, 2, 2])
  })
})

describe('channel helpers', () => {
  it('one destination per SMTP server and SMS gateway, one per webhook origin', () => {
    const mail = { channel: 'email' as const, mail: { to: 'a@b.no', subject: 's', text: 't', messageId: '<m@x>' } }
    const hook = (url: string) => ({ channel: 'webhook' as const, webhook: { url, body: {}, id: 'i', secret: 's' } })
    expect(destinationOf(mail)).toBe('email')
    expect(destinationOf({ channel: 'sms', sms: { to: '+4700000301', text: 't', reference: 'r' } })).toBe('sms')
    expect(destinationOf(hook('https://a.example/x'))).toBe(destinationOf(hook('https://a.example/y?z=1')))
    expect(destinationOf(hook('https://a.example/x'))).not.toBe(destinationOf(hook('https://b.example/x')))
  })

  it('refusals are the receivers saying no to the message; everything else is an outage', () => {
    expect([new MailRecipientRefused('x'), new SmsRefused(400), new WebhookRefused(404)].every(isRefusal)).toBe(true)
    expect([new SmsGatewayUnavailable('x'), new WebhookUnavailable('x', 503), new ChannelNotConfigured('x'), new Error('x')].some(isRefusal)).toBe(false)
  })
})
