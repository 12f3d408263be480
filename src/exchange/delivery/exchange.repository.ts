/** SQL of the message exchange. Rules live in delivery.rules.ts; orchestration in exchange.service.ts. */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'

type Db = Kysely<DB> | Transaction<DB>

export type StoredMessage = {
  id: string
  senderHerId: number
  msgId: string
  msgType: string
  genDate: Date
  genDateText: string
  isAppRec: boolean
  originalMessageId: string | null
  refToParent: string | null
  refToConversation: string | null
  patientPersonId: string | null
  /** The document names a patient (reads are audit-logged), whether or not Samband knows the person. */
  hasPatient: boolean
  /** MsgInfo/Ack as sent; null when absent (which asks for an AppRec). */
  ack: string | null
  contentType: string
  documentSha256: string
  source: string
  sourceSystem: string | null
  receivedAt: Date
}

export type StoredDelivery = {
  messageId: string
  receiverHerId: number
  receiverRole: 'primary' | 'copy'
  route: 'local' | 'amqp' | 'none'
  status: 'received' | 'delivered' | 'acknowledged' | 'rejected' | 'failed'
  transportState: 'Unconfirmed' | 'Acknowledged' | 'Rejected'
  appRecStatus: 'Ok' | 'Rejected' | 'OkErrorInMessagePart' | null
  appRecErrors: AppRecErrorRecord[] | null
  appRecMessageId: string | null
  failureReason: string | null
  deliveredAt: Date | null
  readAt: Date | null
  answeredAt: Date | null
  deadlineAt: Date | null
  overdueAt: Date | null
  resends: number
  attempts: number
}

export type AppRecErrorRecord = { code: string; text: string | null; description: string | null; oid: string | null }

const MESSAGE_COLUMNS = [
  'm.id',
  'm.sender_her_id',
  'm.msg_id',
  'm.msg_type',
  'm.gen_date',
  'm.gen_date_text',
  'm.is_apprec',
  'm.original_message_id',
  'm.ref_to_parent',
  'm.ref_to_conversation',
  'm.patient_person_id',
  'm.has_patient',
  'm.ack',
  'm.content_type',
  'm.document_sha256',
  'm.source',
  'm.source_system',
  'm.received_at',
] as const

type MessageRow = {
  id: string
  sender_her_id: number
  msg_id: string
  msg_type: string
  gen_date: Date
  gen_date_text: string
  is_apprec: boolean
  original_message_id: string | null
  ref_to_parent: string | null
  ref_to_conversation: string | null
  patient_person_id: string | null
  has_patient: boolean
  ack: string | null
  content_type: string
  document_sha256: string
  source: string
  source_system: string | null
  received_at: Date
}

export function toStoredMessage(r: MessageRow): StoredMessage {
  return {
    id: r.id,
    senderHerId: r.sender_her_id,
    msgId: r.msg_id,
    msgType: r.msg_type,
    genDate: new Date(r.gen_date),
    genDateText: r.gen_date_text,
    isAppRec: r.is_apprec,
    originalMessageId: r.original_message_id,
    refToParent: r.ref_to_parent,
    refToConversation: r.ref_to_conversation,
    patientPersonId: r.patient_person_id,
    hasPatient: r.has_patient,
    ack: r.ack,
    contentType: r.content_type,
    documentSha256: r.document_sha256,
    source: r.source,
    sourceSystem: r.source_system,
    receivedAt: new Date(r.received_at),
  }
}

const DELIVERY_COLUMNS = [
  'd.message_id',
  'd.receiver_her_id',
  'd.receiver_role',
  'd.route',
  'd.status',
  'd.transport_state',
  'd.apprec_status',
  'd.apprec_errors',
  'd.apprec_message_id',
  'd.failure_reason',
  'd.delivered_at',
  'd.read_at',
  'd.answered_at',
  'd.deadline_at',
  'd.overdue_at',
  'd.resends',
  'd.attempts',
] as const

type DeliveryRow = {
  message_id: string
  receiver_her_id: number
  receiver_role: StoredDelivery['receiverRole']
  route: StoredDelivery['route']
  status: StoredDelivery['status']
  transport_state: StoredDelivery['transportState']
  apprec_status: StoredDelivery['appRecStatus']
  apprec_errors: unknown
  apprec_message_id: string | null
  failure_reason: string | null
  delivered_at: Date | null
  read_at: Date | null
  answered_at: Date | null
  deadline_at: Date | null
  overdue_at: Date | null
  resends: number
  attempts: number
}

const date = (d: Date | null) => (d === null ? null : new Date(d))

