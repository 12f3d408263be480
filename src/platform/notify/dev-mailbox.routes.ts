/**
 * The development mailbox over HTTP, for the platform operator ('platform:administer' through the access gate; every
 * read and every emptying is audit-logged, since the mailbox holds contact details). 404 when the mailbox is off.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Transaction } from 'kysely'
import { z } from 'zod'
import type { Caller } from '../access/access-gate.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'
import { callerOf, type FastifyInstance, type RouteContext } from '../http/route-context.ts'
import { clearDevMailbox, listDevMailbox } from './dev-mailbox.ts'
import { DevMailboxPageSchema, DevMailboxQuery } from './dev-mailbox.schemas.ts'

const TAGS = ['platform']
const OFF = 'Utviklingspostkassen er ikke slått på.'

export async function devMailboxRoutes(appBase: FastifyInstance, { ctx, enabled }: { ctx: RouteContext; enabled: boolean }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()

  async function asOperator<T>(caller: Caller, action: string, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    if (!enabled) throw new AppError('not-found', OFF)
    return ctx.gate.run(
      caller,
      { action: 'platform:administer' },
      { resourceType: 'dev-mailbox', resourceId: null, holdsPersonalData: true, auditAction: action },
      (trx) => work(trx),
    )
  }

  app.get(
    '/api/dev-mailbox',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator, development only: the e-mails and SMS that would have been sent, newest first (404 when the development mailbox is off)',
        querystring: DevMailboxQuery,
        response: { 200: DevMailboxPageSchema },
      },
    },
    async (req) => asOperator(await callerOf(ctx, req), 'dev-mailbox.read', (trx) => listDevMailbox(trx, req.query)),
  )

  app.delete(
    '/api/dev-mailbox',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator, development only: empty the development mailbox (404 when it is off)',
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await asOperator(await callerOf(ctx, req), 'dev-mailbox.clear', (trx) => clearDevMailbox(trx))
      return reply.code(204).send(null)
    },
  )
}
