/**
 * The outbox worker every module's notifications go through: the part that is the same whatever the rows are.
 * A module brings its store (its own table: which rows are due, what each one says, where the outcome goes) and the
 * worker does the rest, on the polling model of ADR 0011:
 *
 *   1. claim: in one short transaction, lock up to `batchSize` due rows (FOR UPDATE SKIP LOCKED, so other processes
 *      pass over them) and lease them by moving their next attempt `leaseMs` ahead; commit. No transaction is open
 *      while anything is sent, so a slow SMTP server holds no row lock and no pool connection (and on PGlite, with its
 *      single connection, does not hold up every request).
 *   2. prepare: the module renders each row (templates, rules, lookups such as the contact register), or skips it.
 *   3. send, through the channel the row needs (e-mail, SMS, webhook), destinations in parallel and the rows of one
 *      destination one after another; a destination that fails (away, timed out, 5xx) is left alone for the rest of
 *      the pass, and its other rows are released without spending an attempt. A webhook subscriber that times out
 *      therefore delays only its own rows.
 *   4. record the outcome of each row on its own: sent; skipped (the module's rule said no); failed, due again after
 *      the backoff, or given up after `retry.maxAttempts` attempts or at once when the receiver refused the message
 *      itself (a refused recipient, a 4xx webhook).
 *
 * Delivery guarantee: at least once, and exactly once unless a process dies between a channel accepting a message and
 * the outcome being recorded (milliseconds): the lease then runs out and the row is sent again, with the same
 * Message-ID, Idempotency-Key or webhook-id for the receiving side to recognise. A process that dies before sending
 * leaves its rows to be picked up when their lease runs out. A pass that has used half its lease stops taking new rows
 * and releases the rest, so a lease never runs out under a live worker.
 *
 * Logs name the outbox, the row's id and kind, the channel and the outcome: never an address, a number or a text.
 */
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import { createPollingWorker, type Worker } from '../jobs/polling-loop.ts'
import { type Mailer, MailRecipientRefused, type OutgoingMail } from './mailer.ts'
import { type RetryPolicy, retryDelayMs } from './retry.ts'
import { type OutgoingSms, type SmsGateway, SmsRefused } from './sms-gateway.ts'
import { type OutgoingWebhook, type WebhookSender, WebhookRefused } from './webhook-sender.ts'

export type NotifyChannel = 'email' | 'sms' | 'webhook'

export type Outgoing = { channel: 'email'; mail: OutgoingMail } | { channel: 'sms'; sms: OutgoingSms } | { channel: 'webhook'; webhook: OutgoingWebhook }

/** The channels a worker may send through; null or absent: not configured, and rows that need it fail and wait. */
export type NotifyChannels = { mailer?: Mailer | null; sms?: SmsGateway | null; webhooks?: WebhookSender | null }

/** pino's calling convention; never given an address, a number or a text. */
export type NotifyLog = {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
}

/** A row that needs a channel this process does not have. */
export class ChannelNotConfigured extends Error {
  override name = 'ChannelNotConfigured'
}

/** Sends one message through its channel. */
export async function sendThrough(channels: NotifyChannels, outgoing: Outgoing): Promise<void> {
  switch (outgoing.channel) {
    case 'email':
      if (!channels.mailer) throw new ChannelNotConfigured('e-mail is not configured')
      return channels.mailer.send(outgoing.mail)
    case 'sms':
      if (!channels.sms) throw new ChannelNotConfigured('SMS is not configured')
      return channels.sms.send(outgoing.sms)
    case 'webhook':
      if (!channels.webhooks) throw new ChannelNotConfigured('webhooks are not configured')
      return channels.webhooks.send(outgoing.webhook)
  }
}

/** The receiver refused this message itself: trying again will not help (unlike a server that is away). */
export function isRefusal(error: unknown): boolean {
  return error instanceof MailRecipientRefused || error instanceof SmsRefused || error instanceof WebhookRefused
}

/**
 * Whom a failure says something about: the one SMTP server, the one SMS gateway, or one webhook receiver (by
 * origin). Rows for the same destination go one after another, and a failure leaves that destination alone.
 */
