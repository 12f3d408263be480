/**
 * Starts the citizens' notification worker with the channels the configuration has (SMS gateway, SMTP), and says at
 * start-up which ones, without any address or token. With neither, nothing is sent: notifications wait in the outbox
 * and go out once a channel is configured (development runs like that).
 */
import type { Kysely } from 'kysely'
import type { Config } from '../../config.ts'
import type { DB } from '../../platform/db/schema.ts'
import { createSmtpMailer } from '../../platform/mail/smtp-mailer.ts'
import { createLocalContactRegister } from './contact-register.ts'
import { createNotificationDispatcher, type NotificationLog, type NotificationWorker, startNotificationWorker } from './notification-worker.ts'
import { createHttpSmsGateway } from './sms-gateway.ts'

export function startNotifications(opts: {
  db: Kysely<DB>
  now: () => Date
  config: Config
  log: NotificationLog
  /** False when tests drive the worker with runOnce. */
  poll: boolean
  pollMs?: number
  onError?: (error: unknown) => void
}): NotificationWorker | null {
  const { smtpUrl, fromAddress, sms } = opts.config.notifications
  opts.log.info({ sms: sms !== null, email: smtpUrl !== null }, 'citizen notification channels')
  if (!smtpUrl && !sms) {
    opts.log.warn({}, 'citizen notifications are queued but not sent: set SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN, and/or SMTP_URL')
    return null
  }
  const mailer = smtpUrl ? createSmtpMailer({ url: smtpUrl, from: fromAddress }) : null
  const dispatcher = createNotificationDispatcher(
    {
      db: opts.db,
      now: opts.now,
      // The embedded register; a client for Digdir's KRR implements the same interface.
      register: createLocalContactRegister(opts.db),
      mailer,
      sms: sms ? createHttpSmsGateway({ url: sms.url, token: sms.token, sender: sms.sender }) : null,
      log: opts.log,
    },
    {
      portalUrl: `${opts.config.publicUrl}/`,
      messageIdDomain: /@([^\s<>]+)/.exec(fromAddress)?.[1] ?? 'samband.invalid',
    },
  )
  const worker = startNotificationWorker(dispatcher, {
    pollMs: opts.poll ? (opts.pollMs ?? 10_000) : 3_600_000,
    ...(opts.onError ? { onError: opts.onError } : {}),
  })
  return {
    wake: () => worker.wake(),
    runOnce: () => worker.runOnce(),
    async stop() {
      await worker.stop()
      mailer?.close()
    },
  }
}
