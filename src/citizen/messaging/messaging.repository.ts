/**
 * SQL of the messages between citizens and municipal services: threads, messages and the names and sizes of their
 * attachments (the bytes: attachments.repository.ts). Nothing here is ever deleted. Every function takes the handle
 * (db or a transaction) first and runs its queries one after another, so it also works on a transaction's single
 * connection.
 */
import { randomBytes } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findServicesWithOrganisation, listCareServiceIds } from '../../registry/index.ts'
import type { CheckedAttachment } from './attachments.ts'
import { type AttachmentInfo, insertAttachments } from './attachments.repository.ts'
import type { ThreadStatus } from './messaging.rules.ts'
import { withParties } from './thread-parties.ts'

/** Norwegian alphabetical order (Æ, Ø, Å last), as people read lists. */
const NAME_ORDER = new Intl.Collator('nb', { sensitivity: 'base' })

export type Db = Kysely<DB> | Transaction<DB>

export type ServiceInfo = {
  id: string
  name: string
  organisationId: string
  organisationName: string
  sensitiveName: boolean
}

export type ThreadRow = {
  id: string
  citizenPersonId: string
  citizenName: string
  citizenBirthDate: string
  service: ServiceInfo
  subject: string
  status: ThreadStatus
  conversationRef: string
  createdAt: Date
  lastMessageAt: Date
  answerDueAt: Date | null
  closedAt: Date | null
  closedByName: string | null
}

export type MessageRow = {
  id: string
  threadId: string
  fromSide: 'citizen' | 'service'
  body: string
  writtenByPersonId: string | null
  writtenByStaffId: string | null
  writtenByClientId: string | null
  authorName: string
  representationBasis: string | null
  createdAt: Date
  readAt: Date | null
  msgId: string
  idempotencyKey: string | null
  attachments: AttachmentInfo[]
}

function toServiceInfo(s: { id: string; name: string; organisationId: string; organisationName: string; sensitiveName: boolean }): ServiceInfo {
  return { id: s.id, name: s.name, organisationId: s.organisationId, organisationName: s.organisationName, sensitiveName: s.sensitiveName }
}

export async function findServiceInfo(db: Db, serviceId: string): Promise<ServiceInfo | null> {
  const service = (await findServicesWithOrganisation(db, [serviceId])).get(serviceId)
  return service ? toServiceInfo(service) : null
}

/** Whether the person receives help from the service now (an active care relation). */
export async function receivesService(db: Db, personId: string, serviceId: string, now: Date): Promise<boolean> {
  return (await listCareServiceIds(db, personId, now)).includes(serviceId)
}

/**
 * The services the person receives help from now that have messages activated (also those whose municipality's
 * agreement has ended: the citizen still reads old threads there), by organisation and service name.
 */
export async function listMessageServices(db: Db, personId: string, now: Date): Promise<ServiceInfo[]> {
  const received = await listCareServiceIds(db, personId, now)
  if (received.length === 0) return []
  const activated = await db
    .selectFrom('digital_service_activation')
    .select('service_id')
    .distinct()
    .where('service_id', 'in', received)
    .where('digital_service', '=', 'messages')
    .where('deactivated_at', 'is', null)
    .execute()
  const services = await findServicesWithOrganisation(
    db,
    activated.map((a) => a.service_id),
  )
  return [...services.values()]
    .map(toServiceInfo)
    .sort((a, b) => NAME_ORDER.compare(a.organisationName, b.organisationName) || NAME_ORDER.compare(a.name, b.name) || a.id.localeCompare(b.id))
}

export function threadQuery(db: Db) {
  return db
    .selectFrom('citizen_thread as t')
    .select([
      't.id',
      't.citizen_person_id',
      't.service_id',
      't.subject',
      't.status',
      't.conversation_ref',
      't.created_at',
      't.last_message_at',
      't.answer_due_at',
      't.closed_at',
      't.closed_by_name',
    ])
}

type ThreadQueryRow = Awaited<ReturnType<ReturnType<typeof threadQuery>['executeTakeFirstOrThrow']>>

