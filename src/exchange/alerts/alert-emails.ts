/** The alert e-mails' worker when the composition root gave the exchange a mailer, and a line at start-up saying which way it is (without any address). */
import type { Kysely } from 'kysely'
import type { Config } from '../../config.ts'
import type { DB } from '../../platform/db/schema.ts'
import type { Mailer } from '../../platform/notify/mailer.ts'
import { type AlertNotifier, createAlertNotifier, type ExchangeLog } from './alert-notifier.ts'

export function createAlertEmails(opts: {
  db: Kysely<DB>
  now: () => Date
  config: Config
  log: ExchangeLog
  /** SMTP, or the development mailbox; null: alerts are not e-mailed. */
  mailer: Mailer | null
  onError?: (error: unknown) => void
}): AlertNotifier | null {
  const { alertFromAddress } = opts.config.exchange
  if (!opts.mailer) {
    opts.log.info({ alertEmails: false }, 'exchange alerts are not e-mailed (SMTP_URL is not set); they stay visible in the staff portal')
    return null
  }
  opts.log.info({ alertEmails: true }, "exchange alerts are e-mailed to the senders' contact points")
  return createAlertNotifier(
    { db: opts.db, now: opts.now },
    {
      mailer: opts.mailer,
      publicUrl: opts.config.publicUrl,
      messageIdDomain: /@([^\s<>]+)/.exec(alertFromAddress)?.[1] ?? 'samband.invalid',
      log: opts.log,
      ...(opts.onError ? { onError: opts.onError } : {}),
    },
  )
}
