/**
 * The development mailbox: a channel that keeps what would have left instead of sending it. In the embedded default
 * (no SMTP_URL, no SMS_GATEWAY_URL; DEV_MAILBOX, on by default in development) the composition root gives it to the
 * workers in place of the missing SMTP server or SMS gateway, so that a person trying the demo sees every e-mail and
 * SMS at GET /api/dev-mailbox. It implements the same Mailer and SmsGateway interfaces as the real channels: the
 * workers cannot tell the difference. Production refuses it (src/config.ts).
 *
 * It stores the recipient as the contact register gave it, the subject and text, the kind and the time: the demo's
 * people are synthetic, and the texts are content-free by design. Give it a handle that is not inside a transaction
 * (the outbox worker sends between transactions).
 */
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { DevMailboxMessage, DevMailboxPage } from './dev-mailbox.schemas.ts'
import type { Mailer } from './mailer.ts'
import type { SmsGateway } from './sms-gateway.ts'

type Db = Kysely<DB> | Transaction<DB>

/** The development mailbox as the workers see it: an e-mail channel and an SMS channel. */
export type DevMailbox = { mailer: Mailer; sms: SmsGateway }

export function createDevMailbox(deps: { db: Kysely<DB>; now: () => Date }): DevMailbox {
  const keep = (message: { channel: 'email' | 'sms'; recipient: string; subject: string | null; text: string; kind: string | undefined }) =>
    deps.db
      .insertInto('dev_mailbox_message')
      .values({
        channel: message.channel,
        recipient: message.recipient,
        subject: message.subject,
        body: message.text,
        kind: message.kind ?? null,
        sent_at: deps.now(),
      })
      .execute()
      .then(() => undefined)
  return {
    mailer: {
      send: (mail) => keep({ channel: 'email', recipient: mail.to, subject: mail.subject, text: mail.text, kind: mail.kind }),
      close() {},
    },
    sms: {
      send: (sms) => keep({ channel: 'sms', recipient: sms.to, subject: null, text: sms.text, kind: sms.kind }),
    },
  }
}

/** One page of the mailbox, newest first. */
export async function listDevMailbox(db: Db, page: { limit: number; offset: number }): Promise<DevMailboxPage> {
  const rows = await db
    .selectFrom('dev_mailbox_message')
    .select(['id', 'channel', 'recipient', 'subject', 'body', 'kind', 'sent_at'])
    .orderBy('sent_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  const { total } = await db
    .selectFrom('dev_mailbox_message')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow()
  const items: DevMailboxMessage[] = rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    to: r.recipient,
    subject: r.subject,
    text: r.body,
    kind: r.kind,
    sentAt: new Date(r.sent_at).toISOString(),
  }))
  return { items, total: Number(total), limit: page.limit, offset: page.offset }
}

/** Empties the mailbox; returns how many messages it held. */
export async function clearDevMailbox(db: Db): Promise<number> {
  const result = await db.deleteFrom('dev_mailbox_message').executeTakeFirst()
  return Number(result.numDeletedRows)
}
