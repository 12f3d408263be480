/**
 * The staff portal's inbox and outbox: SQL over exchange_message and exchange_delivery for the HER-ids of one
 * service. Receipts (AppRecs) are not listed: the portal shows them as the status of the message they answer.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { type StoredDelivery, toStoredDelivery } from '../delivery/stored-message.ts'

export type InboxRow = {
  messageId: string
  msgId: string
  msgType: string
  genDate: Date
  senderHerId: number
  receiverHerId: number
  status: StoredDelivery['status']
  appRecStatus: StoredDelivery['appRecStatus']
  readAt: Date | null
  deadlineAt: Date | null
  answered: boolean
  overdue: boolean
  patientPersonId: string | null
}

export type OutboxRow = {
  messageId: string
  msgId: string
  msgType: string
  genDate: Date
  senderHerId: number
  patientPersonId: string | null
  deliveries: StoredDelivery[]
}

export type Page = { limit: number; offset: number }

const VISIBLE_TO_RECEIVER = ['delivered', 'acknowledged', 'rejected'] as const

function list(values: ReadonlySet<number>): RawBuilder<unknown> {
  return sql.join([...values].map((v) => sql`${v}`))
}

/** A foresporsel is answered once one of the service's HER-ids has sent a message naming it as RefToParent. */
function answeredSql(owned: ReadonlySet<number>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from exchange_message a where a.ref_to_parent = m.msg_id and a.is_apprec = false and a.sender_her_id in (${list(owned)}))`
}

/** The AppRec deadline has passed (the dispatcher may not have swept it yet) and no AppRec has come. */
function overdueSql(now: Date): RawBuilder<boolean> {
  return sql<boolean>`(d.apprec_status is null and (d.overdue_at is not null or d.deadline_at <= ${now}))`
}

function needsAttentionSql(owned: ReadonlySet<number>, now: Date): RawBuilder<boolean> {
  return sql<boolean>`(${overdueSql(now)} or (m.msg_type = 'DIALOG_FORESPORSEL' and not ${answeredSql(owned)}))`
}

/** Received messages, unanswered forespørsler and overdue receipts first, then newest first. */
export async function listInbox(
  db: Kysely<DB>,
  owned: ReadonlySet<number>,
  now: Date,
  page: Page,
): Promise<{ rows: InboxRow[]; total: number; needsAttention: number }> {
  if (owned.size === 0) return { rows: [], total: 0, needsAttention: 0 }
  const base = db
    .selectFrom('exchange_delivery as d')
    .innerJoin('exchange_message as m', 'm.id', 'd.message_id')
    .where('d.receiver_her_id', 'in', [...owned])
    .where('d.status', 'in', [...VISIBLE_TO_RECEIVER])
    .where('m.is_apprec', '=', false)
    // Samband's own parties (its citizen services) copy what they handle in Samband to the service's EPJ over /msh. Staff
    // work on those in Samband's own inbox for them (one state per citizen thread), so the portal's list leaves them out.
    .where('m.sender_her_id', 'not in', (eb) => eb.selectFrom('communication_party').select('her_id').where('platform_party', '=', true))
  const [rows, counts] = await Promise.all([
    base
      .select([
        'm.id',
        'm.msg_id',
        'm.msg_type',
        'm.gen_date',
        'm.sender_her_id',
        'm.patient_person_id',
        'd.receiver_her_id',
        'd.status',
        'd.apprec_status',
        'd.read_at',
        'd.deadline_at',
        answeredSql(owned).as('answered'),
        overdueSql(now).as('overdue'),
      ])
      .orderBy(sql`case when ${needsAttentionSql(owned, now)} then 0 else 1 end`)
      .orderBy('m.gen_date', 'desc')
      .orderBy('m.id')
      .orderBy('d.receiver_her_id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base
      .select([sql<string>`count(*)`.as('total'), sql<string>`count(*) filter (where ${needsAttentionSql(owned, now)})`.as('attention')])
      .executeTakeFirstOrThrow(),
  ])
  return {
    rows: rows.map((r) => ({
      messageId: r.id,
      msgId: r.msg_id,
      msgType: r.msg_type,
      genDate: new Date(r.gen_date),
      senderHerId: r.sender_her_id,
      receiverHerId: r.receiver_her_id,
      status: r.status,
      appRecStatus: r.apprec_status,
      readAt: r.read_at === null ? null : new Date(r.read_at),
      deadlineAt: r.deadline_at === null ? null : new Date(r.deadline_at),
      answered: Boolean(r.answered),
      overdue: Boolean(r.overdue),
      patientPersonId: r.patient_person_id,
    })),
    total: Number(counts.total),
    needsAttention: Number(counts.attention),
  }
}

/** Messages the service sent, newest first, each with its deliveries (one per receiver). */
export async function listOutbox(
  db: Kysely<DB>,
  owned: ReadonlySet<number>,
  now: Date,
  page: Page,
): Promise<{ rows: OutboxRow[]; total: number; overdue: number }> {
  if (owned.size === 0) return { rows: [], total: 0, overdue: 0 }
  const base = db
    .selectFrom('exchange_message as m')
    .where('m.sender_her_id', 'in', [...owned])
    .where('m.is_apprec', '=', false)
  const [rows, counts] = await Promise.all([
    base
      .select(['m.id', 'm.msg_id', 'm.msg_type', 'm.gen_date', 'm.sender_her_id', 'm.patient_person_id'])
      .orderBy('m.gen_date', 'desc')
      .orderBy('m.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base
      .select([
        sql<string>`count(*)`.as('total'),
        sql<string>`count(*) filter (where exists (select 1 from exchange_delivery d where d.message_id = m.id and ${overdueSql(now)}))`.as('overdue'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  const deliveries = await deliveriesOf(
    db,
    rows.map((r) => r.id),
  )
  return {
    rows: rows.map((r) => ({
      messageId: r.id,
      msgId: r.msg_id,
      msgType: r.msg_type,
      genDate: new Date(r.gen_date),
      senderHerId: r.sender_her_id,
      patientPersonId: r.patient_person_id,
      deliveries: deliveries.get(r.id) ?? [],
    })),
    total: Number(counts.total),
    overdue: Number(counts.overdue),
  }
}

async function deliveriesOf(db: Kysely<DB>, messageIds: readonly string[]): Promise<Map<string, StoredDelivery[]>> {
  const result = new Map<string, StoredDelivery[]>()
  if (messageIds.length === 0) return result
  const rows = await db
    .selectFrom('exchange_delivery as d')
    .selectAll('d')
    .where('d.message_id', 'in', [...messageIds])
    .orderBy('d.receiver_role', 'desc')
    .orderBy('d.receiver_her_id')
    .execute()
  for (const row of rows) {
    const list = result.get(row.message_id) ?? []
    list.push(toStoredDelivery(row))
    result.set(row.message_id, list)
  }
  return result
}

/**
 * A list reads documents up to this size for their subject line; larger ones (attachments, up to 35 MB each) would
 * make a page of the inbox cost too much, so they are listed by type only.
 */
export const LIST_DOCUMENT_MAX_BYTES = 1024 * 1024

/** The stored documents of these messages, to read subjects (and patients the registry does not know) for a list. */
export async function documentsOf(db: Kysely<DB>, messageIds: readonly string[]): Promise<Map<string, Buffer>> {
  if (messageIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('exchange_message')
    .select(['id', 'document'])
    .where('id', 'in', [...new Set(messageIds)])
    .where(sql<number>`octet_length(document)`, '<=', LIST_DOCUMENT_MAX_BYTES)
    .execute()
  return new Map(rows.map((r) => [r.id, Buffer.from(r.document)]))
}

/** Overdue for one delivery, by the same rule as the lists. */
export function isOverdue(d: Pick<StoredDelivery, 'appRecStatus' | 'overdueAt' | 'deadlineAt'>, now: Date): boolean {
  return d.appRecStatus === null && (d.overdueAt !== null || (d.deadlineAt !== null && d.deadlineAt.getTime() <= now.getTime()))
}

export type RelatedMessage = { id: string; msgId: string; msgType: string; genDate: Date; senderHerId: number }

/**
 * Messages of the same dialogue the service took part in: the one this answers (RefToParent) and the answers to it.
 * Only messages the service sent or received are named, so the links never lead to someone else's mail.
 */
export async function relatedMessages(
  db: Kysely<DB>,
  owned: ReadonlySet<number>,
  message: { msgId: string; refToParent: string | null },
): Promise<{ parent: RelatedMessage | null; answers: RelatedMessage[] }> {
  if (owned.size === 0) return { parent: null, answers: [] }
  const visible = sql<boolean>`(m.sender_her_id in (${list(owned)}) or exists (select 1 from exchange_delivery d where d.message_id = m.id and d.receiver_her_id in (${list(owned)}) and d.status in ('delivered', 'acknowledged', 'rejected')))`
  const select = ['m.id', 'm.msg_id', 'm.msg_type', 'm.gen_date', 'm.sender_her_id'] as const
  const [parents, answers] = await Promise.all([
    message.refToParent === null
      ? Promise.resolve([])
      : db
          .selectFrom('exchange_message as m')
          .select(select)
          .where('m.msg_id', '=', message.refToParent)
          .where('m.is_apprec', '=', false)
          .where(visible)
          .limit(1)
          .execute(),
    db
      .selectFrom('exchange_message as m')
      .select(select)
      .where('m.ref_to_parent', '=', message.msgId)
      .where('m.is_apprec', '=', false)
      .where(visible)
      .orderBy('m.gen_date')
      .limit(20)
      .execute(),
  ])
  const toRelated = (r: (typeof answers)[number]): RelatedMessage => ({
    id: r.id,
    msgId: r.msg_id,
    msgType: r.msg_type,
    genDate: new Date(r.gen_date),
    senderHerId: r.sender_her_id,
  })
  return { parent: parents[0] ? toRelated(parents[0]) : null, answers: answers.map(toRelated) }
}
