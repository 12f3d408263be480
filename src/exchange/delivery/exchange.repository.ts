/** SQL of the message exchange: storing, finding and settling messages. Rules in delivery.rules.ts; use cases in exchange.service.ts. */
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import {
  type AppRecErrorRecord,
  DELIVERY_COLUMNS,
  MESSAGE_COLUMNS,
  type StoredDelivery,
  type StoredMessage,
  toStoredDelivery,
  toStoredMessage,
} from './stored-message.ts'

type Db = Kysely<DB> | Transaction<DB>

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