export function toStoredDelivery(r: DeliveryRow): StoredDelivery {
  const errors = typeof r.apprec_errors === 'string' ? (JSON.parse(r.apprec_errors) as unknown) : r.apprec_errors
  return {
    messageId: r.message_id,
    receiverHerId: r.receiver_her_id,
    receiverRole: r.receiver_role,
    route: r.route,
    status: r.status,
    transportState: r.transport_state,
    appRecStatus: r.apprec_status,
    appRecErrors: Array.isArray(errors) ? (errors as AppRecErrorRecord[]) : null,
    appRecMessageId: r.apprec_message_id,
    failureReason: r.failure_reason,
    deliveredAt: date(r.delivered_at),
    readAt: date(r.read_at),
    answeredAt: date(r.answered_at),
    deadlineAt: date(r.deadline_at),
    overdueAt: date(r.overdue_at),
    resends: r.resends,
    attempts: r.attempts,
  }
}

export type NewMessage = Omit<StoredMessage, 'receivedAt' | 'hasPatient' | 'ack'> & {
  receivedAt: Date
  document: Buffer
  submittedBy: string | null
  hasPatient?: boolean
  ack?: string | null
}

/** Inserts unless (sender, MsgId) exists; returns whether this call stored it. */
export async function insertMessage(trx: Db, m: NewMessage): Promise<boolean> {
  const row = await trx
    .insertInto('exchange_message')
    .values({
      id: m.id,
      sender_her_id: m.senderHerId,
      msg_id: m.msgId,
      msg_type: m.msgType,
      gen_date: m.genDate,
      gen_date_text: m.genDateText,
      is_apprec: m.isAppRec,
      original_message_id: m.originalMessageId,
      ref_to_parent: m.refToParent,
      ref_to_conversation: m.refToConversation,
      patient_person_id: m.patientPersonId,
      has_patient: m.hasPatient ?? false,
      ack: m.ack ?? null,
      content_type: m.contentType,
      document: m.document,
      document_sha256: m.documentSha256,
      source: m.source as NewMessage['source'] & ('msh' | 'portal' | 'amqp' | 'samband'),
      source_system: m.sourceSystem,
      submitted_by: m.submittedBy,
      received_at: m.receivedAt,
    })
    .onConflict((oc) => oc.columns(['sender_her_id', 'msg_id']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

export type NewDelivery = {
  messageId: string
  receiverHerId: number
  receiverRole: 'primary' | 'copy'
  route: 'local' | 'amqp' | 'none'
  status: StoredDelivery['status']
  transportState: StoredDelivery['transportState']
  genDate: Date
  appRecStatus: StoredDelivery['appRecStatus']
  appRecErrors: AppRecErrorRecord[] | null
  appRecMessageId: string | null
  failureReason: string | null
  nextAttemptAt: Date | null
  answeredAt: Date | null
  deadlineAt: Date | null
}

export async function insertDeliveries(trx: Db, deliveries: readonly NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return
  await trx
    .insertInto('exchange_delivery')
    .values(
      deliveries.map((d) => ({
        message_id: d.messageId,
        receiver_her_id: d.receiverHerId,
        receiver_role: d.receiverRole,
        route: d.route,
        status: d.status,
        transport_state: d.transportState,
        gen_date: d.genDate,
        apprec_status: d.appRecStatus,
        apprec_errors: d.appRecErrors === null ? null : JSON.stringify(d.appRecErrors),
        apprec_message_id: d.appRecMessageId,
        failure_reason: d.failureReason,
        next_attempt_at: d.nextAttemptAt,
        answered_at: d.answeredAt,
        deadline_at: d.deadlineAt,
      })),
    )
    .execute()
}

export async function findMessageBySenderMsgId(db: Db, senderHerId: number, msgId: string): Promise<StoredMessage | null> {
  const row = await db
    .selectFrom('exchange_message as m')
    .select(MESSAGE_COLUMNS)
    .where('m.sender_her_id', '=', senderHerId)
    .where('m.msg_id', '=', msgId)
    .executeTakeFirst()
  return row ? toStoredMessage(row) : null
}

/** Candidates for an AppRec's OriginalMsgId: the MsgId, narrowed to the original sender when the AppRec names one. */
export async function findMessagesByMsgId(db: Db, msgId: string, senderHerId: number | null): Promise<StoredMessage[]> {
  let q = db.selectFrom('exchange_message as m').select(MESSAGE_COLUMNS).where('m.msg_id', '=', msgId)
  if (senderHerId !== null) q = q.where('m.sender_her_id', '=', senderHerId)
  return (await q.limit(10).execute()).map(toStoredMessage)
}

export async function findMessage(db: Db, id: string): Promise<StoredMessage | null> {
  const row = await db.selectFrom('exchange_message as m').select(MESSAGE_COLUMNS).where('m.id', '=', id).executeTakeFirst()
  return row ? toStoredMessage(row) : null
}

/** The message and its bytes in one round trip. */
export async function findMessageWithDocument(db: Db, id: string): Promise<{ message: StoredMessage; document: Buffer } | null> {
  const row = await db
    .selectFrom('exchange_message as m')
    .select([...MESSAGE_COLUMNS, 'm.document'])
    .where('m.id', '=', id)
    .executeTakeFirst()
  return row ? { message: toStoredMessage(row), document: Buffer.from(row.document) } : null
}

export async function findDocument(db: Db, id: string): Promise<{ document: Buffer; contentType: string } | null> {
  const row = await db.selectFrom('exchange_message').select(['document', 'content_type']).where('id', '=', id).executeTakeFirst()
  return row ? { document: Buffer.from(row.document), contentType: row.content_type } : null
}

export async function findDeliveries(db: Db, messageId: string): Promise<StoredDelivery[]> {
  const rows = await db
    .selectFrom('exchange_delivery as d')
    .select(DELIVERY_COLUMNS)
    .where('d.message_id', '=', messageId)
    .orderBy('d.receiver_role', 'desc')
    .orderBy('d.receiver_her_id')
    .execute()
  return rows.map(toStoredDelivery)
}

export type UnreadQuery = {
  receiverHerIds: readonly number[]
  senderHerId?: number | undefined
  msgId?: string | undefined
  limit: number
  descending: boolean
}

export type InboxEntry = { message: StoredMessage; receiverHerId: number }

/** Delivered and not yet marked read for that receiver, oldest GenDate first unless asked otherwise. */
export async function listUnread(db: Db, q: UnreadQuery): Promise<InboxEntry[]> {
  let query = db
    .selectFrom('exchange_delivery as d')
    .innerJoin('exchange_message as m', 'm.id', 'd.message_id')
    .select([...MESSAGE_COLUMNS, 'd.receiver_her_id'])
    .where('d.receiver_her_id', 'in', [...q.receiverHerIds])
    .where('d.read_at', 'is', null)
    .where('d.status', 'in', ['delivered', 'acknowledged', 'rejected'])
  if (q.senderHerId !== undefined) query = query.where('m.sender_her_id', '=', q.senderHerId)
  if (q.msgId !== undefined) query = query.where('m.msg_id', '=', q.msgId)
  const rows = await query
    .orderBy('d.gen_date', q.descending ? 'desc' : 'asc')
    .orderBy('d.message_id')
    .limit(q.limit)
    .execute()
  return rows.map((r) => ({ message: toStoredMessage(r), receiverHerId: r.receiver_her_id }))
}

export async function markRead(db: Db, messageId: string, receiverHerId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('exchange_delivery')
    .set({ read_at: now })
    .where('message_id', '=', messageId)
    .where('receiver_her_id', '=', receiverHerId)
    .where('status', 'in', ['delivered', 'acknowledged', 'rejected'])
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) > 0) return true
  // Already read, or not yet delivered: tell the two apart from "no such receiver".
  const exists = await db
    .selectFrom('exchange_delivery')
    .select('status')
    .where('message_id', '=', messageId)
    .where('receiver_her_id', '=', receiverHerId)
    .executeTakeFirst()
  return exists !== undefined
}

/**
 * Records the one final AppRec for a delivery. The `apprec_status IS NULL` condition makes "one final AppRec
 * per receiver" hold under concurrency: the loser updates nothing.
 */
export async function settleDelivery(
  trx: Db,
  key: { messageId: string; receiverHerId: number },
  outcome: {
    status: 'acknowledged' | 'rejected'
    appRecStatus: 'Ok' | 'Rejected' | 'OkErrorInMessagePart'
    errors: AppRecErrorRecord[]
    appRecMessageId: string
    at: Date
  },
): Promise<boolean> {
  const result = await trx
    .updateTable('exchange_delivery')
    .set({
      status: outcome.status,
      apprec_status: outcome.appRecStatus,
      apprec_errors: JSON.stringify(outcome.errors),
      apprec_message_id: outcome.appRecMessageId,
      answered_at: outcome.at,
      next_attempt_at: null,
      // A late positive AppRec is accepted (RULES.md §3, errata 4); the overdue mark stays as history.
    })
    .where('message_id', '=', key.messageId)
    .where('receiver_her_id', '=', key.receiverHerId)
    .where('apprec_status', 'is', null)
    .where('route', '<>', 'none')
    .where('status', 'in', ['received', 'delivered'])
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) return false
  await trx
    .updateTable('exchange_alert')
    .set({ resolved_at: outcome.at })
    .where('message_id', '=', key.messageId)
    .where('receiver_her_id', '=', key.receiverHerId)
    .where('resolved_at', 'is', null)
    .execute()
  return true
}

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

/** Marks the delivery overdue and raises one alert for the sender, in one transaction. */
export async function markOverdue(db: Kysely<DB>, key: { messageId: string; receiverHerId: number; senderHerId: number }, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
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
  })
}

export async function raiseDeliveryFailedAlert(db: Kysely<DB>, key: { messageId: string; receiverHerId: number }, reason: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await markFailed(trx, key, reason)
    const message = await trx.selectFrom('exchange_message').select('sender_her_id').where('id', '=', key.messageId).executeTakeFirst()
    if (!message) return
    await trx
      .insertInto('exchange_alert')
      .values({ message_id: key.messageId, receiver_her_id: key.receiverHerId, sender_her_id: message.sender_her_id, kind: 'delivery-failed', created_at: now })
      .onConflict((oc) => oc.columns(['message_id', 'receiver_her_id', 'kind']).doNothing())
      .execute()
  })
}
