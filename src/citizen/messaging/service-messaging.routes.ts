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
import { createAnswerTemplates } from './answer-templates.service.ts'
import { createServiceThreads } from './service-threads.service.ts'
import {
  AnswerTemplateListSchema,
  AnswerTemplateSchema,
  AssignBody,
  AssigneeOptionsSchema,
  NewNoteBody,
  ServiceTemplateParams,
  TemplateBody,
} from './staff-thread-work.schemas.ts'

export async function serviceMessagingRoutes(appBase: FastifyInstance, { ctx }: { ctx: RouteContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const threads = createServiceThreads(ctx)
  const templates = createAnswerTemplates(ctx)

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

  app.get(
    '/api/services/:serviceId/thread-assignees',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Health personnel of the service, whom a thread can be given to',
        params: ServiceParams,
        response: { 200: AssigneeOptionsSchema },
      },
    },
    async (req) => threads.assignees(await callerOf(ctx, req), req.params.serviceId),
  )

  app.put(
    '/api/services/:serviceId/threads/:threadId/assignee',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Give the thread to a colleague in the same service (staffId), or to nobody (null); audit-logged',
        params: ServiceThreadParams,
        body: AssignBody,
        response: { 200: StaffThreadDetailSchema },
      },
    },
    async (req) => threads.assign(await callerOf(ctx, req), req.params, req.body),
  )

  app.post(
    '/api/services/:serviceId/threads/:threadId/notes',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Add an internal note: staff of the service only, never shown to the citizen nor sent to the EPJ',
        params: ServiceThreadParams,
        body: NewNoteBody,
        response: { 201: StaffThreadDetailSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await threads.addNote(await callerOf(ctx, req), req.params, req.body)),
  )

  app.get(
    '/api/services/:serviceId/answer-templates',
    {
      schema: { tags: ['citizen'], summary: 'The service’s answer templates, by title', params: ServiceParams, response: { 200: AnswerTemplateListSchema } },
    },
    async (req) => templates.list(await callerOf(ctx, req), req.params.serviceId),
  )

  app.post(
    '/api/services/:serviceId/answer-templates',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Add an answer template (the title is unique in the service)',
        params: ServiceParams,
        body: TemplateBody,
        response: { 201: AnswerTemplateSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await templates.create(await callerOf(ctx, req), req.params.serviceId, req.body)),
  )

  app.put(
    '/api/services/:serviceId/answer-templates/:templateId',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Change an answer template',
        params: ServiceTemplateParams,
        body: TemplateBody,
        response: { 200: AnswerTemplateSchema },
      },
    },
    async (req) => templates.update(await callerOf(ctx, req), req.params, req.body),
  )

  app.delete(
    '/api/services/:serviceId/answer-templates/:templateId',
    {
      schema: { tags: ['citizen'], summary: 'Delete an answer template', params: ServiceTemplateParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await templates.remove(await callerOf(ctx, req), req.params)
      return reply.code(204).send(null)
    },
  )
}
