import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../app.ts'
import { withAccess } from '../platform/access/authorize.ts'
import { listAccessesToPerson } from '../platform/audit/audit-log.repository.ts'
import { loadAccessFacts } from '../registry/registry.repository.ts'

const AccessLogSchema = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      organisation: z.object({ name: z.string() }).nullable(),
      service: z.object({ name: z.string() }).nullable(),
      actorName: z.string().nullable(),
      actorRole: z.string().nullable(),
      action: z.string(),
      /** What was looked at, e.g. 'access-log', 'patient'. */
      resourceType: z.string(),
      emergency: z.boolean(),
    }),
  ),
})

export async function citizenRoutes(appBase: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const deps = { db: ctx.db, now: ctx.now, loadFacts: loadAccessFacts }

  app.get(
    '/api/citizens/:personId/access-log',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Who has accessed this citizen’s information (innsyn i logg)',
        params: z.object({ personId: z.uuid() }),
        response: { 200: AccessLogSchema },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      const { personId } = req.params
      const items = await withAccess(
        deps,
        principal,
        { action: 'citizen-data:read', subjectPersonId: personId, area: 'access-log' },
        { resourceType: 'access-log', resourceId: personId, patientPersonId: personId, requestId: req.id },
        (trx) => listAccessesToPerson(trx, personId),
      )
      return {
        items: items.map((i) => ({
          at: i.at.toISOString(),
          organisation: i.organisationName ? { name: i.organisationName } : null,
          service: i.serviceName ? { name: i.serviceName } : null,
          actorName: i.actorName,
          actorRole: i.actorRole,
          action: i.action,
          resourceType: i.resourceType,
          emergency: i.emergency,
        })),
      }
    },
  )
}
