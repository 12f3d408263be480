import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../../app.ts'
import { loadAccessFacts } from '../../registry/registry.repository.ts'
import { representableCitizens } from '../access/access.policy.ts'
import { AppError } from '../http/errors.ts'

const CitizenMeSchema = z.object({
  kind: z.literal('citizen'),
  csrfToken: z.string(),
  person: z.object({ id: z.uuid(), name: z.string(), birthDate: z.string() }),
  representations: z.array(
    z.object({
      personId: z.uuid(),
      name: z.string(),
      birthDate: z.string(),
      basis: z.enum(['parent', 'fullmakt', 'assigned-fullmakt']),
      areas: z.array(z.string()),
      validTo: z.string().nullable(),
      reduced: z.boolean(),
    }),
  ),
})

const StaffMeSchema = z.object({
  kind: z.literal('staff'),
  csrfToken: z.string(),
  staff: z.object({ id: z.uuid(), name: z.string(), hprNumber: z.string().nullable() }),
  organisation: z.object({ id: z.uuid(), name: z.string(), organisationNumber: z.string() }).nullable(),
  service: z.object({ id: z.uuid(), name: z.string(), herId: z.number().int() }).nullable(),
  roles: z.array(z.string()),
})

const SystemMeSchema = z.object({
  kind: z.literal('system'),
  clientId: z.string(),
  organisationId: z.uuid(),
  scopes: z.array(z.string()),
})

export async function meRoutes(appBase: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const { db } = ctx

  app.get('/api/me', {
    schema: {
      tags: ['identity'],
      summary: 'Who is logged in, and whom a citizen may act for',
      response: { 200: z.discriminatedUnion('kind', [CitizenMeSchema, StaffMeSchema, SystemMeSchema]) },
    },
  }, async (req) => {
    const principal = await ctx.auth.require(req)
    const actor = principal.actor
    if (actor.kind === 'system') {
      return { kind: 'system' as const, clientId: actor.clientId, organisationId: actor.organisationId, scopes: [...actor.scopes] }
    }
    const csrfToken = principal.session?.csrfToken ?? ''
    if (actor.kind === 'citizen') {
      const now = ctx.now()
      const facts = await loadAccessFacts(db, [actor.personId], now)
      const representations = representableCitizens(actor.personId, facts, now)
      const ids = [actor.personId, ...representations.map((r) => r.personId)]
      const people = await db.selectFrom('person').select(['id', 'given_name', 'family_name', 'birth_date']).where('id', 'in', ids).execute()
      const byId = new Map(people.map((p) => [p.id, p]))
      const self = byId.get(actor.personId)
      if (!self) throw new AppError('unauthenticated')
      return {
        kind: 'citizen' as const,
        csrfToken,
        person: { id: self.id, name: `${self.given_name} ${self.family_name}`, birthDate: self.birth_date },
        representations: representations.flatMap((r) => {
          const person = byId.get(r.personId)
          const basis = r.bases[0]
          if (!person || !basis) return []
          const validTo = facts.fullmakter
            .filter((f) => f.giverPersonId === r.personId && f.proxyPersonId === actor.personId && !f.revokedAt)
            .map((f) => f.validTo)
            .find((v) => v !== undefined)
          return [{
            personId: r.personId,
            name: `${person.given_name} ${person.family_name}`,
            birthDate: person.birth_date,
            basis,
            areas: [...new Set([...r.read, ...r.write])],
            validTo: validTo ? validTo.toISOString() : null,
            reduced: r.reducedParentalRights,
          }]
        }),
      }
    }
    const staffId = actor.staffId
    const staff = await db.selectFrom('staff').select(['id', 'given_name', 'family_name', 'hpr_number']).where('id', '=', staffId).executeTakeFirstOrThrow()
    const where = principal.serviceId
      ? await db
          .selectFrom('service as s')
          .innerJoin('organisation as o', 'o.id', 's.organisation_id')
          .select(['s.id as serviceId', 's.name as serviceName', 's.her_id', 'o.id as organisationId', 'o.name as organisationName', 'o.organisation_number'])
          .where('s.id', '=', principal.serviceId)
          .executeTakeFirst()
      : undefined
    return {
      kind: 'staff' as const,
      csrfToken,
      staff: { id: staff.id, name: `${staff.given_name} ${staff.family_name}`, hprNumber: staff.hpr_number },
      organisation: where ? { id: where.organisationId, name: where.organisationName, organisationNumber: where.organisation_number } : null,
      service: where ? { id: where.serviceId, name: where.serviceName, herId: where.her_id } : null,
      roles: actor.kind === 'staff' ? [...actor.roles] : ['platform_operator'],
    }
  })
}
