import { z } from 'zod'

export const NOTIFICATION_LEVELS = ['begrenset', 'normal', 'full'] as const
export const notificationLevelSchema = z.enum(NOTIFICATION_LEVELS)
export type NotificationLevel = z.infer<typeof notificationLevelSchema>

export const NotificationSettingsParams = z.object({ personId: z.uuid() })

export const NotificationSettingsSchema = z.object({
  level: notificationLevelSchema,
  /** As the contact and reservation register says now: looked up for this answer, never stored in Samband. */
  contact: z.object({
    mobile: z.string().nullable(),
    email: z.string().nullable(),
    status: z.enum(['active', 'passive', 'reserved', 'missing']),
  }),
  /**
   * Who else hears of new messages to this person (a parent of a child, a proxy with the messages area), as the
   * notifications are sent: a child without contact details is still notified through them.
   */
  alsoNotified: z.array(z.object({ name: z.string(), role: z.enum(['parent', 'fullmektig']) })),
})
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>

export const NotificationLevelBody = z.strictObject({ level: notificationLevelSchema })
