/**
 * Writing citizen ↔ service messages, inside the caller's transaction (the use case's, or the exchange bridge's): start a thread, add a citizen message, add a service answer (which notifies the citizen and
 * their representatives in the same transaction), and take in an answer that arrived from the service's EPJ.
 * Access is decided before these run; these check the state of the service and the thread.
 */
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { AccessFactsLoader } from '../../platform/access/access-gate.ts'
import { enqueueNotification } from '../notifications/notification.repository.ts'
import { loadServiceAvailability } from '../onboarding/digital-services.repository.ts'
import { type CheckedAttachment, checkAttachments } from './attachments.ts'
import type { AttachmentInput } from './attachments.schemas.ts'
import {
  findMessageByIdempotencyKey,
  findMessageByMsgId,
  findThread,
  findThreadByConversationRef,
  findThreadStartedWithKey,
  insertMessage,
  insertThread,
  lockIdempotencyKey,
  lockThread,
  markThreadRead,
  receivesService,
  type ThreadRow,
  updateThreadAfterMessage,
} from './messaging.repository.ts'
import {
  answerDueAfterCitizenMessage,
  type CitizenWriterBasis,
  citizenWriteRefusal,
  messageReaders,
  nextMessageTime,
  notificationSender,
  serviceWriteRefusal,
  type WriteRefusal,
} from './messaging.rules.ts'

function refuse(refusal: WriteRefusal): never {
  throw new AppError(refusal.code, refusal.detail)
}

const KEY_REUSED = 'Idempotency-Key er allerede brukt for en annen melding. Bruk en ny nøkkel for en ny melding.'

/** Decodes and checks attachments; any bad one refuses the whole message, naming it by its place in the list. */
export async function checkedAttachmentsOrThrow(inputs: readonly AttachmentInput[]): Promise<CheckedAttachment[]> {
  const result = await checkAttachments(inputs)
  if (result.ok) return result.attachments
  throw new AppError(
    'validation-failed',
    'Ett eller flere vedlegg ble avvist. Bare PDF, JPEG og PNG på høyst 5 MiB kan legges ved.',
    result.problems.map((p) => ({ path: `body.attachments.${p.index}`, message: p.message })),
  )
}

async function messagesAvailability(trx: Transaction<DB>, serviceId: string, now: Date) {
  return (await loadServiceAvailability(trx, [serviceId], 'messages', now)).get(serviceId)
}

/** Who wrote a citizen-side message: the citizen or the representative actually signed in. */
export type CitizenWriter = { personId: string; name: string; basis: CitizenWriterBasis }

/**
 * A new thread from a citizen (or their representative) to a service; the thread is the citizen's whoever wrote.
 * A retry with the same Idempotency-Key by the same writer answers the thread made the first time; the same key with
 * another service, subject or text is a conflict.
 */
export async function startThread(
  trx: Transaction<DB>,
  input: {
    citizenPersonId: string
    serviceId: string
    subject: string
    body: string
    attachments: readonly AttachmentInput[]
    writer: CitizenWriter
    idempotencyKey: string | null
    now: Date
  },
): Promise<string> {
  const { now } = input
  if (input.idempotencyKey) {
    await lockIdempotencyKey(trx, input.writer.personId, input.idempotencyKey)
    const earlier = await findThreadStartedWithKey(trx, {
      citizenPersonId: input.citizenPersonId,
      writerPersonId: input.writer.personId,
      key: input.idempotencyKey,
    })
    if (earlier) {
      // A retry is the same request: to the same service, with the same subject and text.
      if (earlier.body !== input.body || earlier.subject !== input.subject || earlier.serviceId !== input.serviceId) throw new AppError('conflict', KEY_REUSED)
      return earlier.threadId
    }
  }
  const refusal = citizenWriteRefusal({
    receivesService: await receivesService(trx, input.citizenPersonId, input.serviceId, now),
    availability: await messagesAvailability(trx, input.serviceId, now),
  })
  if (refusal) refuse(refusal)
  const attachments = await checkedAttachmentsOrThrow(input.attachments)
  // The first message's MsgId names the whole dialogue in the EPJ (RefToConversation).
  const msgId = randomUUID()
  const threadId = await insertThread(trx, {
    citizenPersonId: input.citizenPersonId,
    serviceId: input.serviceId,
    subject: input.subject,
    conversationRef: msgId,
    now,
  })
  await insertMessage(trx, {
    threadId,
    fromSide: 'citizen',
    body: input.body,
    writer: { personId: input.writer.personId },
    authorName: input.writer.name,
    representationBasis: input.writer.basis,
    msgId,
    exchangeState: 'pending',
    idempotencyKey: input.idempotencyKey,
    now,
    attachments,
  })
  await updateThreadAfterMessage(trx, threadId, { lastMessageAt: now, answerDueAt: answerDueAfterCitizenMessage(null, now) })
  return threadId
}

