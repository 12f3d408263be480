/**
 * What is waiting for a signed-in citizen, per person they may act for (GET /api/me/waiting), for Min side. One item
 * per kind of news; today unread answers, later appointments and letters from their own modules. A person whose
 * area the caller may not read gets no item for it (and nothing is looked up for it).
 */
import { z } from 'zod'
import { ServiceAreaSchema } from '../../platform/access/access.types.ts'

export const WAITING_KINDS = ['unread-messages'] as const

export const WaitingItemSchema = z.object({
  /** `unread-messages`: threads with an answer from the service not yet read. */
  kind: z.enum(WAITING_KINDS),
  /** The service area the news belongs to: the page that shows it, and what the fullmakt must cover. */
  area: ServiceAreaSchema,
  count: z.number().int().min(0),
})

export const WaitingSummarySchema = z.object({
  /** The caller first, then those they may act for, in the order of /api/me's representations. */
  people: z.array(z.object({ personId: z.string(), self: z.boolean(), items: z.array(WaitingItemSchema) })),
})

export type WaitingItem = z.infer<typeof WaitingItemSchema>
export type WaitingSummary = z.infer<typeof WaitingSummarySchema>
