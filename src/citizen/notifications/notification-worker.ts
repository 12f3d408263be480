/**
 * Sends the notification outbox: SMS through the gateway, e-mail over SMTP, the same worker in every process.
 *
 * A pass: list due rows (no locks) → look their people up in the contact register, all in one call and at send
 * time, never stored → then for each row one transaction: claim it again (SELECT … FOR UPDATE SKIP LOCKED, still
 * pending and due) → decide (level, reservation, passive contact, channel) → render → send → mark sent, skipped or
 * failed → commit. The register is asked between transactions, not inside one: a KRR lookup is a network call that
 * should not hold a row lock, and on PGlite's single connection a lookup from inside the transaction would wait for
 * itself. The answer is at most one pass old when used.
 *
 * Delivery guarantee — at least once, and exactly once unless a process dies in a window of milliseconds: the row
 * lock is the claim, and it ends with the transaction, so a crashed worker's claim is released by the database at
 * once and the row is sent by the next pass. Only a crash (or a lost database connection) after the gateway or the
 * SMTP server accepted the notification and before the commit sends it again. SMTP and a plain HTTP gateway cannot
 * take an accepted message back, so the resend carries the same Message-ID (e-mail) and Idempotency-Key / reference
 * (SMS) for the receiving side to recognise. The price: the row stays locked while sending (bounded by the clients'
 * timeouts); on PGlite the process waits for the send.
 *
 * Failures: a gateway or SMTP server that is away is retried with doubling backoff up to a bound, then the row is
 * marked failed; a refusal of the recipient itself fails at once. After one such failure the rest of the pass leaves
 * that channel alone, so a down gateway does not use up every row's attempts. Logs name the notification id, kind
 * and outcome only: no address, no person.
 */
import type { Kysely } from 'kysely'
import { startPollingLoop } from '../../platform/jobs/polling-loop.ts'
import type { DB } from '../../platform/db/schema.ts'
import { type Mailer, MailRecipientRefused } from '../../platform/mail/smtp-mailer.ts'
import type { ContactRegister } from './contact-register.ts'
import {
  claimNotification,
  getNotificationLevel,
  listDueNotifications,
  markNotificationSent,
  markNotificationSkipped,
  recordNotificationFailure,
} from './notification.repository.ts'
import { type ContactDetails, decideDelivery, type NotificationChannel } from './notification-rules.ts'
import { renderNotification } from './notification-templates.ts'
import { type SmsGateway, SmsRefused } from './sms-gateway.ts'

export type NotificationLog = {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
}

export type NotificationRetry = {
  /** Wait after the first failure; doubles after each further one … */
  firstDelayMs: number
  /** … up to this. */
  maxDelayMs: number
  /** Attempts in all, the first included. */
  maxAttempts: number
}

/** 10 attempts: 30 s, 1, 2, 4 … 64 minutes apart (capped at an hour); the last about 4 hours after the first. */
export const DEFAULT_NOTIFICATION_RETRY: NotificationRetry = { firstDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 10 }

/** The wait before the next try after `failedAttempts` failures (1 or more). */
export function retryDelayMs(retry: NotificationRetry, failedAttempts: number): number {
  return Math.min(retry.firstDelayMs * 2 ** Math.max(0, failedAttempts - 1), retry.maxDelayMs)
}

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

export type PassResult = { sent: number; skipped: number; failed: number }

export type NotificationDispatcher = { runOnce(): Promise<PassResult> }

type Outcome = 'gone' | 'sent' | 'skipped' | { failed: NotificationChannel; permanent: boolean }

