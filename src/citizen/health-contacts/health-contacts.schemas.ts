/** The health-contacts API's answer (also the OpenAPI document's). */
import { z } from 'zod'
import { digitalServiceSchema } from '../onboarding/digital-service.schemas.ts'

export const ServiceContactSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The service kind code, e.g. 'hjemmesykepleie', 'fastlege'. */
  kind: z.string(),
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.object({ line: z.string().nullable(), postalCode: z.string().nullable(), city: z.string().nullable() }).nullable(),
  openingHours: z.string().nullable(),
  about: z.string().nullable(),
  /** The digital services open to citizens now; endsAt when the municipality's agreement is under notice. */
  digitalServices: z.array(z.object({ code: digitalServiceSchema, endsAt: z.string().nullable() })),
})
export type ServiceContact = z.infer<typeof ServiceContactSchema>

export const HealthContactsSchema = z.object({
  /** The GP practice the citizen is on the list of (care relation to a fastlege service), and the GP when known. */
  fastlege: z.object({ service: ServiceContactSchema, doctorName: z.string().nullable() }).nullable(),
  /** Named contacts (primærkontakt), e.g. a nurse in hjemmetjenesten. */
  primaryContacts: z.array(
    z.object({
      name: z.string(),
      profession: z.string().nullable(),
      service: z.object({ id: z.uuid(), name: z.string(), organisationName: z.string() }),
    }),
  ),
  /** Every other service the citizen receives (active care relations). */
  services: z.array(ServiceContactSchema),
  /** The services of the municipality the citizen is registered in; null without a known municipality. */
  municipality: z.object({ name: z.string(), municipalityNumber: z.string(), services: z.array(ServiceContactSchema) }).nullable(),
})
export type HealthContacts = z.infer<typeof HealthContactsSchema>
