/**
 * E-mails each alert (exchange_alert: an AppRec overdue, a delivery failed) to the sending service's contact point:
 * an outbox worker over the alert rows, the same in every process.
 *
 * Delivery guarantee — at least once, and exactly once unless a process dies in a window of milliseconds:
 *   one transaction per alert: claim the row (SELECT … FOR UPDATE SKIP LOCKED) → send over SMTP → set notified_at
 *   → commit. The row lock is the claim's lease: while one worker holds it, every other worker skips the alert, and
 *   it ends with the transaction, so a crashed worker's claim is released by the database at once, not after a
 *   timeout. Only a crash (or a lost database connection) after the SMTP server accepted the e-mail and before the
 *   commit sends it again; the e-mail then carries the same Message-ID. SMTP has no way to take an accepted e-mail
 *   back or to ask whether it was accepted, so this is as close to exactly once as SMTP allows.
 *   The price: the row stays locked during the SMTP exchange (bounded by the mailer's timeouts). On PostgreSQL that
 *   holds one pool connection; on PGlite, which has a single connection, the process waits for the send. A late
 *   AppRec that resolves the alert meanwhile waits for the lock too.
 *
 * Failures: notify_attempts + 1 in the same transaction, and the next try waits by a backoff schedule counted
 * from the alert's created_at (the table has no column for the time of the last try); after the last attempt the
 * worker gives up and the alert stays visible in the portal. Alerts resolved before they were sent (a late AppRec)
 * are not sent. Logs name the alert id only: no address, no content.
 */
import type { Kysely } from 'kysely'
import { startPollingLoop } from '../../platform/jobs/polling-loop.ts'
import type { DB } from '../../platform/db/schema.ts'
import { composeAlertEmail } from './alert-email.ts'
import { abandonAlertNotification, alertFacts, claimDueAlert, markAlertNotified, recordAlertNotifyFailure } from './alert.repository.ts'
import type { AlertMailer } from './smtp-mailer.ts'

/** The part of a pino / Fastify logger the exchange uses. */
export type ExchangeLog = {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
}

export type AlertRetry = {
  /** Wait after the first failure; doubles after each further one … */
  firstDelayMs: number
  /** … up to this. */
  maxDelayMs: number
  /** Attempts in all, the first included. */
  maxAttempts: number
}

/** 12 attempts: 1, 2, 4 … 32 minutes apart, then hourly; the last about 6 hours after the alert. */
export const DEFAULT_ALERT_RETRY: AlertRetry = { firstDelayMs: 60_000, maxDelayMs: 3_600_000, maxAttempts: 12 }

export type AlertNotifierOptions = {
  mailer: AlertMailer
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

export type AlertNotifier = {
  /** Look now (the dispatcher calls this after raising an alert). */
  wake(): void
  /** One pass; waits for a pass already running in this process first. For tests. */
  runOnce(): Promise<{ sent: number; failed: number }>
  stop(): Promise<void>
}

/** Seconds after created_at at which attempt 1, 2, … may start. */
export function retryOffsetsSeconds(retry: AlertRetry): number[] {
  const offsets: number[] = []
  let at = 0
  for (let attempt = 0; attempt < retry.maxAttempts; attempt++) {
    offsets.push(at / 1000)
    at += Math.min(retry.firstDelayMs * 2 ** attempt, retry.maxDelayMs)
  }
  return offsets
}

type Outcome = 'none' | 'sent' | 'failed' | 'abandoned'

export function startAlertNotifier(deps: { db: Kysely<DB>; now: () => Date }, options: AlertNotifierOptions): AlertNotifier {
  const pollMs = options.pollMs ?? 30_000
  const batchSize = options.batchSize ?? 50
  const retry = options.retry ?? DEFAULT_ALERT_RETRY
  const offsets = retryOffsetsSeconds(retry)
  const { log } = options

  async function notifyOne(): Promise<Outcome> {
    return deps.db.transaction().execute(async (trx): Promise<Outcome> => {
      const now = deps.now()
      const alert = await claimDueAlert(trx, now, offsets)
      if (!alert) return 'none'
      const { facts, contactEmail } = await alertFacts(trx, alert)
      if (!contactEmail) {
        await abandonAlertNotification(trx, alert.id, retry.maxAttempts)
        log.warn(
          { alertId: alert.id, kind: alert.kind },
          'exchange alert not e-mailed: the sender has no contact address in the address registry; it stays in the portal',
        )
        return 'abandoned'
      }
      const email = composeAlertEmail(facts, options.publicUrl)
      try {
        await options.mailer.send({
          to: contactEmail,
          subject: email.subject,
          text: email.text,
          messageId: `<exchange-alert-${alert.id}@${options.messageIdDomain}>`,
        })
      } catch (error) {
        const attempts = await recordAlertNotifyFailure(trx, alert.id)
        const detail = {
          alertId: alert.id,
          attempts,
          maxAttempts: retry.maxAttempts,
          code: errorCode(error),
          responseCode: (error as { responseCode?: number })?.responseCode,
        }
        if (attempts >= retry.maxAttempts) log.warn(detail, 'exchange alert e-mail given up; the alert stays in the portal')
        else log.warn(detail, 'exchange alert e-mail failed; will retry')
        return 'failed'
      }
      await markAlertNotified(trx, alert.id, now)
      log.info({ alertId: alert.id, kind: alert.kind }, 'exchange alert e-mailed to the sender')
      return 'sent'
    })
  }

  // A pass in progress ends early once stop is asked for.
  let stopping = false

  async function pass(): Promise<{ sent: number; failed: number }> {
    let sent = 0
    let failed = 0
    for (let i = 0; i < batchSize && !stopping; i++) {
      const outcome = await notifyOne()
      if (outcome === 'none') break
      if (outcome === 'sent') sent++
      if (outcome === 'failed') {
        failed++
        // Most likely the SMTP server is away: leave the other alerts' attempts for the next pass.
        break
      }
    }
    return { sent, failed }
  }

  // Passes in this process run one after another; other processes are kept off by the row locks.
  const loop = startPollingLoop({
    pollMs,
    onError: options.onError,
    pass: async () => (await pass()).sent === batchSize,
  })

  return {
    wake: () => loop.wake(),
    runOnce: () => loop.serial(pass),
    async stop() {
      stopping = true
      await loop.stop()
      options.mailer.close()
    },
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' ? code.slice(0, 40) : (error as Error)?.name
}