/** Threads with their citizen's name and their service, from the registry (one query each, whatever the page size). */
export async function toThreads<R extends ThreadQueryRow>(db: Db, rows: readonly R[]): Promise<(ThreadRow & { row: R })[]> {
  return (await withParties(db, rows)).map(({ row: r, service, citizen }) => ({
    row: r,
    id: r.id,
    citizenPersonId: r.citizen_person_id,
    citizenName: `${citizen.givenName} ${citizen.familyName}`,
    citizenBirthDate: citizen.birthDate,
    service: toServiceInfo(service),
    subject: r.subject,
    status: r.status,
    conversationRef: r.conversation_ref,
    createdAt: r.created_at,
    lastMessageAt: r.last_message_at,
    answerDueAt: r.answer_due_at,
    closedAt: r.closed_at,
    closedByName: r.closed_by_name,
  }))
}

async function toThread(db: Db, row: ThreadQueryRow | undefined): Promise<ThreadRow | null> {
  if (!row) return null
  const [thread] = await toThreads(db, [row])
  if (!thread) return null
  const { row: _row, ...rest } = thread
  return rest
}

export async function findThread(db: Db, threadId: string): Promise<ThreadRow | null> {
  return toThread(db, await threadQuery(db).where('t.id', '=', threadId).executeTakeFirst())
}

export async function findThreadByConversationRef(db: Db, conversationRef: string): Promise<ThreadRow | null> {
  return toThread(db, await threadQuery(db).where('t.conversation_ref', '=', conversationRef).executeTakeFirst())
}

/** Holds the thread's row until the transaction ends, so two messages at once update its deadline one after the other. */
export async function lockThread(trx: Transaction<DB>, threadId: string): Promise<void> {
  await trx.selectFrom('citizen_thread').select('id').where('id', '=', threadId).forUpdate().execute()
}

/**
 * Serialises the creation of a new thread with one writer's Idempotency-Key, so two identical retries at once make
 * one thread (the unique index covers messages within a thread only).
 */
