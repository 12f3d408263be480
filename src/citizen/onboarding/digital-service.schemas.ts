/** The digital services a municipal service can open for citizens (DigiHelse's set), as the API names them. */
import { z } from 'zod'

export const DIGITAL_SERVICES = ['messages', 'appointments', 'home-visits', 'letters', 'forms', 'tools'] as const
export const digitalServiceSchema = z.enum(DIGITAL_SERVICES)
export type DigitalService = z.infer<typeof digitalServiceSchema>
