/**
 * The citizens' notification worker with the channels the composition root chose (an SMS gateway or the development
 * mailbox, an SMTP server or the development mailbox), and a line at start-up saying which, without any address or
 * token. With neither channel, nothing is sent: notifications wait in the outbox and go out once one is configured.
 */
import type { Kysely } from 'kysely'
import type { Config } from '../../config.ts'
import type { DB } from '../../platform/db/schema.ts'
import type { Mailer } from '../../platform/notify/mailer.ts'
import type { SmsGateway } from '../../platform/notify/sms-gateway.ts'
import { createLocalContactRegister } from './contact-register.ts'
import { createNotificationDispatcher, createNotificationWorker, type NotificationLog, type NotificationWorker } from './notification-worker.ts'

/** Null: not configured. */
export type NotificationChannels = { mailer: Mailer | null; sms: SmsGateway | null }

export function createNotifications(opts: {
  db: Kysely<DB>
  now: () => Date
  config: Config
  log: NotificationLog
  channels: NotificationChannels
  onError?: (error: unknown) => void
}): NotificationWorker | null {
  const { channels } = opts
  opts.log.info({ sms: channels.sms !== null, email: channels.mailer !== null }, 'citizen notification channels')
  if (!channels.mailer && !channels.sms) {
    opts.log.warn({}, 'citizen notifications are queued but not sent: set SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN, and/or SMTP_URL (or DEV_MAILBOX=true)')
    return null
  }
  const { fromAddress } = opts.config.notifications
  const dispatcher = createNotificationDispatcher(
    {
      db: opts.db,
      now: opts.now,
      // The embedded register; a client for Digdir's KRR implements the same interface.
      register: createLocalContactRegister(opts.db),
      mailer: channels.mailer,
      sms: channels.sms,
      log: opts.log,
    },
    {
      portalUrl: `${opts.config.publicUrl}/`,
      messageIdDomain: /@([^\s<>]+)/.exec(fromAddress)?.[1] ?? 'samband.invalid',
    },
  )
  return createNotificationWorker(dispatcher, opts.onError ? { onError: opts.onError } : {})
}
