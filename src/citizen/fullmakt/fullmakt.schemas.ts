/** The fullmakt API's shapes: what callers send and what they get back (also the OpenAPI document's). */
import { z } from 'zod'
import { ServiceAreaSchema } from '../../platform/access/access.types.ts'
import { plainText } from '../../platform/http/plain-text.schemas.ts'

/** The service areas a fullmakt is given for (the access policy's), for the web app, which may import only schemas. */
export { SERVICE_AREAS, type ServiceArea, ServiceAreaSchema } from '../../platform/access/access.types.ts'

export const NationalIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{11}$/, 'må være 11 siffer')

const AreasSchema = z
  .array(ServiceAreaSchema)
  .min(1, 'velg minst ett tjenesteområde')
  .max(20)
  .describe('Tjenesteområder the fullmakt covers; an ordinary fullmakt never covers consents')

/** The last day the fullmakt holds (Europe/Oslo), or null for open-ended. It ends at midnight after that day. */
const LastDaySchema = z.iso.date().nullable().describe('Last day it holds (YYYY-MM-DD, Oslo), or null for open-ended')

export const GiveFullmaktBodySchema = z.strictObject({
  proxyNationalId: NationalIdSchema,
  areas: AreasSchema,
  validTo: LastDaySchema,
})
export type GiveFullmaktBody = z.infer<typeof GiveFullmaktBodySchema>

export const ChangeFullmaktBodySchema = z.strictObject({ areas: AreasSchema, validTo: LastDaySchema })
export type ChangeFullmaktBody = z.infer<typeof ChangeFullmaktBodySchema>

/** Whose assigned fullmakter staff look up: the number goes in a POST body, never in a URL. */
export const AssignedFullmaktSearchBodySchema = z.strictObject({ giverNationalId: NationalIdSchema })

export const RegisterAssignedFullmaktBodySchema = z.strictObject({
  giverNationalId: NationalIdSchema,
  proxyNationalId: NationalIdSchema,
  areas: AreasSchema,
  validTo: LastDaySchema,
  /** Why the person cannot consent themselves, and on what basis; kept in the audit log, never shown to others. */
  reason: plainText(1000).pipe(z.string().min(10, 'skriv en begrunnelse på minst 10 tegn')),
})
export type RegisterAssignedFullmaktBody = z.infer<typeof RegisterAssignedFullmaktBodySchema>

const PersonRefSchema = z.object({ id: z.uuid(), name: z.string(), birthDate: z.string() })

export const FullmaktStatusSchema = z.enum(['active', 'not-yet-valid', 'expired', 'revoked', 'replaced'])

export const FullmaktViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['ordinary', 'assigned']),
  /** Seen from the person whose list this is: given by them, or received by them. */
  direction: z.enum(['given', 'received']),
  giver: PersonRefSchema,
  proxy: PersonRefSchema,
  areas: z.array(ServiceAreaSchema),
  validFrom: z.string().describe('ISO 8601 instant'),
  validTo: z.string().nullable().describe('Exclusive end (ISO 8601 instant), or null for open-ended'),
  lastDay: z.string().nullable().describe('The last day it holds (YYYY-MM-DD, Oslo), or null for open-ended'),
  status: FullmaktStatusSchema,
  /** When it stopped holding (revoked, replaced or expired); null while current. */
  endedAt: z.string().nullable(),
  /** Who ended it; null while current and for an expiry. */
  endedBy: z.object({ role: z.enum(['giver', 'proxy', 'staff']), name: z.string() }).nullable(),
  replacesId: z.uuid().nullable(),
  replacedById: z.uuid().nullable(),
  /** For an assigned fullmakt: the health personnel who registered it. */
  registeredBy: z.object({ name: z.string(), profession: z.string().nullable() }).nullable(),
})
export type FullmaktView = z.infer<typeof FullmaktViewSchema>

export const FullmaktListsSchema = z.object({
  /** Current fullmakter this person has given to others. */
  given: z.array(FullmaktViewSchema),
  /** Current fullmakter others have given this person (parents' rights are not fullmakter: see /api/me). */
  received: z.array(FullmaktViewSchema),
  /** Expired, revoked and replaced ones, both ways, newest ended first. */
  history: z.array(FullmaktViewSchema),
  /**
   * Why this person cannot give a fullmakt at all, told to them alone (it is their own address or age); null when
   * they can. The form is not offered then.
   */
  cannotGive: z.enum(['confidential-address', 'under-16']).nullable(),
})
export type FullmaktLists = z.infer<typeof FullmaktListsSchema>

export const AssignedFullmaktListSchema = z.object({
  giver: PersonRefSchema,
  /** The giver's assigned fullmakter, current first, then the history. */
  items: z.array(FullmaktViewSchema),
})
export type AssignedFullmaktList = z.infer<typeof AssignedFullmaktListSchema>
