/**
 * E-mails each alert (exchange_alert: an AppRec overdue, a delivery failed) to the sending service's contact point,
 * through the shared outbox worker (src/platform/notify/outbox-worker.ts: claim with a lease in a short transaction,
 * send between transactions, record the outcome, backoff, bounded attempts, content-free logs). What is the
 * exchange's own is here: its rows, the facts an e-mail may state (alert.repository.ts) and the text (alert-email.ts).
 *
 * Delivery guarantee: at least once, and exactly once unless a process dies in the milliseconds between the SMTP
 * server accepting the e-mail and the alert being marked notified; the resend then carries the same Message-ID. SMTP
 * has no way to take an accepted e-mail back or to ask whether it was accepted, so this is as close to exactly once
 * as SMTP allows. No row lock is held while the SMTP server answers.
 *
 * Failures: notify_attempts + 1 and the next try by the backoff schedule; after the last attempt the worker gives up
 * and the alert stays visible in the portal. A server that refuses the recipient is retried like one that is away (a
 * full or misconfigured mailbox at a contact point is often put right within the hours the schedule spans, and the
 * alert matters). An alert whose sender has no contact point anywhere up the registry is not tried at all. Alerts
 * resolved before they were sent (a late AppRec) are not sent.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { Mailer } from '../../platform/notify/mailer.ts'
import { createOutboxWorker, type NotifyLog, type OutboxStore, type OutboxWorker, type Preparation } from '../../platform/notify/outbox-worker.ts'
import { type RetryPolicy, retryOffsetsSeconds as offsetsOf } from '../../platform/notify/retry.ts'
import { composeAlertEmail } from './alert-email.ts'
import {
  abandonAlertNotification,
  alertFacts,
  type ClaimedAlert,
  claimDueAlerts,
  markAlertNotified,
  recordAlertNotifyFailure,
  releaseAlert,
} from './alert.repository.ts'

/** The part of a pino / Fastify logger the exchange uses. */
export type ExchangeLog = NotifyLog

export type AlertRetry = RetryPolicy

/** 12 attempts: 1, 2, 4 … 32 minutes apart, then hourly; the last about 6 hours after the alert. */
export const DEFAULT_ALERT_RETRY: AlertRetry = { firstDelayMs: 60_000, maxDelayMs: 3_600_000, maxAttempts: 12 }

/** Seconds after the alert at which attempt 1, 2, … start when each earlier one failed on time. */
export function retryOffsetsSeconds(retry: AlertRetry): number[] {
  return offsetsOf(retry)
}

export type AlertNotifierOptions = {
  mailer: Mailer
  /** For the link to the staff portal's outbox. */
  publicUrl: string
  /** Domain for the Message-ID header. */
  messageIdDomain: string
  log: ExchangeLog
  /** How often to look for due alerts when nothing wakes the worker. */
  pollMs?: number
  /** Most alerts per pass. */
  batchSize?: number
  retry?: AlertRetry
  onError?: (error: unknown) => void
}

export type AlertNotifier = OutboxWorker

/** The worker, not started (the composition root starts it). */
export function createAlertNotifier(deps: { db: Kysely<DB>; now: () => Date }, options: AlertNotifierOptions): AlertNotifier {
  const retry = options.retry ?? DEFAULT_ALERT_RETRY
  const { db } = deps
  const store: OutboxStore<ClaimedAlert> = {
    claim: (trx, request) => claimDueAlerts(trx, { ...request, maxAttempts: retry.maxAttempts }),
    async prepare(alerts) {
      const prepared: Preparation[] = []
      for (const alert of alerts) {
        const { facts, contactEmail } = await alertFacts(db, alert)
        if (!contactEmail) {
          prepared.push({ action: 'skip', reason: 'sender-has-no-contact-point' })
          continue
        }
        const email = composeAlertEmail(facts, options.publicUrl)
        prepared.push({
          action: 'send',
          outgoing: {
            channel: 'email',
            mail: {
              to: contactEmail,
              subject: email.subject,
              text: email.text,
              messageId: `<exchange-alert-${alert.id}@${options.messageIdDomain}>`,
              kind: alert.kind,
            },
          },
        })
      }
      return prepared
    },
    markSent: (alert, _channel, now) => markAlertNotified(db, alert.id, now),
    markSkipped: (alert) => abandonAlertNotification(db, alert.id, retry.maxAttempts),
    markFailed: (alert, failure) =>
      recordAlertNotifyFailure(db, alert.id, { attempts: failure.attempts, retryAt: failure.retryAt, maxAttempts: retry.maxAttempts }),
    release: (alert) => releaseAlert(db, alert.id, alert.dueAt),
  }
  return createOutboxWorker({
    name: 'exchange.alert-emails',
    noun: 'exchange alert e-mail',
    db,
    now: deps.now,
    store,
    channels: { mailer: options.mailer },
    log: options.log,
    retry,
    refusalIsFinal: false,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    pollMs: options.pollMs ?? 30_000,
    onError: options.onError,
  })
}
