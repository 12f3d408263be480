import { z } from 'zod'

export const AccessLogParams = z.object({ personId: z.uuid() })

export const AccessLogSchema = z.object({
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
export type AccessLog = z.infer<typeof AccessLogSchema>
