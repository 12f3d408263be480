/** Citizen ↔ service messages: the citizen's routes and the service's, registered together. */
import type { FastifyInstance } from 'fastify'
import type { RouteContext } from '../../platform/http/route-context.ts'
import { citizenMessagingRoutes } from './citizen-messaging.routes.ts'
import { serviceMessagingRoutes } from './service-messaging.routes.ts'

export async function messagingRoutes(app: FastifyInstance, opts: { ctx: RouteContext }) {
  await app.register(citizenMessagingRoutes, opts)
  await app.register(serviceMessagingRoutes, opts)
}
