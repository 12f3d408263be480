/**
 * The service's side of citizen messages: staff acting for that very service, or the EPJ (system client) of the
 * organisation that owns it. Staff of another service are refused even when the citizen is also their patient; each
 * thread must belong to the service; and the policy must allow patient data for the thread's citizen (care relation,
 * role, scopes). Opening a thread is audit-logged as access to the citizen's data.
 */
import type { Transaction } from 'kysely'
import type { Caller, UseCaseAccess, UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { AttachmentContentType } from './attachments.schemas.ts'
import {
  closeThread,
  findAttachment,
  findServiceInfo,
  findThread,
  listServiceThreads,
  markThreadRead,
  type ServiceInfo,
  type ThreadRow,
} from './messaging.repository.ts'
import { serviceDisplayName } from './messaging.rules.ts'
import type { NewMessageBody, StaffThreadDetail, StaffThreadList, StaffThreadsQuery } from './messaging.schemas.ts'
import { staffThreadDetail, staffThreadSummary } from './thread-views.ts'
import { addServiceMessage, checkedAttachmentsOrThrow, type ServiceWriter } from './thread-writes.ts'

const OTHER_SERVICE = 'Du har ikke tilgang til meldingene til denne tjenesten.'

type Operation = 'read' | 'write'
type StoredAttachment = { fileName: string; contentType: AttachmentContentType; content: Buffer }

/** A thread of this service, or 404: a thread of another service is not revealed. */
async function servicesThread(trx: Transaction<DB>, serviceId: string, threadId: string): Promise<ThreadRow> {
  const thread = await findThread(trx, threadId)
  if (!thread || thread.service.id !== serviceId) throw new AppError('not-found', 'Samtalen finnes ikke.')
  return thread
}

/** Staff write in their own name; an EPJ through the API in the service's name (the citizen sees who answered). */
function serviceWriter(caller: Caller, service: ServiceInfo): { writer: ServiceWriter; authorName: string } {
  const { actor, name } = caller.principal
  if (actor.kind === 'staff') return { writer: { staffId: actor.staffId }, authorName: name ?? service.name }
  if (actor.kind === 'system') return { writer: { clientId: actor.clientId }, authorName: serviceDisplayName(service.organisationName, service.name) }
  throw new AppError('forbidden', OTHER_SERVICE)
}

export function createServiceThreads(deps: UseCaseDeps) {
  /** The caller may work in this service's inbox at all (a refusal is a plain 403, and logged with the patient asked about). */
  async function inbox(
    trx: Transaction<DB>,
    access: UseCaseAccess,
    serviceId: string,
    operation: Operation,
    resource: { type: string; id: string | null; patientPersonId?: string | null },
  ) {
    const service = await findServiceInfo(trx, serviceId)
    const request = { action: `service-inbox:${operation}`, serviceId, organisationId: service?.organisationId ?? null } as const
    const decision = await access.require(
      request,
      { resourceType: resource.type, resourceId: resource.id, patientPersonId: resource.patientPersonId ?? null, auditAllowed: false },
      { refusal: () => new AppError('forbidden', OTHER_SERVICE) },
    )
    if (!service) throw new AppError('forbidden', OTHER_SERVICE)
    return { service, request, decision }
  }

  /** The inbox, then the thread, then the policy on the thread's citizen; `work` runs in the same transaction. */
  function onThread<T>(
    caller: Caller,
    params: { serviceId: string; threadId: string },
    operation: Operation,
    resourceType: string,
    work: (trx: Transaction<DB>, thread: ThreadRow, service: ServiceInfo) => Promise<T>,
  ): Promise<T> {
    return deps.gate.within(caller, async (trx, access) => {
      // Found first, so that a refusal, or a thread of another service, is logged with its citizen.
      const found = await findThread(trx, params.threadId)
      const patientPersonId = found?.citizenPersonId ?? null
      const { service, request } = await inbox(trx, access, params.serviceId, operation, { type: resourceType, id: params.threadId, patientPersonId })
      if (found && found.service.id !== params.serviceId) access.notFound(request, { resourceType, resourceId: params.threadId, patientPersonId })
      const thread = await servicesThread(trx, params.serviceId, params.threadId)
      await access.require(
        { action: `patient-data:${operation}`, patientPersonId: thread.citizenPersonId },
        { resourceType, resourceId: params.threadId, patientPersonId: thread.citizenPersonId },
      )
      return work(trx, thread, service)
    })
  }

  return {
    /** Overdue first, then awaiting an answer, then the rest. The list names citizens: each one shown is logged, once per page. */
    threads(caller: Caller, serviceId: string, query: StaffThreadsQuery): Promise<StaffThreadList> {
      return deps.gate.within(caller, async (trx, access) => {
        const { request, decision } = await inbox(trx, access, serviceId, 'read', { type: 'citizen-thread-list', id: null })
        const now = deps.now()
        const page = await listServiceThreads(trx, serviceId, query, now)
        for (const patientPersonId of new Set(page.items.map((r) => r.citizenPersonId))) {
          access.record(request, decision, { action: request.action, resourceType: 'citizen-thread-list', resourceId: null, reason: null, patientPersonId })
        }
        return { items: page.items.map((r) => staffThreadSummary(r, now)), total: page.total, unanswered: page.unanswered, overdue: page.overdue }
      })
    },

    thread(caller: Caller, params: { serviceId: string; threadId: string }): Promise<StaffThreadDetail> {
      return onThread(caller, params, 'read', 'citizen-thread', (trx, thread) => staffThreadDetail(trx, thread, deps.now()))
    },

    /** An answer to the citizen; the citizen and their representatives are notified in the same transaction. */
    answer(caller: Caller, params: { serviceId: string; threadId: string }, body: NewMessageBody, idempotencyKey: string | null): Promise<StaffThreadDetail> {
      return onThread(caller, params, 'write', 'citizen-thread', async (trx, thread, service) => {
        const now = deps.now()
        const attachments = await checkedAttachmentsOrThrow(body.attachments ?? [])
        const { writer, authorName } = serviceWriter(caller, service)
        await addServiceMessage(trx, thread.id, { body: body.body, attachments, writer, authorName, idempotencyKey, now }, deps.gate.facts)
        return staffThreadDetail(trx, await servicesThread(trx, service.id, thread.id), now)
      })
    },

    markRead(caller: Caller, params: { serviceId: string; threadId: string }): Promise<void> {
      return onThread(caller, params, 'read', 'citizen-thread', (trx, thread) => markThreadRead(trx, thread.id, 'service', deps.now()))
    },

    /** Closed: kept, but takes no more messages from either side. */
    close(caller: Caller, params: { serviceId: string; threadId: string }): Promise<StaffThreadDetail> {
      return onThread(caller, params, 'write', 'citizen-thread', async (trx, thread, service) => {
        const now = deps.now()
        await closeThread(trx, thread.id, { closedByName: serviceWriter(caller, service).authorName, now })
        return staffThreadDetail(trx, await servicesThread(trx, service.id, thread.id), now)
      })
    },

    attachment(caller: Caller, params: { serviceId: string; threadId: string; attachmentId: string }): Promise<StoredAttachment> {
      return onThread(caller, params, 'read', 'citizen-message-attachment', async (trx, thread) => {
        const found = await findAttachment(trx, thread.id, params.attachmentId)
        if (!found) throw new AppError('not-found', 'Vedlegget finnes ikke.')
        return found
      })
    },
  }
}