/**
 * A citizen-side message in an existing thread. It waits to be sent on to the service's EPJ (exchange_state
 * 'pending'); the oldest unanswered message keeps the answer deadline.
 */
export async function addCitizenMessage(
  trx: Transaction<DB>,
  threadId: string,
  input: { body: string; attachments: readonly AttachmentInput[]; writer: CitizenWriter; idempotencyKey: string | null; now: Date },
): Promise<void> {
  await lockThread(trx, threadId)
  const thread = await findThread(trx, threadId)
  if (!thread) throw new AppError('not-found', 'Samtalen finnes ikke.')
  if (input.idempotencyKey) {
    const earlier = await findMessageByIdempotencyKey(trx, threadId, input.idempotencyKey)
    if (earlier) {
      if (earlier.body !== input.body) throw new AppError('conflict', KEY_REUSED)
      return
    }
  }
  const now = nextMessageTime(thread.lastMessageAt, input.now)
  const refusal = citizenWriteRefusal({
    receivesService: await receivesService(trx, thread.citizenPersonId, thread.service.id, now),
    availability: await messagesAvailability(trx, thread.service.id, now),
    threadStatus: thread.status,
  })
  if (refusal) refuse(refusal)
  const attachments = await checkedAttachmentsOrThrow(input.attachments)
  const messageId = await insertMessage(trx, {
    threadId,
    fromSide: 'citizen',
    body: input.body,
    writer: { personId: input.writer.personId },
    authorName: input.writer.name,
    representationBasis: input.writer.basis,
    msgId: randomUUID(),
    exchangeState: 'pending',
    idempotencyKey: input.idempotencyKey,
    now,
    attachments,
  })
  if (messageId === null) return
  await updateThreadAfterMessage(trx, threadId, { lastMessageAt: now, answerDueAt: answerDueAfterCitizenMessage(thread.answerDueAt, now) })
  // Writing in the thread means having read what the service wrote in it.
  await markThreadRead(trx, threadId, 'citizen', now)
}

export type ServiceWriter = { staffId: string } | { clientId: string }

/**
 * An answer from the service (staff in Samband, or the EPJ through the API or the exchange). It clears the answer
 * deadline and, in the same transaction, queues a content-free notification for the citizen and for everyone who
 * may read the citizen's messages on their behalf. Idempotent on the Idempotency-Key and on the MsgId.
 */
