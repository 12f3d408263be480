import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../../app.ts'
import { withAccess } from '../../platform/access/authorize.ts'
import { loadAccessFacts } from '../../registry/registry.repository.ts'
import { createLocalContactRegister } from './contact-register.ts'
import { getNotificationLevel, setNotificationLevel } from './notification.repository.ts'
import { type ContactDetails, isContactPassive, notificationLevelSchema } from './notification-rules.ts'

const SettingsSchema = z.object({
  level: notificationLevelSchema,
  /** As the contact and reservation register says now: looked up for this answer, never stored in Samband. */
  contact: z.object({
    mobile: z.string().nullable(),
    email: z.string().nullable(),
    status: z.enum(['active', 'passive', 'reserved', 'missing']),
  }),
})

function registerStatus(contact: ContactDetails | undefined, now: Date): z.infer<typeof SettingsSchema>['contact']['status'] {
  if (!contact) return 'missing'
  if (contact.reserved) return 'reserved'
  if (isContactPassive(contact.lastConfirmedAt, now)) return 'passive'
  return contact.mobile || contact.email ? 'active' : 'missing'
}

/**
 * The citizen's notification level and the contact details notifications go to. On someone else's behalf this needs
 * the area for information registered about them ('access-log' here, Helsenorge's tjenesteområde 1).
 */
export async function notificationSettingsRoutes(appBase: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const deps = { db: ctx.db, now: ctx.now, loadFacts: loadAccessFacts }
  const register = createLocalContactRegister(ctx.db)

  app.get(
    '/api/citizens/:personId/notification-settings',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Notification level and the contact details from the contact register',
        params: z.object({ personId: z.uuid() }),
        response: { 200: SettingsSchema },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      const { personId } = req.params
      const { level, nationalId } = await withAccess(
        deps,
        principal,
        { action: 'citizen-data:read', subjectPersonId: personId, area: 'access-log' },
        { resourceType: 'notification-settings', resourceId: personId, patientPersonId: personId, requestId: req.id },
        async (trx) => {
          const person = await trx.selectFrom('person').select('national_id').where('id', '=', personId).executeTakeFirstOrThrow()
          return { level: await getNotificationLevel(trx, personId), nationalId: person.national_id }
        },
      )
      // Outside the transaction: the register is another service (and PGlite has one connection).
      const [contact] = await register.lookup([nationalId])
      return {
        level,
        contact: { mobile: contact?.mobile ?? null, email: contact?.email ?? null, status: registerStatus(contact, ctx.now()) },
      }
    },
  )

  app.put(
    '/api/citizens/:personId/notification-settings',
    {
      schema: {
        tags: ['citizen'],
        summary: 'Choose the notification level (begrenset, normal or full)',
        params: z.object({ personId: z.uuid() }),
        body: z.strictObject({ level: notificationLevelSchema }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const { personId } = req.params
      await withAccess(
        deps,
        principal,
        { action: 'citizen-data:write', subjectPersonId: personId, area: 'access-log' },
        { resourceType: 'notification-settings', resourceId: personId, patientPersonId: personId, requestId: req.id },
        (trx) => setNotificationLevel(trx, personId, req.body.level, ctx.now()),
      )
      return reply.code(204).send(null)
    },
  )
}
