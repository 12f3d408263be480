import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { callerOf, type FastifyInstance, type RouteContext } from '../../platform/http/route-context.ts'
import { AccessLogParams, AccessLogQuery, AccessLogSchema } from './access-log.schemas.ts'
import { accessLogOf } from './access-log.service.ts'

export async function accessLogRoutes(appBase: FastifyInstance, { ctx }: { ctx: RouteContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/api/citizens/:personId/access-log',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Who has accessed, or tried to access, this citizen’s information (innsyn i logg)',
        description:
          'One row per day, organisation, service, person and outcome, with a count; newest first, paged, filtered by period and organisation. Refused attempts are marked. What the citizen did personally is left out.',
        params: AccessLogParams,
        querystring: AccessLogQuery,
        response: { 200: AccessLogSchema },
      },
    },
    async (req) => accessLogOf(ctx, await callerOf(ctx, req), req.params.personId, req.query),
  )
}
