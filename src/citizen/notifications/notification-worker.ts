/**
 * Sends the notification outbox through the shared outbox worker (src/platform/notify/outbox-worker.ts: claim with a
 * lease, send between transactions, record the outcome, backoff, bounded attempts, content-free logs). What is the
 * citizen module's own is here: its rows, and for each claimed batch the rules and templates — the contact register
 * asked once for the whole batch and at send time, never stored; the citizen's level, reservation and passive
 * contacts deciding whether and by which channel (SMS first, e-mail without a mobile number); the content-free text.
 *
 * The register is asked between transactions, not inside one: a KRR lookup is a network call that should not hold a
 * row lock, and on PGlite's single connection a lookup from inside a transaction would wait for itself.
 * SMS carry the notification's id as reference and Idempotency-Key, e-mails a Message-ID made from it, so that the
 * one duplicate an ill-timed crash can cause is recognisable as such.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { Mailer } from '../../platform/notify/mailer.ts'
import {
  createOutboxPass,
  type NotifyLog,
  type OutboxPassResult,
  type OutboxStore,
  type OutboxWorker,
  outboxWorker,
  type Preparation,
} from '../../platform/notify/outbox-worker.ts'
import type { RetryPolicy } from '../../platform/notify/retry.ts'
import type { SmsGateway } from '../../platform/notify/sms-gateway.ts'
import type { ContactRegister } from './contact-register.ts'
import {
  type ClaimedNotification,
  claimNotifications,
  markNotificationSent,
  markNotificationSkipped,
  recordNotificationFailure,
  releaseNotification,
} from './notification.repository.ts'
import { decideDelivery, type NotificationChannel } from './notification-rules.ts'
import { renderNotification } from './notification-templates.ts'

export type NotificationLog = NotifyLog

export type NotificationRetry = RetryPolicy

/** 10 attempts: 30 s, 1, 2, 4 … 64 minutes apart (capped at an hour); the last about 4 hours after the first. */
export const DEFAULT_NOTIFICATION_RETRY: NotificationRetry = { firstDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 10 }

export type NotificationDispatcherDeps = {
  /** Not a transaction: the dispatcher opens its own. */
  db: Kysely<DB>
  now: () => Date
  register: ContactRegister
  /** Null: e-mail is not configured; e-mail notifications wait (and use up attempts) until it is. */
  mailer: Mailer | null
  /** Null: SMS is not configured. */
  sms: SmsGateway | null
  log: NotificationLog
}

export type NotificationDispatcherOptions = {
  /** Where citizens log in, named in every text. */
  portalUrl: string
  /** Domain for the e-mail Message-ID header. */
  messageIdDomain: string
  /** Most notifications per pass. */
  batchSize?: number
  retry?: NotificationRetry
}

export type PassResult = OutboxPassResult

export type NotificationDispatcher = { runOnce(signal?: AbortSignal): Promise<PassResult>; readonly batchSize: number }

/** The notification outbox's rows as the shared worker sees them. */
function notificationStore(deps: NotificationDispatcherDeps, options: NotificationDispatcherOptions): OutboxStore<ClaimedNotification> {
  const { db } = deps
  return {
    claim: (trx, request) => claimNotifications(trx, request),
    async prepare(items, now) {
      const found = await deps.register.lookup([...new Set(items.map((n) => n.nationalId))])
      const contacts = new Map(found.map((c) => [c.nationalId, c]))
      return items.map((n): Preparation => {
        const decision = decideDelivery({ kind: n.kind, level: n.level, contact: contacts.get(n.nationalId) ?? null, now })
        if (decision.action === 'skip') return { action: 'skip', reason: decision.reason }
        const rendered = renderNotification({ kind: n.kind, senderName: n.senderName, senderSensitive: n.senderSensitive }, decision.channel, options.portalUrl)
        if (rendered.channel === 'sms')
          return { action: 'send', outgoing: { channel: 'sms', sms: { to: decision.to, text: rendered.text, reference: n.id, kind: n.kind } } }
        return {
          action: 'send',
          outgoing: {
            channel: 'email',
            mail: {
              to: decision.to,
              subject: rendered.subject,
              text: rendered.text,
              messageId: `<notification-${n.id}@${options.messageIdDomain}>`,
              kind: n.kind,
            },
          },
        }
      })
    },
    markSent: (n, channel, now) => markNotificationSent(db, n.id, channel as NotificationChannel, now),
    markSkipped: (n, reason, now) => markNotificationSkipped(db, n.id, reason, now),
    markFailed: (n, failure, now) =>
      recordNotificationFailure(db, n.id, {
        channel: failure.channel as NotificationChannel,
        attempts: failure.attempts,
        reason: failure.reason,
        retryAt: failure.retryAt,
        now,
      }),
    release: (n) => releaseNotification(db, n.id, n.dueAt),
  }
}

export function createNotificationDispatcher(deps: NotificationDispatcherDeps, options: NotificationDispatcherOptions): NotificationDispatcher {
  return createOutboxPass({
    name: 'citizen.notifications',
    noun: 'notification',
    db: deps.db,
    now: deps.now,
    store: notificationStore(deps, options),
    channels: { mailer: deps.mailer, sms: deps.sms },
    log: deps.log,
    retry: options.retry ?? DEFAULT_NOTIFICATION_RETRY,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
  })
}

export type NotificationWorker = OutboxWorker

export type NotificationWorkerOptions = { pollMs?: number; onError?: (error: unknown) => void }

/** The dispatcher as a worker (not started): every `pollMs` (default 10 s), at once when woken, and again at once after a full batch. */
export function createNotificationWorker(dispatcher: NotificationDispatcher, options: NotificationWorkerOptions = {}): NotificationWorker {
  return outboxWorker(dispatcher, { name: 'citizen.notifications', pollMs: options.pollMs ?? 10_000, onError: options.onError })
}

/** createNotificationWorker, started. */
export function startNotificationWorker(dispatcher: NotificationDispatcher, options: NotificationWorkerOptions = {}): NotificationWorker {
  const worker = createNotificationWorker(dispatcher, options)
  void worker.start()
  return worker
}
