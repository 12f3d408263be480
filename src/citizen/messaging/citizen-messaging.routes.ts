/**
 * The citizen's side of messages with municipal services, under /api/citizens/:personId: :personId is the citizen the
 * caller acts for (themselves or someone they represent), and every call goes through the access policy with the
 * area 'messages' and is audit-logged as access to that citizen's data. Nothing is ever deleted: there are no
 * DELETE routes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../../app.ts'
import { withAccess } from '../../platform/access/authorize.ts'
import type { CitizenDataRequest } from '../../platform/access/access.types.ts'
import { AppError } from '../../platform/http/errors.ts'
import { loadAccessFacts } from '../../registry/registry.repository.ts'
import { loadServiceAvailability } from '../onboarding/digital-services.repository.ts'
import { ATTACHMENT_ROUTE_BODY_LIMIT, type AttachmentContentType, contentDisposition } from './attachments.ts'
import { findAttachment, findThread, listCitizenThreads, listMessageServices, markThreadRead, type ThreadRow } from './messaging.repository.ts'
import { ANSWER_TIME_TEXT, writerBasis } from './messaging.rules.ts'
import {
  CitizenThreadListSchema,
  CitizenThreadsQuery,
  idempotencyKeyOf,
  MessageServicesSchema,
  NewMessageBody,
  NewThreadBody,
  PersonAttachmentParams,
  PersonParams,
  PersonThreadParams,
  ThreadDetailSchema,
} from './messaging.schemas.ts'
import { addCitizenMessage, type CitizenWriter, startThread, transactionOf } from './messaging.service.ts'
import { citizenThreadDetail, citizenThreadSummary } from './thread-views.ts'

const NOT_FOUND = 'Samtalen finnes ikke.'

/**
 * Routes that take attachments accept large bodies: the caller is identified (and a session's CSRF token checked)
 * before a byte of the body is read, so nobody unknown can make the server parse 35 MB.
 */
export function identifyBeforeBody(ctx: AppContext) {
  return async (req: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    await ctx.auth.require(req)
    return payload
  }
}

/** A thread of this citizen, or 404 (also for a thread of someone else: its existence is not revealed). */
async function citizensThread(db: Parameters<typeof findThread>[0], personId: string, threadId: string): Promise<ThreadRow> {
  const thread = await findThread(db, threadId)
  if (!thread || thread.citizenPersonId !== personId) throw new AppError('not-found', NOT_FOUND)
  return thread
}

