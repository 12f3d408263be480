/** Starts the alert e-mails when SMTP_URL is set, and says at start-up which way it is (without any address). */
import type { Kysely } from 'kysely'
import type { Config } from '../../config.ts'
import type { DB } from '../../platform/db/schema.ts'
import { type AlertNotifier, type ExchangeLog, startAlertNotifier } from './alert-notifier.ts'
import { createSmtpMailer } from './smtp-mailer.ts'

export function startAlertEmails(opts: {
  db: Kysely<DB>
  now: () => Date
  config: Config
  log: ExchangeLog
  /** False when tests drive the worker with runOnce. */
  poll: boolean
  onError?: (error: unknown) => void
}): AlertNotifier | null {
  const { smtpUrl, alertFromAddress } = opts.config.exchange
  if (!smtpUrl) {
    opts.log.info({ alertEmails: false }, 'exchange alerts are not e-mailed (SMTP_URL is not set); they stay visible in the staff portal')
    return null
  }
  // Never the URL itself: it may hold the SMTP password.
  opts.log.info({ alertEmails: true }, "exchange alerts are e-mailed to the senders' contact points over SMTP")
  return startAlertNotifier(
    { db: opts.db, now: opts.now },
    {
      mailer: createSmtpMailer(smtpUrl, alertFromAddress),
      publicUrl: opts.config.publicUrl,
      messageIdDomain: /@([^\s<>]+)/.exec(alertFromAddress)?.[1] ?? 'samband.invalid',
      log: opts.log,
      ...(opts.poll ? {} : { pollMs: 3_600_000 }),
      ...(opts.onError ? { onError: opts.onError } : {}),
    },
  )
}