export async function addServiceMessage(
  trx: Transaction<DB>,
  threadId: string,
  input: {
    body: string
    attachments: readonly CheckedAttachment[]
    writer: ServiceWriter
    authorName: string
    msgId?: string
    idempotencyKey: string | null
    now: Date
  },
  /** Who may read the citizen's messages is the policy's to say, from the facts the gate loads. */
  facts: AccessFactsLoader,
): Promise<{ messageId: string; created: boolean }> {
  await lockThread(trx, threadId)
  const thread = await findThread(trx, threadId)
  if (!thread) throw new AppError('not-found', 'Samtalen finnes ikke.')
  if (input.idempotencyKey) {
    const earlier = await findMessageByIdempotencyKey(trx, threadId, input.idempotencyKey)
    if (earlier) {
      if (earlier.body !== input.body) throw new AppError('conflict', KEY_REUSED)
      return { messageId: earlier.id, created: false }
    }
  }
  const now = nextMessageTime(thread.lastMessageAt, input.now)
  if (input.msgId) {
    const earlier = await findMessageByMsgId(trx, input.msgId)
    if (earlier) return { messageId: earlier.id, created: false }
  }
  const refusal = serviceWriteRefusal({ availability: await messagesAvailability(trx, thread.service.id, now), threadStatus: thread.status })
  if (refusal) refuse(refusal)
  const messageId = await insertMessage(trx, {
    threadId,
    fromSide: 'service',
    body: input.body,
    writer: input.writer,
    authorName: input.authorName,
    representationBasis: null,
    msgId: input.msgId ?? randomUUID(),
    // Written by staff in Samband: a copy goes to the service's EPJ (the bridge), so the patient record holds the whole
    // dialog. Written by the EPJ itself (over the exchange or the API): it has it already.
    exchangeState: 'staffId' in input.writer ? 'pending' : 'none',
    idempotencyKey: input.idempotencyKey,
    now,
    attachments: input.attachments,
  })
  if (messageId === null) throw new AppError('conflict', 'Meldingen ble skrevet samtidig av en annen forespørsel. Prøv igjen.')
  await updateThreadAfterMessage(trx, threadId, { lastMessageAt: now, answerDueAt: null })
  // An answer, from the portal or the EPJ, means the service has read the citizen's messages.
  await markThreadRead(trx, threadId, 'service', now)
  await notifyOfAnswer(trx, thread, messageId, now, facts)
  return { messageId, created: true }
}

/** The citizen and everyone who may read their messages now get one notification per answer, without content. */
async function notifyOfAnswer(trx: Transaction<DB>, thread: ThreadRow, messageId: string, now: Date, facts: AccessFactsLoader): Promise<void> {
  const known = await facts(trx, [thread.citizenPersonId], now)
  const sender = notificationSender(thread.service)
  for (const personId of messageReaders(thread.citizenPersonId, known)) {
    await enqueueNotification(trx, {
      eventKey: `citizen-message:${messageId}`,
      personId,
      kind: 'message-from-health-personnel',
      senderName: sender.senderName,
      senderSensitive: sender.senderSensitive,
    })
  }
}

/**
 * For the exchange bridge: an answer that arrived from the service's EPJ as a Dialogmelding in the dialogue
 * `conversationRef`. Adds it to that thread exactly once per `msgId` (a repeat answers the same ids) and notifies
 * like a staff answer. Null when no thread has that conversation. Throws AppError 'conflict' when the thread is
 * closed or the service no longer takes messages (closed is closed for both sides), so the bridge can answer the
 * EPJ with an error receipt.
 */
export async function appendServiceMessageFromEpj(
  trx: Transaction<DB>,
  input: { conversationRef: string; msgId: string; body: string; authorName: string; clientId: string; now: Date },
  facts: AccessFactsLoader,
): Promise<{ threadId: string; messageId: string } | null> {
  const earlier = await findMessageByMsgId(trx, input.msgId)
  if (earlier) return { threadId: earlier.threadId, messageId: earlier.id }
  const thread = await findThreadByConversationRef(trx, input.conversationRef)
  if (!thread) return null
  const { messageId } = await addServiceMessage(
    trx,
    thread.id,
    {
      // PostgreSQL text cannot hold NUL; nothing else in an EPJ's text is touched.
      body: input.body.replaceAll('\u0000', ''),
      attachments: [],
      writer: { clientId: input.clientId },
      authorName: input.authorName,
      msgId: input.msgId,
      idempotencyKey: null,
      now: input.now,
    },
    facts,
  )
  return { threadId: thread.id, messageId }
}
