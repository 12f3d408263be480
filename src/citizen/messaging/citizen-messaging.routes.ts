/** The citizen's side of messages with municipal services over HTTP, under /api/citizens/:personId. No DELETE routes. */
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idempotencyKeyOf } from '../../platform/http/idempotency-key.ts'
import { callerOf, type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteContext } from '../../platform/http/route-context.ts'
import { contentDisposition } from './attachments.ts'
import type { AttachmentDownload } from './attachments.repository.ts'
import { ATTACHMENT_ROUTE_BODY_LIMIT } from './attachments.schemas.ts'
import { createCitizenThreads } from './citizen-threads.service.ts'
import { WaitingSummarySchema } from './citizen-waiting.schemas.ts'
import { createCitizenWaiting } from './citizen-waiting.service.ts'
import {
  CitizenThreadListSchema,
  CitizenThreadsQuery,
  MessageServicesSchema,
  NewMessageBody,
  NewThreadBody,
  PersonAttachmentParams,
  PersonParams,
  PersonThreadParams,
  ThreadDetailSchema,
} from './messaging.schemas.ts'

/**
 * Routes that take attachments accept large bodies: the caller is identified (and a session's CSRF token checked)
 * before a byte of the body is read, so nobody unknown can make the server parse 35 MB.
 */
export function identifyBeforeBody(ctx: Pick<RouteContext, 'auth'>) {
  return async (req: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    await ctx.auth.require(req)
    return payload
  }
}

/**
 * A stored file as a download: never rendered by the browser, its type as stored (and checked when it came in), its
 * length known before the first byte, and its bytes streamed from the database rather than held whole in memory.
 */
export function sendAttachment(reply: FastifyReply, download: AttachmentDownload) {
  const { info } = download
  return reply
    .header('content-type', info.contentType)
    .header('content-length', info.byteSize)
    .header('content-disposition', contentDisposition(info.fileName, info.contentType))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(download.content())
}

export async function citizenMessagingRoutes(appBase: FastifyInstance, { ctx }: { ctx: RouteContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const threads = createCitizenThreads(ctx)
  const waiting = createCitizenWaiting(ctx)
  const tags = ['citizen']

  app.get(
    '/api/me/waiting',
    {
      schema: {
        tags,
        summary: 'What is waiting for the signed-in citizen and each person they may act for (unread answers), per area they may read',
        response: { 200: WaitingSummarySchema },
      },
    },
    async (req) => waiting.summary(await callerOf(ctx, req)),
  )

  app.get(
    '/api/citizens/:personId/message-services',
    {
      schema: {
        tags,
        summary: 'The services this citizen receives help from that take messages (also those closing or closed)',
        params: PersonParams,
        response: { 200: MessageServicesSchema },
      },
    },
    async (req) => threads.messageServices(await callerOf(ctx, req), req.params.personId),
  )

  app.get(
    '/api/citizens/:personId/threads',
    {
      schema: {
        tags,
        summary: 'The citizen’s message threads, newest activity first; `q` searches the subject, the messages and the service’s name',
        params: PersonParams,
        querystring: CitizenThreadsQuery,
        response: { 200: CitizenThreadListSchema },
      },
    },
    async (req) => threads.threads(await callerOf(ctx, req), req.params.personId, req.query),
  )

  app.post(
    '/api/citizens/:personId/threads',
    {
      bodyLimit: ATTACHMENT_ROUTE_BODY_LIMIT,
      preParsing: identifyBeforeBody(ctx),
      schema: {
        tags,
        summary: 'Start a thread with a service the citizen receives help from (optional Idempotency-Key header)',
        params: PersonParams,
        body: NewThreadBody,
        response: { 201: ThreadDetailSchema },
      },
    },
    async (req, reply) => {
      const { personId } = req.params
      const detail = await threads.startThread(await callerOf(ctx, req), personId, req.body, idempotencyKeyOf(req.headers))
      return reply.code(201).header('location', `/api/citizens/${personId}/threads/${detail.id}`).send(detail)
    },
  )

  app.get(
    '/api/citizens/:personId/threads/:threadId',
    { schema: { tags, summary: 'One thread with its messages', params: PersonThreadParams, response: { 200: ThreadDetailSchema } } },
    async (req) => threads.thread(await callerOf(ctx, req), req.params.personId, req.params.threadId),
  )

  app.post(
    '/api/citizens/:personId/threads/:threadId/messages',
    {
      bodyLimit: ATTACHMENT_ROUTE_BODY_LIMIT,
      preParsing: identifyBeforeBody(ctx),
      schema: {
        tags,
        summary: 'Write in a thread (optional Idempotency-Key header); refused when the thread is closed or the service no longer takes messages',
        params: PersonThreadParams,
        body: NewMessageBody,
        response: { 201: ThreadDetailSchema },
      },
    },
    async (req, reply) => {
      const { personId, threadId } = req.params
      const detail = await threads.write(await callerOf(ctx, req), personId, threadId, req.body, idempotencyKeyOf(req.headers))
      return reply.code(201).send(detail)
    },
  )

  app.post(
    '/api/citizens/:personId/threads/:threadId/read',
    { schema: { tags, summary: 'Mark the service’s messages in the thread read', params: PersonThreadParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await threads.markRead(await callerOf(ctx, req), req.params.personId, req.params.threadId)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/citizens/:personId/threads/:threadId/attachments/:attachmentId',
    { schema: { tags, summary: 'An attachment of a message in the thread, as a download', params: PersonAttachmentParams } },
    async (req, reply) => {
      const { personId, threadId, attachmentId } = req.params
      return sendAttachment(reply, await threads.attachment(await callerOf(ctx, req), personId, threadId, attachmentId))
    },
  )
}
