/**
 * The citizen's side of messages with municipal services: :personId is the citizen the caller acts for (themselves or
 * someone they represent); every use case goes through the access policy with the area 'messages' and is
 * audit-logged as access to that citizen's data. Nothing is ever deleted.
 */
import type { Kysely, Transaction } from 'kysely'
import type { AccessTarget, Caller, UseCaseAccess, UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { AccessAllowed, CitizenDataRequest } from '../../platform/access/access.types.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { loadServiceAvailability } from '../onboarding/digital-services.repository.ts'
import { z } from 'zod'
import { type AttachmentDownload, attachmentContent, findAttachmentInfo } from './attachments.repository.ts'
import { searchCitizenThreads } from './citizen-thread-search.repository.ts'
import { findThread, listMessageServices, markThreadRead, type ThreadRow } from './messaging.repository.ts'
import { ANSWER_TIME_TEXT, writerBasis } from './messaging.rules.ts'
import type { CitizenThreadList, CitizenThreadsQuery, MessageServices, NewMessageBody, NewThreadBody, ThreadDetail } from './messaging.schemas.ts'
import { citizenThreadDetail, citizenThreadSummary } from './thread-views.ts'
import { addCitizenMessage, type CitizenWriter, startThread } from './thread-writes.ts'

const NOT_FOUND = 'Samtalen finnes ikke.'

/** An id from the path that names no thread or attachment when it is no UUID: not found, like any unknown id. */
const isId = (id: string) => z.uuid().safeParse(id).success

/**
 * A thread of this citizen, or 404 (also for a thread of someone else: its existence is not revealed). The attempt is
 * in the audit log: with the thread's citizen when the caller may not act for them, else with the person the URL names.
 */
async function citizensThread(trx: Transaction<DB>, access: UseCaseAccess, request: CitizenDataRequest, threadId: string): Promise<ThreadRow> {
  const thread = isId(threadId) ? await findThread(trx, threadId) : null
  if (thread && thread.citizenPersonId === request.subjectPersonId) return thread
  const refusal = () => new AppError('not-found', NOT_FOUND)
  if (thread) {
    const owner = thread.citizenPersonId
    await access.require({ ...request, subjectPersonId: owner }, { ...target(owner, 'citizen-thread', threadId), auditAllowed: false }, { refusal })
  }
  access.notFound(request, target(request.subjectPersonId, 'citizen-thread', threadId))
  throw refusal()
}

// An id that is no UUID is never stored in the audit log: it names nothing, and may hold any text.
const target = (personId: string, resourceType: string, resourceId: string | null): AccessTarget => ({
  resourceType,
  resourceId: resourceId !== null && isId(resourceId) ? resourceId : null,
  patientPersonId: personId,
})

/** Who is writing: the signed-in person (the citizen, or their representative) and on what basis. */
function citizenWriter(caller: Caller, decision: AccessAllowed): CitizenWriter {
  const { actor, name } = caller.principal
  if (actor.kind !== 'citizen') throw new AppError('forbidden', 'Bare innbyggere kan skrive her.')
  return { personId: actor.personId, name: name ?? 'Ukjent', basis: writerBasis(decision) }
}

export function createCitizenThreads(deps: UseCaseDeps & { db: Kysely<DB> }) {
  const messages = (action: CitizenDataRequest['action'], personId: string): CitizenDataRequest => ({ action, subjectPersonId: personId, area: 'messages' })
  /** One decision on the person the URL names, then `work` with what it needs to find (and log) a thread under them. */
  const asCitizen = <T>(
    caller: Caller,
    request: CitizenDataRequest,
    resource: AccessTarget,
    work: (trx: Transaction<DB>, thread: (id: string) => Promise<ThreadRow>, decision: AccessAllowed) => Promise<T>,
  ) =>
    deps.gate.within(caller, async (trx, access) => {
      const decision = await access.require(request, resource)
      return work(trx, (id) => citizensThread(trx, access, request, id), decision)
    })
  const reading = <T>(
    caller: Caller,
    personId: string,
    resource: AccessTarget,
    work: (trx: Transaction<DB>, thread: (id: string) => Promise<ThreadRow>) => Promise<T>,
  ) => asCitizen(caller, messages('citizen-data:read', personId), resource, (trx, thread) => work(trx, thread))

  return {
    /** The services this citizen receives help from that take messages (also those closing or closed). */
    messageServices(caller: Caller, personId: string): Promise<MessageServices> {
      return reading(caller, personId, target(personId, 'citizen-message-services', personId), async (trx) => {
        const now = deps.now()
        const services = await listMessageServices(trx, personId, now)
        const availability = await loadServiceAvailability(
          trx,
          services.map((s) => s.id),
          'messages',
          now,
        )
        return {
          items: services.map((s) => {
            const a = availability.get(s.id)
            return {
              serviceId: s.id,
              serviceName: s.name,
              organisationName: s.organisationName,
              open: a?.open ?? false,
              endsAt: a?.endsAt?.toISOString() ?? null,
              answerTime: ANSWER_TIME_TEXT,
            }
          }),
        }
      })
    },

    threads(caller: Caller, personId: string, query: CitizenThreadsQuery): Promise<CitizenThreadList> {
      return reading(caller, personId, target(personId, 'citizen-thread-list', personId), async (trx) => {
        const page = await searchCitizenThreads(trx, personId, query)
        return { items: page.items.map(citizenThreadSummary), total: page.total, unread: page.unread }
      })
    },

    /** A new thread; a retry with the same Idempotency-Key answers the thread made the first time. */
    startThread(caller: Caller, personId: string, body: NewThreadBody, idempotencyKey: string | null): Promise<ThreadDetail> {
      return asCitizen(caller, messages('citizen-data:write', personId), target(personId, 'citizen-thread', null), async (trx, citizensThread, decision) => {
        const now = deps.now()
        const threadId = await startThread(trx, {
          citizenPersonId: personId,
          serviceId: body.serviceId,
          subject: body.subject,
          body: body.body,
          attachments: body.attachments ?? [],
          writer: citizenWriter(caller, decision),
          idempotencyKey,
          now,
        })
        return citizenThreadDetail(trx, await citizensThread(threadId), now)
      })
    },

    thread(caller: Caller, personId: string, threadId: string): Promise<ThreadDetail> {
      return reading(caller, personId, target(personId, 'citizen-thread', threadId), async (trx, citizensThread) =>
        citizenThreadDetail(trx, await citizensThread(threadId), deps.now()),
      )
    },

    /** Refused when the thread is closed or the service no longer takes messages. */
    write(caller: Caller, personId: string, threadId: string, body: NewMessageBody, idempotencyKey: string | null): Promise<ThreadDetail> {
      return asCitizen(
        caller,
        messages('citizen-data:write', personId),
        target(personId, 'citizen-thread', threadId),
        async (trx, citizensThread, decision) => {
          const now = deps.now()
          await citizensThread(threadId)
          await addCitizenMessage(trx, threadId, {
            body: body.body,
            attachments: body.attachments ?? [],
            writer: citizenWriter(caller, decision),
            idempotencyKey,
            now,
          })
          return citizenThreadDetail(trx, await citizensThread(threadId), now)
        },
      )
    },

    markRead(caller: Caller, personId: string, threadId: string): Promise<void> {
      return reading(caller, personId, target(personId, 'citizen-thread', threadId), async (trx, citizensThread) => {
        await citizensThread(threadId)
        await markThreadRead(trx, threadId, 'citizen', deps.now())
      })
    },

    attachment(caller: Caller, personId: string, threadId: string, attachmentId: string): Promise<AttachmentDownload> {
      return reading(caller, personId, target(personId, 'citizen-message-attachment', attachmentId), async (trx, citizensThread) => {
        await citizensThread(threadId)
        const info = isId(attachmentId) ? await findAttachmentInfo(trx, threadId, attachmentId) : null
        if (!info) throw new AppError('not-found', 'Vedlegget finnes ikke.')
        return info
      }).then((info) => ({ info, content: () => attachmentContent(deps.db, info) }))
    },
  }
}
