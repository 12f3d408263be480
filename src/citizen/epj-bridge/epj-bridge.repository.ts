/** SQL of the bridge between citizen threads and the message exchange. */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findPersonById, findServiceById } from '../../registry/index.ts'
import { withParties } from '../messaging/thread-parties.ts'
import type { OutgoingCitizenMessage } from './citizen-dialogmelding.ts'

export type PendingCitizenMessage = OutgoingCitizenMessage & { id: string; serviceHerId: number; serviceName: string; fromSide: 'citizen' | 'service' }

/**
 * Messages of citizen threads not yet handed to the exchange (the citizen's, and staff answers written in Samband), oldest first, with what their Dialogmelding needs. `skip` leaves
 * out messages the exchange already refused, so that they never fill a batch and hold back the ones after them.
 */
export async function listPendingCitizenMessages(db: Kysely<DB>, limit: number, skip: readonly string[] = []): Promise<PendingCitizenMessage[]> {
  const rows = await db
    .selectFrom('citizen_message as m')
    .innerJoin('citizen_thread as t', 't.id', 'm.thread_id')
    .select([
      'm.id',
      'm.msg_id',
      'm.created_at',
      'm.body',
      'm.author_name',
      'm.representation_basis',
      'm.from_side',
      'm.thread_id',
      't.subject',
      't.conversation_ref',
      't.service_id',
      't.citizen_person_id',
    ])
    .where('m.exchange_state', '=', 'pending')
    .$if(skip.length > 0, (qb) => qb.where('m.id', 'not in', [...skip]))
    .orderBy('m.created_at')
    .limit(limit)
    .execute()
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const attachments = await db
    .selectFrom('citizen_message_attachment')
    .select(['message_id', 'file_name', 'content_type', 'content'])
    .where('message_id', 'in', ids)
    .orderBy('id')
    .execute()
  const previous = await db
    .selectFrom('citizen_message as m')
    .innerJoin('citizen_message as prev', (join) => join.onRef('prev.thread_id', '=', 'm.thread_id').onRef('prev.created_at', '<', 'm.created_at'))
    .select(['m.id', 'prev.msg_id', 'prev.created_at'])
    .where('m.id', 'in', ids)
    .orderBy('prev.created_at', 'desc')
    .execute()
  const parentOf = new Map<string, string>()
  for (const p of previous) if (!parentOf.has(p.id)) parentOf.set(p.id, p.msg_id)
  return (await withParties(db, rows)).map(({ row, service, citizen }) => toPending(row, service, citizen))

  function toPending(
    r: (typeof rows)[number],
    service: { herId: number; name: string },
    citizen: { givenName: string; familyName: string; birthDate: string; nationalId: string },
  ): PendingCitizenMessage {
    return {
      id: r.id,
      fromSide: r.from_side,
      serviceHerId: service.herId,
      serviceName: service.name,
      msgId: r.msg_id,
      createdAt: new Date(r.created_at),
      threadSubject: r.subject,
      body: r.body,
      conversationRef: r.conversation_ref,
      parentMsgId: parentOf.get(r.id) ?? null,
      writer: { name: r.author_name, basis: r.representation_basis },
      citizen: { givenName: citizen.givenName, familyName: citizen.familyName, birthDate: citizen.birthDate, nationalId: citizen.nationalId },
      attachments: attachments
        .filter((a) => a.message_id === r.id)
        .map((a) => ({ fileName: a.file_name, contentType: a.content_type, base64: Buffer.from(a.content).toString('base64') })),
    }
  }
}

export async function markHandedToExchange(db: Kysely<DB>, messageId: string, exchangeMessageId: string): Promise<void> {
  await db
    .updateTable('citizen_message')
    .set({ exchange_state: 'submitted', exchange_message_id: exchangeMessageId })
    .where('id', '=', messageId)
    .where('exchange_state', '=', 'pending')
    .execute()
}

/** The thread a conversation belongs to, with the HER-id of the service that may answer in it. */
export async function findThreadByConversation(db: Kysely<DB>, conversationRef: string) {
  const thread = await db
    .selectFrom('citizen_thread')
    .select(['id', 'status', 'service_id', 'citizen_person_id'])
    .where('conversation_ref', '=', conversationRef)
    .executeTakeFirst()
  if (!thread) return undefined
  const service = await findServiceById(db, thread.service_id)
  const citizen = await findPersonById(db, thread.citizen_person_id)
  if (!service || !citizen) return undefined
  return { id: thread.id, status: thread.status, serviceHerId: service.herId, citizenNationalId: citizen.nationalId }
}

/** Whether this sender's message with this MsgId is already in the thread (added by an earlier pass). */
export async function isAnswerInThread(db: Kysely<DB>, threadId: string, msgId: string, clientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('citizen_message')
    .select('id')
    .where('thread_id', '=', threadId)
    .where('msg_id', '=', msgId)
    .where('written_by_client_id', '=', clientId)
    .executeTakeFirst()
  return row !== undefined
}
