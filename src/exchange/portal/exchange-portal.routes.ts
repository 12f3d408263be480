/**
 * Samband's own JSON routes for the staff portal's messages, under /api/exchange: the address registry, the inbox
 * and outbox of the service a staff member acts for, reading a message and receipting it, and writing a Dialogmelding 1.1 (forespørsel,
 * notat, svar). Errors are problem+json.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idempotencyKeyOf } from '../../platform/http/idempotency-key.ts'
import { callerOf, type FastifyInstance, type RouteContext } from '../../platform/http/route-context.ts'
import { createAddressRegistry } from '../address-registry/address-registry.service.ts'
import type { ExchangeRuntime } from '../exchange.runtime.ts'
import {
  AnswerBody,
  CreatedSchema,
  HerIdSchema,
  InboxSchema,
  MessageViewSchema,
  NewMessageBody,
  OutboxSchema,
  PageQuery,
  PartyListSchema,
  PartySchema,
  PartySearchQuery,
  PatientLookupAnswerSchema,
  PatientLookupBody,
} from './exchange-portal.schemas.ts'
import { createMailbox } from './mailbox.service.ts'
import { createPatientLookup } from './patient-lookup.service.ts'
import { createPortalMessages } from './portal-messages.service.ts'

const IdParams = z.object({ id: z.uuid() })

export async function exchangePortalRoutes(appBase: FastifyInstance, opts: { ctx: RouteContext; exchange: ExchangeRuntime }): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const { ctx, exchange } = opts
  const registry = createAddressRegistry(ctx)
  const mailbox = createMailbox({ ...ctx, maxDocumentBytes: exchange.deps.settings.maxDocumentBytes })
  const messages = createPortalMessages({ ...ctx, exchange: exchange.deps, log: app.log })
  const patients = createPatientLookup(ctx)
  const tags = ['exchange']

  app.get(
    '/api/exchange/parties',
    {
      schema: {
        tags,
        summary: 'Search the address registry by name, HER-id or organisation number',
        querystring: PartySearchQuery,
        response: { 200: PartyListSchema },
      },
    },
    async (req) => registry.search(await callerOf(ctx, req), req.query),
  )

  app.get(
    '/api/exchange/parties/:herId',
    {
      schema: {
        tags,
        summary: 'One communication party: parent, organisation number and the processes it receives',
        params: z.object({ herId: HerIdSchema }),
        response: { 200: PartySchema },
      },
    },
    async (req) => registry.party(await callerOf(ctx, req), req.params.herId),
  )

  app.post(
    '/api/exchange/patients/lookup',
    {
      schema: {
        tags,
        summary:
          'Name and birth date of the patient a new message would be about (health personnel of a service with a care relation; audit-logged; 404 when the registry has no such number)',
        body: PatientLookupBody,
        response: { 200: PatientLookupAnswerSchema },
      },
    },
    async (req) => patients.lookUp(await callerOf(ctx, req), req.body.nationalId),
  )

  app.get(
    '/api/exchange/inbox',
    {
      schema: {
        tags,
        summary: 'Messages received by the service the staff member acts for; unanswered and overdue first',
        querystring: PageQuery,
        response: { 200: InboxSchema },
      },
    },
    async (req) => mailbox.inbox(await callerOf(ctx, req), req.query),
  )

  app.get(
    '/api/exchange/outbox',
    {
      schema: {
        tags,
        summary: 'Messages sent by the service the staff member acts for, with status and AppRec per receiver',
        querystring: PageQuery,
        response: { 200: OutboxSchema },
      },
    },
    async (req) => mailbox.outbox(await callerOf(ctx, req), req.query),
  )

  app.get(
    '/api/exchange/messages/:id',
    {
      schema: {
        tags,
        summary: 'Read one message (sender or receiver only); only reads: marking it read and the AppRec are POST …/read',
        params: IdParams,
        response: { 200: MessageViewSchema },
      },
    },
    async (req) => messages.read(await callerOf(ctx, req), req.params.id),
  )

  app.post(
    '/api/exchange/messages/:id/read',
    {
      schema: {
        tags,
        summary: 'The receiving service has seen the message: marks it read and answers a requested AppRec with OK (once; repeats change nothing)',
        params: IdParams,
        response: { 200: MessageViewSchema },
      },
    },
    async (req) => messages.receipt(await callerOf(ctx, req), req.params.id),
  )

  app.post(
    '/api/exchange/messages',
    {
      schema: {
        tags,
        summary: 'Send a Dialogmelding 1.1 (forespørsel or notat) about a patient from the service to a party in the address registry',
        body: NewMessageBody,
        response: { 201: CreatedSchema },
      },
    },
    async (req, reply) => {
      const created = await messages.send(await callerOf(ctx, req), req.body)
      return reply.code(201).header('location', `/api/exchange/messages/${created.id}`).send(created)
    },
  )

  app.post(
    '/api/exchange/messages/:id/resend',
    {
      schema: {
        tags,
        summary:
          'Send a message of the service again to the receivers that refused it, could not be reached or did not receipt it in time: a new MsgId and GenDate, the same content (once per Idempotency-Key)',
        params: IdParams,
        response: { 201: CreatedSchema },
      },
    },
    async (req, reply) => {
      const created = await messages.resend(await callerOf(ctx, req), req.params.id, idempotencyKeyOf(req.headers))
      return reply.code(201).header('location', `/api/exchange/messages/${created.id}`).send(created)
    },
  )

  app.post(
    '/api/exchange/messages/:id/answer',
    {
      schema: {
        tags,
        summary: 'Answer a received forespørsel with a DIALOG_SVAR to its sender (ConversationRef set)',
        params: IdParams,
        body: AnswerBody,
        response: { 201: CreatedSchema },
      },
    },
    async (req, reply) => {
      const created = await messages.answer(await callerOf(ctx, req), req.params.id, req.body)
      return reply.code(201).header('location', `/api/exchange/messages/${created.id}`).send(created)
    },
  )
}
