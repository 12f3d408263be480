/** The service's side of citizen messages over HTTP, under /api/services/:serviceId. */
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idempotencyKeyOf } from '../../platform/http/idempotency-key.ts'
import { callerOf, type FastifyInstance, type RouteContext } from '../../platform/http/route-context.ts'
import { ATTACHMENT_ROUTE_BODY_LIMIT } from './attachments.schemas.ts'
import { identifyBeforeBody, sendAttachment } from './citizen-messaging.routes.ts'
import {
  NewMessageBody,
  ServiceAttachmentParams,
  ServiceParams,
  ServiceThreadParams,
  StaffThreadDetailSchema,
  StaffThreadListSchema,
  StaffThreadsQuery,
} from './messaging.schemas.ts'
import { createServiceThreads } from './service-threads.service.ts'

export async function serviceMessagingRoutes(appBase: FastifyInstance, { ctx }: { ctx: RouteContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const threads = createServiceThreads(ctx)

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
    async (req) => threads.threads(await callerOf(ctx, req), req.params.serviceId, req.query),
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
    async (req) => threads.thread(await callerOf(ctx, req), req.params),
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
      const detail = await threads.answer(await callerOf(ctx, req), req.params, req.body, idempotencyKeyOf(req.headers))
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
      await threads.markRead(await callerOf(ctx, req), req.params)
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
    async (req) => threads.close(await callerOf(ctx, req), req.params),
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
    async (req, reply) => sendAttachment(reply, await threads.attachment(await callerOf(ctx, req), req.params)),
  )
}