export function destinationOf(outgoing: Outgoing): string {
  if (outgoing.channel !== 'webhook') return outgoing.channel
  try {
    return `webhook ${new URL(outgoing.webhook.url).origin}`
  } catch {
    return `webhook ${outgoing.webhook.url}`
  }
}

/** What the worker needs of a claimed row; a module's store adds what its templates need. */
export type OutboxItem = {
  id: string
  /** For logs and the development mailbox, e.g. 'message-from-health-personnel'. */
  kind: string
  /** Failed attempts so far. */
  attempts: number
  /** When the row was due before the claim leased it: a released row is due again from then. */
  dueAt: Date
}

export type Preparation = { action: 'send'; outgoing: Outgoing } | { action: 'skip'; reason: string }

export type FailureReason = 'recipient-refused' | 'gave-up' | 'channel-unavailable'

export type OutboxFailure = {
  channel: NotifyChannel
  /** Failed attempts, this one included. */
  attempts: number
  reason: FailureReason
  /** When to try again; null: given up. */
  retryAt: Date | null
}

/** A module's outbox table, seen by the worker. Every method but claim writes with the database handle it was made with. */
export type OutboxStore<I extends OutboxItem> = {
  /** Inside the worker's claim transaction: lock up to `limit` due rows FOR UPDATE SKIP LOCKED, set their next attempt to `leaseUntil`, return them. */
  claim(trx: Transaction<DB>, request: { now: Date; limit: number; leaseUntil: Date }): Promise<I[]>
  /** Outside any transaction: what to send for each claimed row, in the same order (lookups for the whole batch at once). */
  prepare(items: readonly I[], now: Date): Promise<Preparation[]>
  markSent(item: I, channel: NotifyChannel, now: Date): Promise<void>
  markSkipped(item: I, reason: string, now: Date): Promise<void>
  markFailed(item: I, failure: OutboxFailure, now: Date): Promise<void>
  /** Not tried in this pass: due again from `item.dueAt`, no attempt spent. */
  release(item: I): Promise<void>
}

export type OutboxPassResult = { sent: number; skipped: number; failed: number }

export type OutboxOptions<I extends OutboxItem> = {
  /** The worker's name, in logs: e.g. 'citizen.notifications'. */
  name: string
  /** What a row is called in log messages: 'notification', 'exchange alert e-mail'. */
  noun: string
  /** Not a transaction: the worker opens its own, short ones. */
  db: Kysely<DB>
  now: () => Date
  store: OutboxStore<I>
  channels: NotifyChannels
  log: NotifyLog
  retry: RetryPolicy
  /** Most rows per pass (50). */
  batchSize?: number
  /** How long a claim keeps a row from other workers (10 minutes); a crashed worker's rows wait this long. */
  leaseMs?: number
  /** Destinations sent to at the same time (8). */
  parallelDestinations?: number
  /** A refusal of the message itself gives up at once (true); false retries it like an outage. */
  refusalIsFinal?: boolean
}

export const DEFAULT_OUTBOX_LEASE_MS = 10 * 60_000

export type OutboxPass = {
  runOnce(signal?: AbortSignal): Promise<OutboxPassResult>
  readonly batchSize: number
}