export async function citizenMessagingRoutes(appBase: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const deps = { db: ctx.db, now: ctx.now, loadFacts: loadAccessFacts }
  const messages = (action: CitizenDataRequest['action'], personId: string): CitizenDataRequest => ({ action, subjectPersonId: personId, area: 'messages' })
  const target = (req: FastifyRequest, personId: string, resourceType: string, resourceId: string | null) => ({
    resourceType,
    resourceId,
    patientPersonId: personId,
    requestId: req.id,
  })

  app.get(
    '/api/citizens/:personId/message-services',
    {
      schema: {
        tags: ['citizen'],
        summary: 'The services this citizen receives help from that take messages (also those closing or closed)',
        params: PersonParams,
        response: { 200: MessageServicesSchema },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      const { personId } = req.params
      return withAccess(deps, principal, messages('citizen-data:read', personId), target(req, personId, 'citizen-message-services', personId), async (db) => {
        const now = ctx.now()
        const services = await listMessageServices(db, personId, now)
        const availability = await loadServiceAvailability(
          db,
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
  )

  app.get(
    '/api/citizens/:personId/threads',
    {
      schema: {
        tags: ['citizen'],
        summary: 'The citizen’s message threads, newest activity first',
        params: PersonParams,
        querystring: CitizenThreadsQuery,
        response: { 200: CitizenThreadListSchema },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      const { personId } = req.params
      return withAccess(deps, principal, messages('citizen-data:read', personId), target(req, personId, 'citizen-thread-list', personId), async (db) => {
        const page = await listCitizenThreads(db, personId, req.query)
        return { items: page.items.map(citizenThreadSummary), total: page.total, unread: page.unread }
      })
    },
  )

  app.post(
    '/api/citizens/:personId/threads',
    {
      bodyLimit: ATTACHMENT_ROUTE_BODY_LIMIT,
      preParsing: identifyBeforeBody(ctx),
      schema: {
        tags: ['citizen'],
        summary: 'Start a thread with a service the citizen receives help from (optional Idempotency-Key header)',
        params: PersonParams,
        body: NewThreadBody,
        response: { 201: ThreadDetailSchema },
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const { personId } = req.params
      const key = idempotencyKeyOf(req.headers)
      const detail = await withAccess(
        deps,
        principal,
        messages('citizen-data:write', personId),
        target(req, personId, 'citizen-thread', null),
        async (db, decision) => {
          const trx = transactionOf(db)
          const now = ctx.now()
          const threadId = await startThread(trx, {
            citizenPersonId: personId,
            serviceId: req.body.serviceId,
            subject: req.body.subject,
            body: req.body.body,
            attachments: req.body.attachments ?? [],
            writer: citizenWriter(principal, decision),
            idempotencyKey: key,
            now,
          })
          return citizenThreadDetail(trx, await citizensThread(trx, personId, threadId), now)
        },
      )
      return reply.code(201).header('location', `/api/citizens/${personId}/threads/${detail.id}`).send(detail)
    },
  )

  app.get(
    '/api/citizens/:personId/threads/:threadId',
    {
      schema: {
        tags: ['citizen'],
        summary: 'One thread with its messages',
        params: PersonThreadParams,
        response: { 200: ThreadDetailSchema },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      const { personId, threadId } = req.params
      return withAccess(deps, principal, messages('citizen-data:read', personId), target(req, personId, 'citizen-thread', threadId), async (db) =>
        citizenThreadDetail(db, await citizensThread(db, personId, threadId), ctx.now()),
      )
    },
  )

  app.post(
    '/api/citizens/:personId/threads/:threadId/messages',
    {
      bodyLimit: ATTACHMENT_ROUTE_BODY_LIMIT,
      preParsing: identifyBeforeBody(ctx),
      schema: {
        tags: ['citizen'],
        summary: 'Write in a thread (optional Idempotency-Key header); refused when the thread is closed or the service no longer takes messages',
        params: PersonThreadParams,
        body: NewMessageBody,
        response: { 201: ThreadDetailSchema },
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const { personId, threadId } = req.params
      const key = idempotencyKeyOf(req.headers)
      const detail = await withAccess(
        deps,
        principal,
        messages('citizen-data:write', personId),
        target(req, personId, 'citizen-thread', threadId),
        async (db, decision) => {
          const trx = transactionOf(db)
          const now = ctx.now()
          await citizensThread(trx, personId, threadId)
          await addCitizenMessage(trx, threadId, {
            body: req.body.body,
            attachments: req.body.attachments ?? [],
            writer: citizenWriter(principal, decision),
            idempotencyKey: key,
            now,
          })
          return citizenThreadDetail(trx, await citizensThread(trx, personId, threadId), now)
        },
      )
      return reply.code(201).send(detail)
    },
  )

  app.post(
    '/api/citizens/:personId/threads/:threadId/read',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Mark the service’s messages in the thread read',
        params: PersonThreadParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const { personId, threadId } = req.params
      await withAccess(deps, principal, messages('citizen-data:read', personId), target(req, personId, 'citizen-thread', threadId), async (db) => {
        await citizensThread(db, personId, threadId)
        await markThreadRead(db, threadId, 'citizen', ctx.now())
      })
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/citizens/:personId/threads/:threadId/attachments/:attachmentId',
    {
      schema: {
        tags: ['citizen'],
        summary: 'An attachment of a message in the thread, as a download',
        params: PersonAttachmentParams,
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const { personId, threadId, attachmentId } = req.params
      const attachment = await withAccess(
        deps,
        principal,
        messages('citizen-data:read', personId),
        target(req, personId, 'citizen-message-attachment', attachmentId),
        async (db) => {
          await citizensThread(db, personId, threadId)
          const found = await findAttachment(db, threadId, attachmentId)
          if (!found) throw new AppError('not-found', 'Vedlegget finnes ikke.')
          return found
        },
      )
      return sendAttachment(reply, attachment)
    },
  )
}

/** Who is writing: the signed-in person (the citizen, or their representative) and on what basis. */
function citizenWriter(
  principal: { actor: { kind: string; personId?: string }; name: string | null },
  decision: Parameters<typeof writerBasis>[0],
): CitizenWriter {
  if (principal.actor.kind !== 'citizen' || !principal.actor.personId) throw new AppError('forbidden', 'Bare innbyggere kan skrive her.')
  return { personId: principal.actor.personId, name: principal.name ?? 'Ukjent', basis: writerBasis(decision) }
}

/** A stored file as a download: never rendered by the browser, its type as stored (and checked when it came in). */
export function sendAttachment(reply: FastifyReply, attachment: { fileName: string; contentType: AttachmentContentType; content: Buffer }) {
  return reply
    .header('content-type', attachment.contentType)
    .header('content-disposition', contentDisposition(attachment.fileName, attachment.contentType))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(attachment.content)
}
