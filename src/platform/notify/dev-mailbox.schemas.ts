/** The development mailbox's API, in and out (zod; documented in OpenAPI through the routes, and shared with the web app). */
import { z } from 'zod'

export const DEV_MAILBOX_CHANNELS = ['email', 'sms'] as const

export const DevMailboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
})
export type DevMailboxQuery = z.infer<typeof DevMailboxQuery>

export const DevMailboxMessageSchema = z.object({
  id: z.uuid(),
  channel: z.enum(DEV_MAILBOX_CHANNELS),
  /** The e-mail address or mobile number as the contact register (or the address registry) gave it. */
  to: z.string(),
  /** E-mail only. */
  subject: z.string().nullable(),
  /** The text as it would have been sent. */
  text: z.string(),
  /** What it is about: a notification kind (e.g. 'message-from-health-personnel') or an alert kind ('apprec-overdue'). */
  kind: z.string().nullable(),
  /** When it would have left. */
  sentAt: z.string().describe('ISO 8601 instant'),
})
export type DevMailboxMessage = z.infer<typeof DevMailboxMessageSchema>

export const DevMailboxPageSchema = z.object({
  /** Newest first. */
  items: z.array(DevMailboxMessageSchema),
  /** Messages in the mailbox in all. */
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})
export type DevMailboxPage = z.infer<typeof DevMailboxPageSchema>
