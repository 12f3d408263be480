import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../app.ts'
import { withAccess } from '../platform/access/authorize.ts'
import { AppError, assertFound } from '../platform/http/errors.ts'
import { plainText } from '../platform/http/schemas.ts'
import { isValidNationalId } from './national-id.ts'
import { findOrganisationById, findPersonByNationalId, listOrganisations, listServices, loadAccessFacts } from './registry.repository.ts'

const OrganisationSchema = z.object({
  id: z.uuid(),
  organisationNumber: z.string(),
  name: z.string(),
  kind: z.string(),
  municipalityNumber: z.string().nullable(),
  herId: z.number().int().nullable(),
  parentId: z.uuid().nullable(),
  isPartner: z.boolean(),
})
const ServiceSchema = z.object({ id: z.uuid(), organisationId: z.uuid(), name: z.string(), kind: z.string(), herId: z.number().int() })

const NationalIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{11}$/, 'må være 11 siffer')

export async function registryRoutes(appBase: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const deps = { db: ctx.db, now: ctx.now, loadFacts: loadAccessFacts }

  app.get(
    '/api/organisations',
    {
      schema: {
        tags: ['registry'],
        summary: 'Organisations in the health community; search by name, organisation number or HER-id',
        querystring: z.object({
          query: plainText(100).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(OrganisationSchema), total: z.number().int() }) },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      return withAccess(deps, principal, { action: 'registry:read' }, { resourceType: 'organisation', resourceId: null, requestId: req.id }, (trx) =>
        listOrganisations(trx, { ...(req.query.query ? { query: req.query.query } : {}), limit: req.query.limit, offset: req.query.offset }),
      )
    },
  )

  app.get(
    '/api/organisations/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'One organisation with its services',
        params: z.object({ id: z.uuid() }),
        response: { 200: OrganisationSchema.extend({ services: z.array(ServiceSchema) }) },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      return withAccess(
        deps,
        principal,
        { action: 'registry:read' },
        { resourceType: 'organisation', resourceId: req.params.id, requestId: req.id },
        async (trx) => {
          const organisation = assertFound(await findOrganisationById(trx, req.params.id), 'Organisasjonen')
          return { ...organisation, services: await listServices(trx, organisation.id) }
        },
      )
    },
  )

  app.get(
    '/api/organisations/:id/staff',
    {
      schema: {
        tags: ['registry'],
        summary: 'Staff of an organisation (own organisation only)',
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                staffId: z.uuid(),
                name: z.string(),
                hprNumber: z.string().nullable(),
                serviceId: z.uuid(),
                serviceName: z.string(),
                roles: z.array(z.string()),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      return withAccess(
        deps,
        principal,
        { action: 'organisation-resource:read', organisationId: req.params.id },
        { resourceType: 'organisation-staff', resourceId: req.params.id, requestId: req.id },
        async (trx) => {
          const rows = await trx
            .selectFrom('staff_membership as m')
            .innerJoin('service as s', 's.id', 'm.service_id')
            .innerJoin('staff as p', 'p.id', 'm.staff_id')
            .select(['p.id as staffId', 'p.given_name', 'p.family_name', 'p.hpr_number', 's.id as serviceId', 's.name as serviceName', 'm.roles'])
            .where('s.organisation_id', '=', req.params.id)
            .orderBy('p.family_name')
            .execute()
          return {
            items: rows.map((r) => ({
              staffId: r.staffId,
              name: `${r.given_name} ${r.family_name}`,
              hprNumber: r.hpr_number,
              serviceId: r.serviceId,
              serviceName: r.serviceName,
              roles: r.roles,
            })),
          }
        },
      )
    },
  )

  // POST, so that the national identity number never stands in a URL or an access log line.
  app.post(
    '/api/patients/lookup',
    {
      schema: {
        tags: ['registry'],
        summary: 'Look up a patient by national identity number (needs a care relation, or emergency access with a reason)',
        body: z.object({ nationalId: NationalIdSchema, emergencyReason: plainText(1000).pipe(z.string().min(1)).optional() }),
        response: {
          200: z.object({
            id: z.uuid(),
            name: z.string(),
            birthDate: z.string(),
            address: z.object({ line: z.string().nullable(), postalCode: z.string().nullable(), city: z.string().nullable() }).nullable(),
            confidentialAddress: z.boolean(),
            emergencyAccess: z.boolean(),
          }),
        },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      const { nationalId, emergencyReason } = req.body
      if (!isValidNationalId(nationalId)) {
        throw new AppError('invalid-national-id', 'Fødselsnummeret eller D-nummeret har feil kontrollsiffer.', [
          { path: 'body.nationalId', message: 'ugyldige kontrollsiffer' },
        ])
      }
      const person = await findPersonByNationalId(ctx.db, nationalId)
      // An unknown number and a number without access answer alike: no probing who exists.
      if (!person) {
        await withAccess(
          deps,
          principal,
          { action: 'patient-data:read', patientPersonId: '00000000-0000-0000-0000-000000000000' },
          { resourceType: 'patient', resourceId: null, requestId: req.id },
          async () => null,
        )
        throw new AppError('forbidden', 'Du har ikke tilgang til denne ressursen.')
      }
      return withAccess(
        deps,
        principal,
        { action: 'patient-data:read', patientPersonId: person.id, ...(emergencyReason ? { emergency: { reason: emergencyReason } } : {}) },
        { resourceType: 'patient', resourceId: person.id, patientPersonId: person.id, requestId: req.id },
        async (_trx, decision) => ({
          id: person.id,
          name: `${person.givenName} ${person.familyName}`,
          birthDate: person.birthDate,
          address: person.confidentialAddress ? null : { line: person.addressLine, postalCode: person.postalCode, city: person.city },
          confidentialAddress: person.confidentialAddress,
          emergencyAccess: decision.basis === 'emergency-access',
        }),
      )
    },
  )
}