export function createOutboxPass<I extends OutboxItem>(options: OutboxOptions<I>): OutboxPass {
  const { store, log, retry } = options
  const batchSize = options.batchSize ?? 50
  const leaseMs = options.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS
  const parallel = options.parallelDestinations ?? 8
  const refusalIsFinal = options.refusalIsFinal ?? true
  const fields = (item: I, extra: Record<string, unknown> = {}) => ({ outbox: options.name, id: item.id, kind: item.kind, ...extra })

  async function runOnce(signal?: AbortSignal): Promise<OutboxPassResult> {
    const result: OutboxPassResult = { sent: 0, skipped: 0, failed: 0 }
    // The lease is measured on a clock that only moves forward, whatever the app's clock says.
    const started = performance.now()
    const claimedAt = options.now()
    const leaseUntil = new Date(claimedAt.getTime() + leaseMs)
    const items = await options.db.transaction().execute((trx) => store.claim(trx, { now: claimedAt, limit: batchSize, leaseUntil }))
    if (items.length === 0) return result

    let prepared: Preparation[]
    try {
      prepared = await store.prepare(items, claimedAt)
    } catch (error) {
      for (const item of items) await store.release(item)
      throw error
    }

    const byDestination = new Map<string, { item: I; outgoing: Outgoing }[]>()
    for (const [i, item] of items.entries()) {
      const preparation = prepared[i]
      if (!preparation || preparation.action === 'skip') {
        const reason = preparation?.action === 'skip' ? preparation.reason : 'not-prepared'
        await store.markSkipped(item, reason, options.now())
        log.info(fields(item, { reason }), `${options.noun} skipped`)
        result.skipped++
        continue
      }
      const destination = destinationOf(preparation.outgoing)
      const queue = byDestination.get(destination) ?? []
      queue.push({ item, outgoing: preparation.outgoing })
      byDestination.set(destination, queue)
    }

    async function sendAll(queue: { item: I; outgoing: Outgoing }[]): Promise<void> {
      let down = false
      for (const { item, outgoing } of queue) {
        if (down || signal?.aborted || performance.now() - started > leaseMs / 2) {
          await store.release(item)
          continue
        }
        const { channel } = outgoing
        try {
          await sendThrough(options.channels, outgoing)
        } catch (error) {
          const refused = isRefusal(error)
          const final = refused && refusalIsFinal
          const attempts = item.attempts + 1
          const giveUp = final || attempts >= retry.maxAttempts
          const now = options.now()
          const failure: OutboxFailure = {
            channel,
            attempts,
            reason: final ? 'recipient-refused' : giveUp ? 'gave-up' : 'channel-unavailable',
            retryAt: giveUp ? null : new Date(now.getTime() + retryDelayMs(retry, attempts)),
          }
          await store.markFailed(item, failure, now)
          log.warn(
            fields(item, { channel, attempts, maxAttempts: retry.maxAttempts, ...errorFields(error) }),
            giveUp ? `${options.noun} given up` : `${options.noun} failed; will retry`,
          )
          result.failed++
          // The recipient was refused, not the destination: the rest may still go.
          if (!final) down = true
          continue
        }
        await store.markSent(item, channel, options.now())
        log.info(fields(item, { channel }), `${options.noun} sent`)
        result.sent++
      }
    }

    const queues = [...byDestination.values()]
    const lanes = Array.from({ length: Math.min(parallel, queues.length) }, async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) await sendAll(queue)
    })
    await Promise.all(lanes)
    return result
  }

  return { runOnce, batchSize }
}

export type OutboxWorker = Worker<OutboxPassResult>

/**
 * The outbox as a worker: a pass every `pollMs`, at once when woken, and again at once after a full batch that
 * went through (after a failure, the next pass waits for the poll: the backoff decides when rows are due again).
 */
export function createOutboxWorker<I extends OutboxItem>(
  options: OutboxOptions<I> & { pollMs: number; onError?: ((error: unknown) => void) | undefined },
): OutboxWorker {
  return outboxWorker(createOutboxPass(options), options)
}

/** A worker over a pass made elsewhere (a module that exposes its pass for tests). */
export function outboxWorker(pass: OutboxPass, options: { name: string; pollMs: number; onError?: ((error: unknown) => void) | undefined }): OutboxWorker {
  return createPollingWorker({
    name: options.name,
    pollMs: options.pollMs,
    onError: options.onError,
    pass: (signal) => pass.runOnce(signal),
    more: (r) => r.sent + r.skipped + r.failed >= pass.batchSize && r.failed === 0,
  })
}

/** What a failure may say in a log: the error's class and code, an SMTP or HTTP status; never its message. */
function errorFields(error: unknown): Record<string, unknown> {
  const e = error as { name?: unknown; code?: unknown; responseCode?: unknown; status?: unknown }
  return {
    error: typeof e?.name === 'string' ? e.name : 'Error',
    ...(typeof e?.code === 'string' ? { code: e.code.slice(0, 40) } : {}),
    ...(typeof e?.responseCode === 'number' ? { responseCode: e.responseCode } : {}),
    ...(typeof e?.status === 'number' ? { status: e.status } : {}),
  }
}
