/**
 * The service's side of citizen messages, under /api/services/:serviceId: staff acting for that very service, or the
 * EPJ (system client) of the organisation that owns it. Staff of another service are refused even when the citizen
 * is also their patient; each thread must belong to :serviceId; and the policy must allow patient data for the
 * thread's citizen (care relation, role, scopes). Reading a thread is audit-logged as access to the citizen's data.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { AppContext } from '../../app.ts'
import { withAccess } from '../../platform/access/authorize.ts'
import { SYSTEM_SCOPES } from '../../platform/access/access.types.ts'
import { appendAuditAlone } from '../../platform/audit/audit-log.repository.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { Principal } from '../../platform/identity/authenticate.ts'
import { loadAccessFacts } from '../../registry/registry.repository.ts'
import { ATTACHMENT_ROUTE_BODY_LIMIT } from './attachments.ts'
import { identifyBeforeBody, sendAttachment } from './citizen-messaging.routes.ts'
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
import {
  idempotencyKeyOf,
  NewMessageBody,
  ServiceAttachmentParams,
  ServiceParams,
  ServiceThreadParams,
  StaffThreadDetailSchema,
  StaffThreadListSchema,
  StaffThreadsQuery,
} from './messaging.schemas.ts'
import { addServiceMessage, checkedAttachmentsOrThrow, type ServiceWriter, transactionOf } from './messaging.service.ts'
import { staffThreadDetail, staffThreadSummary } from './thread-views.ts'
import { serviceDisplayName } from './messaging.rules.ts'

const OTHER_SERVICE = 'Du har ikke tilgang til meldingene til denne tjenesten.'

type Operation = 'read' | 'write'

export async function serviceMessagingRoutes(appBase: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const { db } = ctx
  const deps = { db, now: ctx.now, loadFacts: loadAccessFacts }

  /**
   * The caller may act for this service at all: staff acting for it right now (with the health_personnel role, as
   * for any patient data), or a system client of its organisation with the scope for the operation. A refusal is
   * audit-logged and answered with a plain 403.
   */
  async function serviceCaller(
    req: FastifyRequest,
    serviceId: string,
    operation: Operation,
    resourceId: string | null,
  ): Promise<{ principal: Principal; service: ServiceInfo }> {
    const principal = await ctx.auth.require(req)
    const service = await findServiceInfo(db, serviceId)
    const actor = principal.actor
    let refusal: string | null = null
    if (actor.kind === 'staff') {
      if (!service || actor.serviceId !== serviceId) refusal = 'other-service'
      else if (!actor.roles.includes('health_personnel')) refusal = 'missing-role'
    } else if (actor.kind === 'system') {
      if (!service || actor.organisationId !== service.organisationId) refusal = 'other-organisation'
      else if (!actor.scopes.includes(operation === 'read' ? SYSTEM_SCOPES.patientRead : SYSTEM_SCOPES.patientWrite)) refusal = 'missing-scope'
    } else {
      refusal = 'action-not-permitted'
    }
    if (refusal !== null || !service) {
      await appendAuditAlone(db, {
        at: ctx.now(),
        requestId: req.id,
        actorType: actor.kind,
        actorId: actor.kind === 'citizen' ? actor.personId : actor.kind === 'system' ? actor.clientId : actor.staffId,
        actorName: principal.name,
        actorRole: principal.role,
        onBehalfOfPersonId: null,
        organisationId: principal.organisationId,
        serviceId: principal.serviceId,
        action: operation === 'read' ? 'patient-data:read' : 'patient-data:write',
        resourceType: resourceId ? 'citizen-thread' : 'citizen-thread-list',
        resourceId,
        patientPersonId: null,
        reason: null,
        decision: 'denied',
        decisionBasis: refusal ?? 'other-service',
        emergency: false,
      })
      throw new AppError('forbidden', OTHER_SERVICE)
    }
    return { principal, service }
  }

  /** A thread of this service, or 404: a thread of another service is not revealed. */
  async function servicesThread(d: Kysely<DB>, serviceId: string, threadId: string): Promise<ThreadRow> {
    const thread = await findThread(d, threadId)
    if (!thread || thread.service.id !== serviceId) throw new AppError('not-found', 'Samtalen finnes ikke.')
    return thread
  }

  /** Caller check, then the thread, then the policy on the thread's citizen; `work` runs in the audit's transaction. */
  async function onThread<T>(
    req: FastifyRequest,
    params: { serviceId: string; threadId: string },
    operation: Operation,
    resourceType: string,
    work: (d: Kysely<DB>, thread: ThreadRow, principal: Principal, service: ServiceInfo) => Promise<T>,
  ): Promise<T> {
    const { principal, service } = await serviceCaller(req, params.serviceId, operation, params.threadId)
    const thread = await servicesThread(db, params.serviceId, params.threadId)
    return withAccess(
      deps,
      principal,
      { action: operation === 'read' ? 'patient-data:read' : 'patient-data:write', patientPersonId: thread.citizenPersonId },
      { resourceType, resourceId: params.threadId, patientPersonId: thread.citizenPersonId, requestId: req.id },
      (d) => work(d, thread, principal, service),
    )
  }

  app.get(
    '/api/services/:serviceId/threads',
    {
      schema: {
        tags: ['citizen'],
        summary: 'The service’s threads with citizens: overdue first, then awaiting an answer, then the rest',
        params: ServiceParams,
        querystring: StaffThreadsQuery,
        response: { 200: StaffThreadListSchema },
      },
    },
    async (req) => {
      const { serviceId } = req.params
      await serviceCaller(req, serviceId, 'read', null)
      // Like the exchange inbox, the list shows citizens by name and birth date; opening a thread is what is logged.
      const now = ctx.now()
      const page = await listServiceThreads(db, serviceId, req.query, now)
      return { items: page.items.map((r) => staffThreadSummary(r, now)), total: page.total, unanswered: page.unanswered, overdue: page.overdue }
    },
  )

  app.get(
    '/api/services/:serviceId/threads/:threadId',
    {
      schema: {
        tags: ['citizen'],
        summary: 'One thread with its messages and who wrote each',
        params: ServiceThreadParams,
        response: { 200: StaffThreadDetailSchema },
      },
    },
    async (req) => onThread(req, req.params, 'read', 'citizen-thread', (d, thread) => staffThreadDetail(d, thread, ctx.now())),
  )

  app.post(
    '/api/services/:serviceId/threads/:threadId/messages',
    {
      bodyLimit: ATTACHMENT_ROUTE_BODY_LIMIT,
      preParsing: identifyBeforeBody(ctx),
      schema: {
        tags: ['citizen'],
        summary: 'Answer the citizen (optional Idempotency-Key header); the citizen and their representatives are notified',
        params: ServiceThreadParams,
        body: NewMessageBody,
        response: { 201: StaffThreadDetailSchema },
      },
    },
    async (req, reply) => {
      const key = idempotencyKeyOf(req.headers)
      const detail = await onThread(req, req.params, 'write', 'citizen-thread', async (d, thread, principal, service) => {
        const trx = transactionOf(d)
        const now = ctx.now()
        const attachments = await checkedAttachmentsOrThrow(req.body.attachments ?? [])
        const { writer, authorName } = serviceWriter(principal, service)
        await addServiceMessage(trx, thread.id, { body: req.body.body, attachments, writer, authorName, idempotencyKey: key, now })
        return staffThreadDetail(trx, await servicesThread(trx, service.id, thread.id), now)
      })
      return reply.code(201).send(detail)
    },
  )

  app.post(
    '/api/services/:serviceId/threads/:threadId/read',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Mark the citizen’s messages in the thread read',
        params: ServiceThreadParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await onThread(req, req.params, 'read', 'citizen-thread', (d, thread) => markThreadRead(d, thread.id, 'service', ctx.now()))
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/services/:serviceId/threads/:threadId/close',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Close the thread: it is kept, but takes no more messages from either side',
        params: ServiceThreadParams,
        response: { 200: StaffThreadDetailSchema },
      },
    },
    async (req) =>
      onThread(req, req.params, 'write', 'citizen-thread', async (d, thread, principal, service) => {
        const now = ctx.now()
        await closeThread(d, thread.id, { closedByName: serviceWriter(principal, service).authorName, now })
        return staffThreadDetail(d, await servicesThread(d, service.id, thread.id), now)
      }),
  )

  app.get(
    '/api/services/:serviceId/threads/:threadId/attachments/:attachmentId',
    {
      schema: {
        tags: ['citizen'],
        summary: 'An attachment of a message in the thread, as a download',
        params: ServiceAttachmentParams,
      },
    },
    async (req, reply) => {
      const attachment = await onThread(req, req.params, 'read', 'citizen-message-attachment', async (d, thread) => {
        const found = await findAttachment(d, thread.id, req.params.attachmentId)
        if (!found) throw new AppError('not-found', 'Vedlegget finnes ikke.')
        return found
      })
      return sendAttachment(reply, attachment)
    },
  )
}

/** Staff write in their own name; an EPJ through the API in the service's name (the citizen sees who answered). */
function serviceWriter(principal: Principal, service: ServiceInfo): { writer: ServiceWriter; authorName: string } {
  const actor = principal.actor
  if (actor.kind === 'staff') return { writer: { staffId: actor.staffId }, authorName: principal.name ?? service.name }
  if (actor.kind === 'system') return { writer: { clientId: actor.clientId }, authorName: serviceDisplayName(service.organisationName, service.name) }
  throw new AppError('forbidden', OTHER_SERVICE)
}
