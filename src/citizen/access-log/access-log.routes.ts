import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { callerOf, type FastifyInstance, type RouteContext } from '../../platform/http/route-context.ts'
import { AccessLogParams, AccessLogSchema } from './access-log.schemas.ts'
import { accessLogOf } from './access-log.service.ts'

export async function accessLogRoutes(appBase: FastifyInstance, { ctx }: { ctx: RouteContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/api/citizens/:personId/access-log',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Who has accessed this citizen’s information (innsyn i logg)',
        params: AccessLogParams,
        response: { 200: AccessLogSchema },
      },
    },
    async (req) => accessLogOf(ctx, await callerOf(ctx, req), req.params.personId),
  )
}
