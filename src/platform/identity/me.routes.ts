import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../../app.ts'
import { listStaffMemberships, loadAccessFacts } from '../../registry/registry.repository.ts'
import { setSessionService } from './sessions.repository.ts'
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
  /** Where this person may act; the portal lets them choose among these. */
  memberships: z.array(z.object({ serviceId: z.uuid(), serviceName: z.string(), organisationName: z.string(), roles: z.array(z.string()) })),
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

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'Who is logged in, and whom a citizen may act for',
        response: { 200: z.discriminatedUnion('kind', [CitizenMeSchema, StaffMeSchema, SystemMeSchema]) },
      },
    },
    async (req) => {
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
            // The fullmakt in force now: an expired one is never revoked, and one replaced by a change is.
            const validTo = facts.fullmakter
              .filter((f) => f.giverPersonId === r.personId && f.proxyPersonId === actor.personId && !f.revokedAt)
              .filter((f) => f.validFrom.getTime() <= now.getTime() && (f.validTo === null || f.validTo.getTime() > now.getTime()))
              .map((f) => f.validTo)
              .find((v) => v !== undefined)
            return [
              {
                personId: r.personId,
                name: `${person.given_name} ${person.family_name}`,
                birthDate: person.birth_date,
                basis,
                areas: [...new Set([...r.read, ...r.write])],
                validTo: validTo ? validTo.toISOString() : null,
                reduced: r.reducedParentalRights,
              },
            ]
          }),
        }
      }
      const staffId = actor.staffId
      const staff = await db.selectFrom('staff').select(['id', 'given_name', 'family_name', 'hpr_number']).where('id', '=', staffId).executeTakeFirstOrThrow()
      const memberships = await listStaffMemberships(db, staffId, { activeAt: ctx.now() })
      const current = memberships.find((m) => m.serviceId === principal.serviceId)
      return {
        kind: 'staff' as const,
        csrfToken,
        staff: { id: staff.id, name: `${staff.given_name} ${staff.family_name}`, hprNumber: staff.hpr_number },
        organisation: current ? { id: current.organisationId, name: current.organisationName, organisationNumber: current.organisationNumber } : null,
        service: current ? { id: current.serviceId, name: current.serviceName, herId: current.serviceHerId } : null,
        roles: actor.kind === 'staff' ? [...actor.roles] : ['platform_operator'],
        memberships: memberships.map((m) => ({
          serviceId: m.serviceId,
          serviceName: m.serviceName,
          organisationName: m.organisationName,
          roles: [...m.roles],
        })),
      }
    },
  )

  app.put(
    '/api/me/service',
    {
      schema: {
        tags: ['identity'],
        summary: 'Staff: choose which of their services to act for in this session',
        body: z.object({ serviceId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const staffId = principal.actor.kind === 'staff' || principal.actor.kind === 'operator' ? principal.actor.staffId : null
      if (!staffId || !principal.session) throw new AppError('forbidden', 'Bare helsepersonell i portalen kan velge tjeneste.')
      const memberships = await listStaffMemberships(db, staffId, { activeAt: ctx.now() })
      if (!memberships.some((m) => m.serviceId === req.body.serviceId)) {
        throw new AppError('forbidden', 'Du er ikke medlem av denne tjenesten.')
      }
      await setSessionService(db, principal.session.token, req.body.serviceId)
      return reply.code(204).send(null)
    },
  )
}
