/** The registry over HTTP: parse, call one use case, answer. */
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { callerOf, type FastifyInstance, type RouteContext } from '../platform/http/route-context.ts'
import {
  ChooseServiceBody,
  MeSchema,
  OrganisationDetailSchema,
  OrganisationListQuery,
  OrganisationListSchema,
  OrganisationParams,
  OrganisationStaffSchema,
  PatientLookupBody,
  PatientSchema,
} from './registry.schemas.ts'
import type { RegistryService } from './registry.service.ts'

export async function registryRoutes(appBase: FastifyInstance, { ctx, registry }: { ctx: RouteContext; registry: RegistryService }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const tags = ['registry']

  app.get(
    '/api/organisations',
    {
      schema: {
        tags,
        summary: 'Organisations in the health community; search by name, organisation number or HER-id',
        querystring: OrganisationListQuery,
        response: { 200: OrganisationListSchema },
      },
    },
    async (req) => registry.listOrganisations(await callerOf(ctx, req), req.query),
  )

  app.get(
    '/api/organisations/:id',
    {
      schema: { tags, summary: 'One organisation with its services', params: OrganisationParams, response: { 200: OrganisationDetailSchema } },
    },
    async (req) => registry.organisation(await callerOf(ctx, req), req.params.id),
  )

  app.get(
    '/api/organisations/:id/staff',
    {
      schema: { tags, summary: 'Staff of an organisation (own organisation only)', params: OrganisationParams, response: { 200: OrganisationStaffSchema } },
    },
    async (req) => registry.organisationStaff(await callerOf(ctx, req), req.params.id),
  )

  // POST, so that the national identity number never stands in a URL or an access log line.
  app.post(
    '/api/patients/lookup',
    {
      schema: {
        tags,
        summary: 'Look up a patient by national identity number (needs a care relation, or emergency access with a reason)',
        body: PatientLookupBody,
        response: { 200: PatientSchema },
      },
    },
    async (req) => registry.lookupPatient(await callerOf(ctx, req), req.body),
  )

  app.get(
    '/api/me',
    { schema: { tags: ['identity'], summary: 'Who is logged in, and whom a citizen may act for', response: { 200: MeSchema } } },
    async (req) => registry.me(await callerOf(ctx, req)),
  )

  app.put(
    '/api/me/service',
    {
      schema: {
        tags: ['identity'],
        summary: 'Staff: choose which of their services to act for in this session',
        body: ChooseServiceBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await registry.chooseService(await callerOf(ctx, req), req.body.serviceId)
      return reply.code(204).send(null)
    },
  )
}
