/** SQL of the alert outbox (exchange_alert): claiming an alert to e-mail, the facts the e-mail may state, the outcome. */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { AlertFacts, AlertKind } from './alert-email.ts'

type Db = Kysely<DB> | Transaction<DB>

export type ClaimedAlert = {
  id: string
  kind: AlertKind
  messageId: string
  receiverHerId: number
  senderHerId: number
  createdAt: Date
  notifyAttempts: number
}

/**
 * The oldest alert that is due for an e-mail, locked for the rest of the caller's transaction (FOR UPDATE SKIP
 * LOCKED: other workers pass over it instead of waiting). Due = not notified, not resolved (a late AppRec came),
 * attempts left, and the retry schedule's offset for the attempts made so far has passed since the alert was raised.
 * Only alerts for this installation's own senders: another installation alerts its own.
 */
export async function claimDueAlert(trx: Transaction<DB>, now: Date, retryOffsetsSeconds: readonly number[]): Promise<ClaimedAlert | null> {
  // The schedule as a Postgres array literal; offset i (1-based in SQL) applies after i - 1 failed attempts.
  const offsets = `{${retryOffsetsSeconds.map((s) => Number(s).toString()).join(',')}}`
  const result = await sql<{
    id: string
    kind: AlertKind
    message_id: string
    receiver_her_id: number
    sender_her_id: number
    created_at: Date
    notify_attempts: number
  }>`
    SELECT a.id, a.kind, a.message_id, a.receiver_her_id, a.sender_her_id, a.created_at, a.notify_attempts
    FROM exchange_alert a
    JOIN communication_party p ON p.her_id = a.sender_her_id AND p.installation = 'local'
    WHERE a.notified_at IS NULL
      AND a.resolved_at IS NULL
      AND a.notify_attempts < ${retryOffsetsSeconds.length}
      AND a.created_at + make_interval(secs => (${offsets}::float8[])[a.notify_attempts + 1]) <= ${now}
    ORDER BY a.created_at
    LIMIT 1
    FOR UPDATE OF a SKIP LOCKED
  `.execute(trx)
  const r = result.rows[0]
  if (!r) return null
  return {
    id: r.id,
    kind: r.kind,
    messageId: r.message_id,
    receiverHerId: r.receiver_her_id,
    senderHerId: r.sender_her_id,
    createdAt: new Date(r.created_at),
    notifyAttempts: r.notify_attempts,
  }
}

/**
 * What the e-mail may say, and where it goes: the sending party's contact point, or the nearest parent's (a GP in
 * person is reached through the practice). Reads no document and no patient column.
 */
export async function alertFacts(db: Db, alert: ClaimedAlert): Promise<{ facts: AlertFacts; contactEmail: string | null }> {
  const message = await db.selectFrom('exchange_message').select(['msg_type', 'received_at']).where('id', '=', alert.messageId).executeTakeFirst()
  const delivery = await db
    .selectFrom('exchange_delivery')
    .select('deadline_at')
    .where('message_id', '=', alert.messageId)
    .where('receiver_her_id', '=', alert.receiverHerId)
    .executeTakeFirst()
  const receiver = await partyRow(db, alert.receiverHerId)
  const sender = await partyRow(db, alert.senderHerId)
  let contactEmail = sender?.contact_email ?? null
  let parent = sender?.parent_her_id ?? null
  for (let depth = 0; !contactEmail && parent !== null && depth < 5; depth++) {
    const row = await partyRow(db, parent)
    contactEmail = row?.contact_email ?? null
    parent = row?.parent_her_id ?? null
  }
  return {
    contactEmail,
    facts: {
      kind: alert.kind,
      sentAt: message ? new Date(message.received_at) : alert.createdAt,
      deadlineAt: delivery?.deadline_at ? new Date(delivery.deadline_at) : null,
      msgType: message?.msg_type ?? '',
      senderHerId: alert.senderHerId,
      senderName: sender?.name ?? null,
      receiverHerId: alert.receiverHerId,
      receiverName: receiver?.name ?? null,
    },
  }
}

async function partyRow(db: Db, herId: number) {
  return db.selectFrom('communication_party').select(['name', 'contact_email', 'parent_her_id']).where('her_id', '=', herId).executeTakeFirst()
}

export async function markAlertNotified(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('exchange_alert').set({ notified_at: now }).where('id', '=', id).where('notified_at', 'is', null).execute()
}

/** One more failed attempt; returns the count. */
export async function recordAlertNotifyFailure(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable('exchange_alert')
    .set((eb) => ({ notify_attempts: eb('notify_attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('notify_attempts')
    .executeTakeFirst()
  return row?.notify_attempts ?? 0
}

/** No attempt can succeed (no contact point anywhere up the registry): stop trying; the alert stays in the portal. */
export async function abandonAlertNotification(db: Db, id: string, maxAttempts: number): Promise<void> {
  await db.updateTable('exchange_alert').set({ notify_attempts: maxAttempts }).where('id', '=', id).execute()
}