export async function lockIdempotencyKey(trx: Transaction<DB>, writerId: string, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`citizen-thread:${writerId}:${key}`}))`.execute(trx)
}

/** A thread of this citizen that this person started with this Idempotency-Key, with what it was started with. */
export async function findThreadStartedWithKey(
  db: Db,
  input: { citizenPersonId: string; writerPersonId: string; key: string },
): Promise<{ threadId: string; serviceId: string; subject: string; body: string } | null> {
  const row = await db
    .selectFrom('citizen_message as m')
    .innerJoin('citizen_thread as t', 't.id', 'm.thread_id')
    .select(['t.id', 't.service_id', 't.subject', 'm.body'])
    .where('t.citizen_person_id', '=', input.citizenPersonId)
    .where('m.written_by_person_id', '=', input.writerPersonId)
    .where('m.idempotency_key', '=', input.key)
    .orderBy('m.created_at')
    .executeTakeFirst()
  return row ? { threadId: row.id, serviceId: row.service_id, subject: row.subject, body: row.body } : null
}

export async function findMessageByIdempotencyKey(db: Db, threadId: string, key: string): Promise<{ id: string; body: string } | null> {
  const row = await db
    .selectFrom('citizen_message')
    .select(['id', 'body'])
    .where('thread_id', '=', threadId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst()
  return row ?? null
}

export async function findMessageByMsgId(db: Db, msgId: string): Promise<{ id: string; threadId: string } | null> {
  const row = await db.selectFrom('citizen_message').select(['id', 'thread_id']).where('msg_id', '=', msgId).executeTakeFirst()
  return row ? { id: row.id, threadId: row.thread_id } : null
}

export async function insertThread(
  trx: Transaction<DB>,
  input: { citizenPersonId: string; serviceId: string; subject: string; conversationRef: string; now: Date },
): Promise<string> {
  const row = await trx
    .insertInto('citizen_thread')
    .values({
      citizen_person_id: input.citizenPersonId,
      service_id: input.serviceId,
      subject: input.subject,
      conversation_ref: input.conversationRef,
      created_at: input.now,
      last_message_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export type NewMessage = {
  threadId: string
  fromSide: 'citizen' | 'service'
  body: string
  writer: { personId: string } | { staffId: string } | { clientId: string }
  authorName: string
  representationBasis: string | null
  msgId: string
  exchangeState: 'none' | 'pending'
  idempotencyKey: string | null
  now: Date
  attachments: readonly CheckedAttachment[]
}

/**
 * Inserts a message and its attachments. Null when the thread already holds a message with this Idempotency-Key or
 * anything with this MsgId (a retry): then nothing is written.
 */
export async function insertMessage(trx: Transaction<DB>, m: NewMessage): Promise<string | null> {
  const row = await trx
    .insertInto('citizen_message')
    .values({
      thread_id: m.threadId,
      from_side: m.fromSide,
      body: m.body,
      written_by_person_id: 'personId' in m.writer ? m.writer.personId : null,
      written_by_staff_id: 'staffId' in m.writer ? m.writer.staffId : null,
      written_by_client_id: 'clientId' in m.writer ? m.writer.clientId : null,
      author_name: m.authorName,
      representation_basis: m.representationBasis,
      created_at: m.now,
      msg_id: m.msgId,
      exchange_state: m.exchangeState,
      idempotency_key: m.idempotencyKey,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!row) return null
  if (m.attachments.length > 0) {
    await insertAttachments(
      trx,
      row.id,
      m.attachments,
      m.attachments.map((_, index) => orderedUuid(m.now, index)),
    )
  }
  return row.id
}

/**
 * A UUIDv7 (RFC 9562) whose 12-bit counter field holds `counter`: ids made for the same instant sort by the counter,
 * so a message's attachments, ordered by id, come back in the order they were sent.
 */
export function orderedUuid(at: Date, counter: number): string {
  const bytes = randomBytes(16)
  bytes.writeUIntBE(at.getTime(), 0, 6)
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f)
  bytes[7] = counter & 0xff
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f)
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export async function updateThreadAfterMessage(
  trx: Transaction<DB>,
  threadId: string,
  input: { lastMessageAt: Date; answerDueAt: Date | null },
): Promise<void> {
  await trx.updateTable('citizen_thread').set({ last_message_at: input.lastMessageAt, answer_due_at: input.answerDueAt }).where('id', '=', threadId).execute()
}

/** Marks the other side's unread messages read: `reader` is the side that read them. */
export async function markThreadRead(db: Db, threadId: string, reader: 'citizen' | 'service', now: Date): Promise<void> {
  await db
    .updateTable('citizen_message')
    .set({ read_at: now })
    .where('thread_id', '=', threadId)
    .where('from_side', '=', reader === 'citizen' ? 'service' : 'citizen')
    .where('read_at', 'is', null)
    .execute()
}

/** Closes a thread; nothing waits for an answer any more. Closing a closed thread changes nothing. */
export async function closeThread(db: Db, threadId: string, input: { closedByName: string; now: Date }): Promise<void> {
  await db
    .updateTable('citizen_thread')
    .set({ status: 'closed', closed_at: input.now, closed_by_name: input.closedByName, answer_due_at: null })
    .where('id', '=', threadId)
    .where('status', '=', 'open')
    .execute()
}

export async function listMessages(db: Db, threadId: string): Promise<MessageRow[]> {
  const rows = await db.selectFrom('citizen_message').selectAll().where('thread_id', '=', threadId).orderBy('created_at').orderBy('id').execute()
  const attachments =
    rows.length === 0
      ? []
      : await db
          .selectFrom('citizen_message_attachment')
          .select(['id', 'message_id', 'file_name', 'content_type', 'byte_size'])
          .where(
            'message_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('id')
          .execute()
  return rows.map((r) => ({
    id: r.id,
    threadId: r.thread_id,
    fromSide: r.from_side,
    body: r.body,
    writtenByPersonId: r.written_by_person_id,
    writtenByStaffId: r.written_by_staff_id,
    writtenByClientId: r.written_by_client_id,
    authorName: r.author_name,
    representationBasis: r.representation_basis,
    createdAt: r.created_at,
    readAt: r.read_at,
    msgId: r.msg_id,
    idempotencyKey: r.idempotency_key,
    attachments: attachments
      .filter((a) => a.message_id === r.id)
      .map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, byteSize: a.byte_size })),
  }))
}

export type ThreadSummaryRow = ThreadRow & { unreadCount: number }

/** Unread messages of `side` per thread, as a subquery column. */
export function unreadOf(side: 'citizen' | 'service') {
  return sql<number>`(SELECT count(*) FROM citizen_message m WHERE m.thread_id = t.id AND m.from_side = ${side} AND m.read_at IS NULL)`
}
