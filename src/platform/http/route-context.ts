/**
 * What the composition root hands every module's routes, and how a module hands its routes back: route files take
 * their types from here, never from the root (src/app.ts, src/runtime.ts), so no module imports the layer above it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from '../../config.ts'
import type { AccessGate, Caller } from '../access/access-gate.ts'
import type { DB } from '../db/schema.ts'
import type { Authenticator } from '../identity/authenticate.ts'

export type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
export type { ZodTypeProvider } from 'fastify-type-provider-zod'

export type RouteContext = {
  config: Config
  db: Kysely<DB>
  auth: Authenticator
  /** The one access gate: every use case's decisions and audit rows. */
  gate: AccessGate
  now: () => Date
}

/** The authenticated caller of a request (401 without credentials), as use cases take it. */
export async function callerOf(ctx: Pick<RouteContext, 'auth'>, req: FastifyRequest): Promise<Caller> {
  return { principal: await ctx.auth.require(req), requestId: req.id }
}

/** One Fastify plugin of a module's routes, registered in its own scope (under `prefix`, when given). */
export type RouteRegistration = { plugin: (app: FastifyInstance) => Promise<void>; prefix?: string }
