/** HTTP for fullmakter: citizens' own (see, give, change, end) and assigned ones registered by health personnel. */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { callerOf, type RouteContext } from '../../platform/http/route-context.ts'
import { endAssignedFullmakt, listAssignedFullmakter, registerAssignedFullmakt } from './assigned-fullmakt.service.ts'
import {
  AssignedFullmaktListSchema,
  AssignedFullmaktSearchBodySchema,
  ChangeFullmaktBodySchema,
  FullmaktListsSchema,
  FullmaktViewSchema,
  GiveFullmaktBodySchema,
  RegisterAssignedFullmaktBodySchema,
} from './fullmakt.schemas.ts'
import { changeFullmakt, endFullmakt, giveFullmakt, listOwnFullmakter } from './fullmakt.service.ts'

const REFUSALS = 'Refusals are problem+json: 403 (not the person themselves, or no care relation), 404, 409 (duplicate, already ended), 422 (rules).'

export async function fullmaktRoutes(appBase: FastifyInstance, { ctx }: { ctx: RouteContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const personParams = z.object({ personId: z.uuid() })
  const fullmaktParams = z.object({ personId: z.uuid(), id: z.uuid() })

  app.get(
    '/api/citizens/:personId/fullmakter',
    {
      schema: {
        tags: ['citizen'],
        summary: 'The citizen’s own fullmakter: given, received and history (only the person themselves)',
        description:
          'Not transitive: a proxy never sees the fullmakter of the person they act for. Parents’ rights are not fullmakter; /api/me lists every representation.',
        params: personParams,
        response: { 200: FullmaktListsSchema },
      },
    },
    async (req) => listOwnFullmakter(ctx, await callerOf(ctx, req), req.params.personId),
  )

  app.post(
    '/api/citizens/:personId/fullmakter',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Give an ordinary fullmakt to another person',
        description: `Giver 16 or older, proxy 18 or older, not oneself, no confidential address on either side, any areas but consents, at most one current fullmakt per proxy (change that one instead). ${REFUSALS}`,
        params: personParams,
        body: GiveFullmaktBodySchema,
        response: { 201: FullmaktViewSchema },
      },
    },
    async (req, reply) => {
      const view = await giveFullmakt(ctx, await callerOf(ctx, req), req.params.personId, req.body)
      return reply.code(201).send(view)
    },
  )

  app.put(
    '/api/citizens/:personId/fullmakter/:id',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Change a fullmakt one has given: a new fullmakt replaces it, in one transaction',
        description: `Answers the new fullmakt; the old one is revoked at the same instant and moves to the history as replaced. ${REFUSALS}`,
        params: fullmaktParams,
        body: ChangeFullmaktBodySchema,
        response: { 200: FullmaktViewSchema },
      },
    },
    async (req) => changeFullmakt(ctx, await callerOf(ctx, req), req.params.personId, req.params.id, req.body),
  )

  app.post(
    '/api/citizens/:personId/fullmakter/:id/end',
    {
      schema: {
        tags: ['citizen'],
        summary: 'End a fullmakt now: the giver one they gave, the proxy one they received',
        description: `Nothing is deleted: the fullmakt moves to the history with who ended it. ${REFUSALS}`,
        params: fullmaktParams,
        response: { 200: FullmaktViewSchema },
      },
    },
    async (req) => endFullmakt(ctx, await callerOf(ctx, req), req.params.personId, req.params.id),
  )

  const serviceParams = z.object({ serviceId: z.uuid() })

  // POST, so that the national identity number never stands in a URL or an access log line. It changes nothing.
  app.post(
    '/api/services/:serviceId/assigned-fullmakter/search',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Health personnel: a person’s assigned (tildelt) fullmakter, found by national identity number',
        description: `The national identity number goes in the body, never the URL. For staff acting for the service, which must have an active care relation with the person. Reads only; audit-logged. A cookie session needs the x-csrf-token header. ${REFUSALS}`,
        params: serviceParams,
        body: AssignedFullmaktSearchBodySchema,
        response: { 200: AssignedFullmaktListSchema },
      },
    },
    async (req) => listAssignedFullmakter(ctx, await callerOf(ctx, req), req.params.serviceId, req.body.giverNationalId),
  )

  app.post(
    '/api/services/:serviceId/assigned-fullmakter',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Health personnel: register an assigned (tildelt) fullmakt for a person who cannot consent',
        description: `The service must have an active care relation with the giver. Same age and confidential-address rules as for ordinary fullmakter; may cover consents. Replaces an ordinary fullmakt to the same proxy. The reason is kept in the audit log. ${REFUSALS}`,
        params: serviceParams,
        body: RegisterAssignedFullmaktBodySchema,
        response: { 201: FullmaktViewSchema },
      },
    },
    async (req, reply) => {
      const view = await registerAssignedFullmakt(ctx, await callerOf(ctx, req), req.params.serviceId, req.body)
      return reply.code(201).send(view)
    },
  )

  app.post(
    '/api/services/:serviceId/assigned-fullmakter/:id/end',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Health personnel: end an assigned fullmakt now',
        description: REFUSALS,
        params: z.object({ serviceId: z.uuid(), id: z.uuid() }),
        response: { 200: FullmaktViewSchema },
      },
    },
    async (req) => endAssignedFullmakt(ctx, await callerOf(ctx, req), req.params.serviceId, req.params.id),
  )
}
