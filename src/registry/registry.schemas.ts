/** The registry's API contract: request and response schemas (the web app validates its responses with these). */
import { z } from 'zod'
import { plainText } from '../platform/http/plain-text.schemas.ts'

export const OrganisationSchema = z.object({
  id: z.uuid(),
  organisationNumber: z.string(),
  name: z.string(),
  kind: z.string(),
  municipalityNumber: z.string().nullable(),
  herId: z.number().int().nullable(),
  parentId: z.uuid().nullable(),
  isPartner: z.boolean(),
})

export const ServiceSchema = z.object({ id: z.uuid(), organisationId: z.uuid(), name: z.string(), kind: z.string(), herId: z.number().int() })

export const OrganisationListQuery = z.object({
  query: plainText(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
})
export type OrganisationListQuery = z.infer<typeof OrganisationListQuery>

export const OrganisationListSchema = z.object({ items: z.array(OrganisationSchema), total: z.number().int() })
export const OrganisationDetailSchema = OrganisationSchema.extend({ services: z.array(ServiceSchema) })

export const OrganisationParams = z.object({ id: z.uuid() })

export const OrganisationStaffSchema = z.object({
  items: z.array(
    z.object({
      staffId: z.uuid(),
      name: z.string(),
      hprNumber: z.string().nullable(),
      serviceId: z.uuid(),
      serviceName: z.string(),
      roles: z.array(z.string()),
    }),
  ),
})
export type OrganisationStaff = z.infer<typeof OrganisationStaffSchema>

export const NationalIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{11}$/, 'må være 11 siffer')

export const PatientLookupBody = z.object({ nationalId: NationalIdSchema, emergencyReason: plainText(1000).pipe(z.string().min(1)).optional() })
export type PatientLookupBody = z.infer<typeof PatientLookupBody>

export const PatientSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  birthDate: z.string(),
  address: z.object({ line: z.string().nullable(), postalCode: z.string().nullable(), city: z.string().nullable() }).nullable(),
  confidentialAddress: z.boolean(),
  emergencyAccess: z.boolean(),
})
export type Patient = z.infer<typeof PatientSchema>

export const CitizenMeSchema = z.object({
  kind: z.literal('citizen'),
  csrfToken: z.string(),
  person: z.object({ id: z.uuid(), name: z.string(), birthDate: z.string() }),
  representations: z.array(
    z.object({
      personId: z.uuid(),
      name: z.string(),
      birthDate: z.string(),
      basis: z.enum(['parent', 'fullmakt', 'assigned-fullmakt']),
      areas: z.array(z.string()),
      validTo: z.string().nullable(),
      reduced: z.boolean(),
    }),
  ),
})
export type CitizenMe = z.infer<typeof CitizenMeSchema>

export const StaffMeSchema = z.object({
  kind: z.literal('staff'),
  csrfToken: z.string(),
  staff: z.object({ id: z.uuid(), name: z.string(), hprNumber: z.string().nullable() }),
  organisation: z.object({ id: z.uuid(), name: z.string(), organisationNumber: z.string() }).nullable(),
  service: z.object({ id: z.uuid(), name: z.string(), herId: z.number().int() }).nullable(),
  roles: z.array(z.string()),
  /** Where this person may act; the portal lets them choose among these. */
  memberships: z.array(z.object({ serviceId: z.uuid(), serviceName: z.string(), organisationName: z.string(), roles: z.array(z.string()) })),
})
export type StaffMe = z.infer<typeof StaffMeSchema>

export const SystemMeSchema = z.object({
  kind: z.literal('system'),
  clientId: z.string(),
  organisationId: z.uuid(),
  scopes: z.array(z.string()),
})

export const MeSchema = z.discriminatedUnion('kind', [CitizenMeSchema, StaffMeSchema, SystemMeSchema])
export type Me = z.infer<typeof MeSchema>

export const ChooseServiceBody = z.object({ serviceId: z.uuid() })
