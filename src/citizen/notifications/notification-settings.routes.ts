import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { callerOf, type FastifyInstance, type RouteContext } from '../../platform/http/route-context.ts'
import { createLocalContactRegister } from './contact-register.ts'
import { NotificationLevelBody, NotificationSettingsParams, NotificationSettingsSchema } from './notification-settings.schemas.ts'
import { chooseNotificationLevel, notificationSettingsOf } from './notification-settings.service.ts'

export async function notificationSettingsRoutes(appBase: FastifyInstance, { ctx }: { ctx: RouteContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  // The embedded register; a client for Digdir's KRR implements the same interface.
  const deps = { ...ctx, register: createLocalContactRegister(ctx.db) }

  app.get(
    '/api/citizens/:personId/notification-settings',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Notification level and the contact details from the contact register',
        params: NotificationSettingsParams,
        response: { 200: NotificationSettingsSchema },
      },
    },
    async (req) => notificationSettingsOf(deps, await callerOf(ctx, req), req.params.personId),
  )

  app.put(
    '/api/citizens/:personId/notification-settings',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Choose the notification level (begrenset, normal or full)',
        params: NotificationSettingsParams,
        body: NotificationLevelBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await chooseNotificationLevel(ctx, await callerOf(ctx, req), req.params.personId, req.body.level)
      return reply.code(204).send(null)
    },
  )
}
