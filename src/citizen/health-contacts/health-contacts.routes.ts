import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { callerOf, type FastifyInstance, type RouteContext } from '../../platform/http/route-context.ts'
import { HealthContactsSchema } from './health-contacts.schemas.ts'
import { getHealthContacts } from './health-contacts.service.ts'

export async function healthContactsRoutes(appBase: FastifyInstance, { ctx }: { ctx: RouteContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()

  app.get(
    '/api/citizens/:personId/health-contacts',
    {
      schema: {
        tags: ['citizen'],
        summary: 'The citizen’s health contacts: GP, primary contacts, services received, the municipality’s services',
        description:
          'Each service with phone, address, opening hours and the digital services it offers now. For the citizen, a proxy with the health-contacts area, or a parent (also of a child aged 12–15). Audit-logged.',
        params: z.object({ personId: z.uuid() }),
        response: { 200: HealthContactsSchema },
      },
    },
    async (req) => getHealthContacts(ctx, await callerOf(ctx, req), req.params.personId),
  )
}
