/** SQL of the dispatcher's schedule: local deliveries, remote publishing with leases, AppRec checks, resends, overdue and failed deliveries. */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'

type Db = Kysely<DB> | Transaction<DB>

export type DueDelivery = { messageId: string; receiverHerId: number; route: 'local' | 'amqp' | 'none'; attempts: number }

/** Local deliveries waiting for transport: made available in the receiver's inbox, in one statement per batch. */
export async function deliverLocalBatch(db: Db, now: Date, limit: number, resendIntervalMinutes: number): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH due AS (
      SELECT message_id, receiver_her_id FROM exchange_delivery
      WHERE next_attempt_at <= ${now} AND status = 'received' AND route = 'local'
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE exchange_delivery d
    SET status = 'delivered', transport_state = 'Acknowledged', delivered_at = ${now}, attempts = d.attempts + 1,
        next_attempt_at = CASE WHEN d.deadline_at IS NULL OR d.apprec_status IS NOT NULL THEN NULL
                               ELSE LEAST(${now}::timestamptz + make_interval(secs => ${resendIntervalMinutes * 60}), d.deadline_at) END
    FROM due
    WHERE d.message_id = due.message_id AND d.receiver_her_id = due.receiver_her_id
  `.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

/** Claims remote deliveries for publishing: a lease (next_attempt_at moved ahead) keeps other workers off them. */
export async function claimRemoteBatch(db: Kysely<DB>, now: Date, limit: number, leaseSeconds: number): Promise<DueDelivery[]> {
  const rows = await sql<{ message_id: string; receiver_her_id: number; route: DueDelivery['route']; attempts: number }>`
    WITH due AS (
      SELECT message_id, receiver_her_id FROM exchange_delivery
      WHERE next_attempt_at <= ${now} AND status = 'received' AND route = 'amqp'
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE exchange_delivery d
    SET next_attempt_at = ${now}::timestamptz + make_interval(secs => ${leaseSeconds}), attempts = d.attempts + 1
    FROM due
    WHERE d.message_id = due.message_id AND d.receiver_her_id = due.receiver_her_id
    RETURNING d.message_id, d.receiver_her_id, d.route, d.attempts
  `.execute(db)
  return rows.rows.map((r) => ({ messageId: r.message_id, receiverHerId: r.receiver_her_id, route: r.route, attempts: r.attempts }))
}

export async function markRemoteDelivered(db: Db, key: { messageId: string; receiverHerId: number }, now: Date, resendIntervalMinutes: number): Promise<void> {
  await sql`
    UPDATE exchange_delivery d
    SET status = 'delivered', transport_state = 'Acknowledged', delivered_at = ${now},
        next_attempt_at = CASE WHEN d.deadline_at IS NULL OR d.apprec_status IS NOT NULL THEN NULL
                               ELSE LEAST(${now}::timestamptz + make_interval(secs => ${resendIntervalMinutes * 60}), d.deadline_at) END
    WHERE d.message_id = ${key.messageId} AND d.receiver_her_id = ${key.receiverHerId} AND d.status = 'received'
  `.execute(db)
}

export async function markFailed(db: Db, key: { messageId: string; receiverHerId: number }, reason: string): Promise<void> {
  await db
    .updateTable('exchange_delivery')
    .set({ status: 'failed', transport_state: 'Rejected', failure_reason: reason, next_attempt_at: null })
    .where('message_id', '=', key.messageId)
    .where('receiver_her_id', '=', key.receiverHerId)
    .where('status', '=', 'received')
    .execute()
}

export type WaitingForAppRec = {
  messageId: string
  receiverHerId: number
  senderHerId: number
  route: 'local' | 'amqp' | 'none'
  deliveredAt: Date
  deadlineAt: Date
  resends: number
}

/** Delivered deliveries still without an AppRec whose next check is due. */
export async function findDueForCheck(db: Db, now: Date, limit: number): Promise<WaitingForAppRec[]> {
  const rows = await db
    .selectFrom('exchange_delivery as d')
    .innerJoin('exchange_message as m', 'm.id', 'd.message_id')
    .select(['d.message_id', 'd.receiver_her_id', 'm.sender_her_id', 'd.route', 'd.delivered_at', 'd.deadline_at', 'd.resends'])
    .where('d.next_attempt_at', '<=', now)
    .where('d.status', '=', 'delivered')
    .where('d.apprec_status', 'is', null)
    .where('d.deadline_at', 'is not', null)
    .orderBy('d.next_attempt_at')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    messageId: r.message_id,
    receiverHerId: r.receiver_her_id,
    senderHerId: r.sender_her_id,
    route: r.route,
    deliveredAt: new Date(r.delivered_at ?? r.deadline_at ?? now),
    deadlineAt: new Date(r.deadline_at ?? now),
    resends: r.resends,
  }))
}

/**
 * Compare-and-set on what the check read (still waiting, same resend count, still due): when two processes (or
 * the loop and a wake-up) check the same delivery at once, exactly one resend counts. Returns whether it applied.
 */
export async function applyResend(
  db: Db,
  key: { messageId: string; receiverHerId: number; resends: number },
  route: 'local' | 'amqp' | 'none',
  now: Date,
  nextCheckAt: Date,
): Promise<boolean> {
  // Local: the message shows as unread again; remote: back to the outbox, published again with the same MsgId.
  const base = stillWaiting(db, key).where('next_attempt_at', '<=', now)
  const result =
    route === 'amqp'
      ? await base.set((eb) => ({ status: 'received', resends: eb('resends', '+', 1), next_attempt_at: now })).executeTakeFirst()
      : await base.set((eb) => ({ read_at: null, resends: eb('resends', '+', 1), delivered_at: now, next_attempt_at: nextCheckAt })).executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Same guard as applyResend: a stale check must not move the next check of a delivery another check just resent or an AppRec settled. */
export async function postponeCheck(db: Db, key: { messageId: string; receiverHerId: number; resends: number }, nextCheckAt: Date): Promise<void> {
  await stillWaiting(db, key).set({ next_attempt_at: nextCheckAt }).execute()
}

function stillWaiting(db: Db, key: { messageId: string; receiverHerId: number; resends: number }) {
  return db
    .updateTable('exchange_delivery')
    .where('message_id', '=', key.messageId)
    .where('receiver_her_id', '=', key.receiverHerId)
    .where('status', '=', 'delivered')
    .where('apprec_status', 'is', null)
    .where('overdue_at', 'is', null)
    .where('resends', '=', key.resends)
}

/** Marks the delivery overdue and raises one alert for the sender, in the caller's transaction. */
export async function markOverdue(trx: Transaction<DB>, key: { messageId: string; receiverHerId: number; senderHerId: number }, now: Date): Promise<boolean> {
  {
    const updated = await trx
      .updateTable('exchange_delivery')
      .set({ overdue_at: now, next_attempt_at: null })
      .where('message_id', '=', key.messageId)
      .where('receiver_her_id', '=', key.receiverHerId)
      .where('apprec_status', 'is', null)
      .where('overdue_at', 'is', null)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) return false
    const alert = await trx
      .insertInto('exchange_alert')
      .values({ message_id: key.messageId, receiver_her_id: key.receiverHerId, sender_her_id: key.senderHerId, kind: 'apprec-overdue', created_at: now })
      .onConflict((oc) => oc.columns(['message_id', 'receiver_her_id', 'kind']).doNothing())
      .executeTakeFirst()
    return Number(alert.numInsertedOrUpdatedRows ?? 0) > 0
  }
}

/** Fails the delivery and raises the sender's 'delivery-failed' alert, in the caller's transaction. */
export async function raiseDeliveryFailedAlert(
  trx: Transaction<DB>,
  key: { messageId: string; receiverHerId: number },
  reason: string,
  now: Date,
): Promise<void> {
  {
    await markFailed(trx, key, reason)
    const message = await trx.selectFrom('exchange_message').select('sender_her_id').where('id', '=', key.messageId).executeTakeFirst()
    if (!message) return
    await trx
      .insertInto('exchange_alert')
      .values({ message_id: key.messageId, receiver_her_id: key.receiverHerId, sender_her_id: message.sender_her_id, kind: 'delivery-failed', created_at: now })
      .onConflict((oc) => oc.columns(['message_id', 'receiver_her_id', 'kind']).doNothing())
      .execute()
  }
}
