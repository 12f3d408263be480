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
  /** Failed attempts so far (notify_attempts). */
  attempts: number
  /** When it was due before the claim leased it. */
  dueAt: Date
}

/**
 * Claims the alerts that are due for an e-mail, oldest first, for the rest of the caller's transaction, and leases
 * them until `leaseUntil` (FOR UPDATE SKIP LOCKED: other workers pass over them instead of waiting; after the commit
 * the lease keeps them off). Due = not notified, not resolved (a late AppRec came), attempts left, and the next
 * attempt's time come (created_at for the first). Only alerts for this installation's own senders: another
 * installation alerts its own.
 */
export async function claimDueAlerts(
  trx: Transaction<DB>,
  request: { now: Date; limit: number; leaseUntil: Date; maxAttempts: number },
): Promise<ClaimedAlert[]> {
  const result = await sql<{
    id: string
    kind: AlertKind
    message_id: string
    receiver_her_id: number
    sender_her_id: number
    created_at: Date
    notify_attempts: number
    due_at: Date
  }>`
    SELECT a.id, a.kind, a.message_id, a.receiver_her_id, a.sender_her_id, a.created_at, a.notify_attempts,
      COALESCE(a.next_attempt_at, a.created_at) AS due_at
    FROM exchange_alert a
    JOIN communication_party p ON p.her_id = a.sender_her_id AND p.installation = 'local'
    WHERE a.notified_at IS NULL
      AND a.resolved_at IS NULL
      AND a.notify_attempts < ${request.maxAttempts}
      AND COALESCE(a.next_attempt_at, a.created_at) <= ${request.now}
    ORDER BY a.created_at
    LIMIT ${request.limit}
    FOR UPDATE OF a SKIP LOCKED
  `.execute(trx)
  if (result.rows.length === 0) return []
  await trx
    .updateTable('exchange_alert')
    .set({ next_attempt_at: request.leaseUntil })
    .where(
      'id',
      'in',
      result.rows.map((r) => r.id),
    )
    .execute()
  return result.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    messageId: r.message_id,
    receiverHerId: r.receiver_her_id,
    senderHerId: r.sender_her_id,
    createdAt: new Date(r.created_at),
    attempts: r.notify_attempts,
    dueAt: new Date(r.due_at),
  }))
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
  await db.updateTable('exchange_alert').set({ notified_at: now, next_attempt_at: null }).where('id', '=', id).where('notified_at', 'is', null).execute()
}

/** A failed attempt (`attempts` in all now): try again at `retryAt`, or stop trying when it is null. */
export async function recordAlertNotifyFailure(db: Db, id: string, failure: { attempts: number; retryAt: Date | null; maxAttempts: number }): Promise<void> {
  await db
    .updateTable('exchange_alert')
    .set({
      notify_attempts: failure.retryAt ? failure.attempts : Math.max(failure.attempts, failure.maxAttempts),
      next_attempt_at: failure.retryAt,
    })
    .where('id', '=', id)
    .execute()
}

/** No attempt can succeed (no contact point anywhere up the registry): stop trying; the alert stays in the portal. */
export async function abandonAlertNotification(db: Db, id: string, maxAttempts: number): Promise<void> {
  await db.updateTable('exchange_alert').set({ notify_attempts: maxAttempts, next_attempt_at: null }).where('id', '=', id).execute()
}

/** Not tried in this pass (the SMTP server had just failed for another alert): due again as it was, no attempt spent. */
export async function releaseAlert(db: Db, id: string, dueAt: Date): Promise<void> {
  await db.updateTable('exchange_alert').set({ next_attempt_at: dueAt }).where('id', '=', id).where('notified_at', 'is', null).execute()
}
