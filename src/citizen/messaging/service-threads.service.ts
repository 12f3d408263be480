/**
 * The service's side of citizen messages: staff acting for that very service, or the EPJ (system client) of the
 * organisation that owns it. Staff of another service are refused even when the citizen is also their patient; each
 * thread must belong to the service; and the policy must allow patient data for the thread's citizen (care relation,
 * role, scopes). Opening a thread is audit-logged as access to the citizen's data.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Caller, UseCaseAccess, UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { AccessAllowed } from '../../platform/access/access.types.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { type AttachmentDownload, attachmentContent, findAttachmentInfo } from './attachments.repository.ts'
import { closeThread, findServiceInfo, findThread, markThreadRead, type ServiceInfo, type ThreadRow } from './messaging.repository.ts'
import { serviceDisplayName } from './messaging.rules.ts'
import type { NewMessageBody, StaffThreadDetail, StaffThreadList, StaffThreadsQuery } from './messaging.schemas.ts'
import { assignableStaff } from './service-colleagues.ts'
import { listStaffThreads } from './staff-thread-list.repository.ts'
import type { AssignBody, AssigneeOptions, NewNoteBody } from './staff-thread-work.schemas.ts'
import { insertNote, setAssignment } from './thread-work.repository.ts'
import { assigneeNames, staffThreadDetail, staffThreadSummary } from './thread-views.ts'
import { addServiceMessage, checkedAttachmentsOrThrow, type ServiceWriter } from './thread-writes.ts'

const OTHER_SERVICE = 'Du har ikke tilgang til meldingene til denne tjenesten.'

type Operation = 'read' | 'write'

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

export function createServiceThreads(deps: UseCaseDeps & { db: Kysely<DB> }) {
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

  /**
   * The inbox, then the thread, then the policy on the thread's citizen; `work` runs in the same transaction. The
   * audit row names `auditAction` when the work is more than reading or writing messages (assigning, a note).
   */
  function onThread<T>(
    caller: Caller,
    params: { serviceId: string; threadId: string },
    operation: Operation,
    resourceType: string,
    work: (trx: Transaction<DB>, thread: ThreadRow, service: ServiceInfo, audit: { access: UseCaseAccess; decision: AccessAllowed }) => Promise<T>,
    auditAction?: string,
  ): Promise<T> {
    return deps.gate.within(caller, async (trx, access) => {
      // Found first, so that a refusal, or a thread of another service, is logged with its citizen.
      const found = await findThread(trx, params.threadId)
      const patientPersonId = found?.citizenPersonId ?? null
      const { service, request } = await inbox(trx, access, params.serviceId, operation, { type: resourceType, id: params.threadId, patientPersonId })
      if (found && found.service.id !== params.serviceId) access.notFound(request, { resourceType, resourceId: params.threadId, patientPersonId })
      const thread = await servicesThread(trx, params.serviceId, params.threadId)
      const decision = await access.require(
        { action: `patient-data:${operation}`, patientPersonId: thread.citizenPersonId },
        { resourceType, resourceId: params.threadId, patientPersonId: thread.citizenPersonId, ...(auditAction ? { auditAction } : {}) },
      )
      return work(trx, thread, service, { access, decision })
    })
  }

  /** Staff work on threads in their own name; a system client (an EPJ) has no name to give a thread or a note. */
  function staffOf(caller: Caller): { staffId: string; name: string } {
    const { actor, name } = caller.principal
    if (actor.kind !== 'staff') throw new AppError('forbidden', 'Bare helsepersonell i tjenesten kan gjøre dette.')
    return { staffId: actor.staffId, name: name ?? 'Helsepersonell' }
  }

  return {
    /** Overdue first, then awaiting an answer, then the rest. The list names citizens: each one shown is logged, once per page. */
    threads(caller: Caller, serviceId: string, query: StaffThreadsQuery): Promise<StaffThreadList> {
      return deps.gate.within(caller, async (trx, access) => {
        const { request, decision } = await inbox(trx, access, serviceId, 'read', { type: 'citizen-thread-list', id: null })
        const now = deps.now()
        const actor = caller.principal.actor
        // "Mine" is the signed-in staff member's: a system client has no threads of its own.
        if (query.assigned === 'mine' && actor.kind !== 'staff') {
          throw new AppError('validation-failed', 'Filteret «mine» gjelder bare helsepersonell som er logget inn.', [
            { path: 'querystring.assigned', message: 'bare for helsepersonell' },
          ])
        }
        const assignedTo = query.assigned === 'none' ? 'unassigned' : actor.kind === 'staff' && query.assigned === 'mine' ? actor.staffId : null
        const page = await listStaffThreads(
          trx,
          serviceId,
          { status: query.status, assignedTo, patientPersonId: query.patient ?? null, text: query.q ? query.q : null },
          { limit: query.limit, offset: query.offset },
          now,
        )
        for (const patientPersonId of new Set(page.items.map((r) => r.citizenPersonId))) {
          access.record(request, decision, { action: request.action, resourceType: 'citizen-thread-list', resourceId: null, reason: null, patientPersonId })
        }
        const names = await assigneeNames(
          trx,
          page.items.map((r) => r.assignedStaffId),
        )
        return {
          items: page.items.map((r) => staffThreadSummary(r, now, names)),
          total: page.total,
          unanswered: page.unanswered,
          overdue: page.overdue,
        }
      })
    },

    /** Health personnel of the service now, whom a thread can be given to. */
    assignees(caller: Caller, serviceId: string): Promise<AssigneeOptions> {
      return deps.gate.within(caller, async (trx, access) => {
        await inbox(trx, access, serviceId, 'read', { type: 'citizen-thread-assignees', id: null })
        return { items: await assignableStaff(trx, serviceId, deps.now()) }
      })
    },

    /** Gives the thread to a colleague in the same service (or to nobody); the audit log says to whom. */
    assign(caller: Caller, params: { serviceId: string; threadId: string }, body: AssignBody): Promise<StaffThreadDetail> {
      return onThread(
        caller,
        params,
        'write',
        'citizen-thread',
        async (trx, thread, service, { access, decision }) => {
          staffOf(caller)
          const now = deps.now()
          if (body.staffId !== null) {
            const colleagues = await assignableStaff(trx, service.id, now)
            if (!colleagues.some((c) => c.staffId === body.staffId)) {
              throw new AppError('validation-failed', 'Samtalen kan bare gis til helsepersonell i samme tjeneste.', [
                { path: 'body.staffId', message: 'er ikke helsepersonell i tjenesten' },
              ])
            }
          }
          await setAssignment(trx, thread.id, body.staffId, now)
          access.record({ action: 'patient-data:write', patientPersonId: thread.citizenPersonId }, decision, {
            action: 'citizen-thread.assign',
            resourceType: 'citizen-thread',
            resourceId: thread.id,
            reason: body.staffId === null ? 'Ingen har samtalen' : `Gitt til ansatt ${body.staffId}`,
          })
          return staffThreadDetail(trx, thread, now)
        },
        'citizen-thread.assign',
      )
    },

    /** An internal note: staff of the service see it with the thread; the citizen and the EPJ never do. */
    addNote(caller: Caller, params: { serviceId: string; threadId: string }, body: NewNoteBody): Promise<StaffThreadDetail> {
      return onThread(
        caller,
        params,
        'write',
        'citizen-thread',
        async (trx, thread) => {
          const staff = staffOf(caller)
          const now = deps.now()
          await insertNote(trx, { threadId: thread.id, body: body.body, staffId: staff.staffId, authorName: staff.name, now })
          return staffThreadDetail(trx, thread, now)
        },
        'citizen-thread.note',
      )
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

    attachment(caller: Caller, params: { serviceId: string; threadId: string; attachmentId: string }): Promise<AttachmentDownload> {
      return onThread(caller, params, 'read', 'citizen-message-attachment', async (trx, thread) => {
        const info = await findAttachmentInfo(trx, thread.id, params.attachmentId)
        if (!info) throw new AppError('not-found', 'Vedlegget finnes ikke.')
        return info
      }).then((info) => ({ info, content: () => attachmentContent(deps.db, info) }))
    },
  }
}
