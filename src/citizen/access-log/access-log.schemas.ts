import { z } from 'zod'

export const AccessLogParams = z.object({ personId: z.uuid() })

export const ACCESS_LOG_PAGE_SIZE = 20

/** The filter and the page: a period of days (Oslo, both included), one organisation, and where the page starts. */
export const AccessLogQuery = z.object({
  from: z.iso.date().optional().describe('First day (YYYY-MM-DD, Oslo)'),
  to: z.iso.date().optional().describe('Last day (YYYY-MM-DD, Oslo), included'),
  organisationId: z.uuid().optional(),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(ACCESS_LOG_PAGE_SIZE),
})
export type AccessLogQuery = z.infer<typeof AccessLogQuery>

/**
 * In what role someone saw the information: as a parent, as a proxy (fullmektig), as health personnel in a service, as
 * a system (an EPJ), or as another citizen (e.g. one who looked the person up to give them a fullmakt).
 */
export const AccessRoleSchema = z.enum(['parent', 'fullmektig', 'health-personnel', 'system', 'citizen'])
export type AccessRole = z.infer<typeof AccessRoleSchema>

export const AccessLogEntrySchema = z.object({
  /** The day (YYYY-MM-DD, Oslo) and the last time that day. */
  day: z.string(),
  lastAt: z.string(),
  /** How many accesses (or attempts) this row stands for. */
  count: z.number().int(),
  organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  service: z.object({ name: z.string() }).nullable(),
  actorName: z.string().nullable(),
  /** The actor's profession or staff role, when there is one (e.g. "sykepleier"). */
  actorRole: z.string().nullable(),
  role: AccessRoleSchema,
  /** What was seen or tried: thread, attachment, health contacts … (resource types, for the page to name). */
  seen: z.array(z.string()),
  /** Refused attempts: nothing was shown. */
  refused: z.boolean(),
  emergency: z.boolean(),
})
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>

export const AccessLogSchema = z.object({
  items: z.array(AccessLogEntrySchema),
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  /** The organisations in the whole log, for the filter. */
  organisations: z.array(z.object({ id: z.string(), name: z.string() })),
})
export type AccessLog = z.infer<typeof AccessLogSchema>