export function createNotificationDispatcher(deps: NotificationDispatcherDeps, options: NotificationDispatcherOptions): NotificationDispatcher {
  const batchSize = options.batchSize ?? 50
  const retry = options.retry ?? DEFAULT_NOTIFICATION_RETRY
  const { log } = deps

  async function deliver(id: string, contacts: Map<string, ContactDetails>, channelsDown: Set<NotificationChannel>): Promise<Outcome> {
    return deps.db.transaction().execute(async (trx): Promise<Outcome> => {
      const now = deps.now()
      const n = await claimNotification(trx, id, now)
      if (!n) return 'gone'
      const level = await getNotificationLevel(trx, n.personId)
      const decision = decideDelivery({ kind: n.kind, level, contact: contacts.get(n.nationalId) ?? null, now })
      if (decision.action === 'skip') {
        await markNotificationSkipped(trx, n.id, decision.reason, now)
        log.info({ notificationId: n.id, kind: n.kind, reason: decision.reason }, 'notification skipped')
        return 'skipped'
      }
      const { channel, to } = decision
      // Leave it for a later pass without spending an attempt: the channel failed for another row just now.
      if (channelsDown.has(channel)) return 'gone'
      const rendered = renderNotification({ kind: n.kind, senderName: n.senderName, senderSensitive: n.senderSensitive }, channel, options.portalUrl)
      try {
        if (rendered.channel === 'sms') {
          if (!deps.sms) throw new Error('SMS is not configured')
          await deps.sms.send({ to, text: rendered.text, reference: n.id })
        } else {
          if (!deps.mailer) throw new Error('e-mail is not configured')
          await deps.mailer.send({ to, subject: rendered.subject, text: rendered.text, messageId: `<notification-${n.id}@${options.messageIdDomain}>` })
        }
      } catch (error) {
        const permanent = error instanceof SmsRefused || error instanceof MailRecipientRefused
        const attempts = n.attempts + 1
        const giveUp = permanent || attempts >= retry.maxAttempts
        const reason = permanent ? 'recipient-refused' : giveUp ? 'gave-up' : 'channel-unavailable'
        await recordNotificationFailure(trx, n.id, { channel, reason, retryAt: giveUp ? null : new Date(now.getTime() + retryDelayMs(retry, attempts)), now })
        const detail = { notificationId: n.id, kind: n.kind, channel, attempts, maxAttempts: retry.maxAttempts, error: (error as Error)?.name }
        log.warn(detail, giveUp ? 'notification given up' : 'notification failed; will retry')
        return { failed: channel, permanent }
      }
      await markNotificationSent(trx, n.id, channel, now)
      log.info({ notificationId: n.id, kind: n.kind, channel }, 'notification sent')
      return 'sent'
    })
  }

  return {
    async runOnce() {
      const result: PassResult = { sent: 0, skipped: 0, failed: 0 }
      const due = await listDueNotifications(deps.db, deps.now(), batchSize)
      if (due.length === 0) return result
      const found = await deps.register.lookup([...new Set(due.map((d) => d.nationalId))])
      const contacts = new Map(found.map((c) => [c.nationalId, c]))
      const channelsDown = new Set<NotificationChannel>()
      for (const { id } of due) {
        const outcome = await deliver(id, contacts, channelsDown)
        if (outcome === 'sent') result.sent++
        else if (outcome === 'skipped') result.skipped++
        else if (outcome !== 'gone') {
          result.failed++
          if (!outcome.permanent) channelsDown.add(outcome.failed)
        }
      }
      return result
    },
  }
}

export type NotificationWorker = {
  /** Look now (call after committing an enqueue). */
  wake(): void
  /** One pass; waits for a pass already running in this process first. */
  runOnce(): Promise<PassResult>
  /** Ends the loop after the pass under way. The mailer and gateway belong to the caller. */
  stop(): Promise<void>
}

/** Runs the dispatcher every `pollMs` (default 10 s), at once when woken, and again at once after a full batch. */
export function startNotificationWorker(
  dispatcher: NotificationDispatcher,
  options: { pollMs?: number; batchSize?: number; onError?: (error: unknown) => void } = {},
): NotificationWorker {
  const pollMs = options.pollMs ?? 10_000
  const batchSize = options.batchSize ?? 50
  const loop = startPollingLoop({
    pollMs,
    onError: options.onError,
    pass: async () => {
      const r = await dispatcher.runOnce()
      return r.sent + r.skipped + r.failed >= batchSize && r.failed === 0
    },
  })

  return {
    wake: () => loop.wake(),
    runOnce: () => loop.serial(() => dispatcher.runOnce()),
    async stop() {
      await loop.stop()
    },
  }
}
