/** The onboarding API's JSON, in and out (zod; documented in OpenAPI through the routes). */
import { z } from 'zod'
import { plainText } from '../../platform/http/plain-text.schemas.ts'
import { digitalServiceSchema } from './digital-service.schemas.ts'

const instant = z.string().describe('ISO 8601 instant')
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'må være en dato (ÅÅÅÅ-MM-DD)')

export const TERMS_DOCUMENTS = ['general', 'special', 'dpa'] as const
export type TermsDocument = (typeof TERMS_DOCUMENTS)[number]
export const TERMINATION_INITIATORS = ['municipality', 'operator'] as const
export type TerminationInitiator = (typeof TERMINATION_INITIATORS)[number]

export const termsDocumentSchema = z.enum(TERMS_DOCUMENTS)
export const terminationInitiatorSchema = z.enum(TERMINATION_INITIATORS)

export const TermsVersionRefSchema = z.object({
  id: z.uuid(),
  document: termsDocumentSchema,
  digitalService: digitalServiceSchema.nullable(),
  version: z.string(),
  title: z.string(),
  effectiveFrom: instant,
})

export const TermsStandingSchema = z.object({
  /** The latest version in effect now. */
  current: TermsVersionRefSchema.nullable(),
  /** Published, not yet in effect. */
  upcoming: TermsVersionRefSchema.nullable(),
  /** The newest version the municipality accepted. */
  accepted: TermsVersionRefSchema.extend({ acceptedAt: instant, acceptedByName: z.string() }).nullable(),
  acceptedCurrent: z.boolean(),
  acceptedUpcoming: z.boolean(),
})

export const MUNICIPALITY_STATUSES = ['not-onboarded', 'connection-ordered', 'active', 'awaiting-epj', 'terms-not-accepted', 'notice-given', 'ended'] as const

export const TerminationSchema = z.object({
  id: z.uuid(),
  initiatedBy: terminationInitiatorSchema,
  noticeGivenAt: instant,
  endsAt: instant,
  /** The end date (Europe/Oslo): the agreement ends at 00:00 that day. */
  endsOn: calendarDate,
  /** The last day the services can be used. */
  lastDayOn: calendarDate,
  daysLeft: z.number().int(),
  ended: z.boolean(),
  reason: z.string().nullable(),
  recordedByName: z.string().nullable(),
})

export const MunicipalitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  organisationNumber: z.string(),
  statuses: z.array(z.enum(MUNICIPALITY_STATUSES)),
  connection: z
    .object({
      orderedAt: instant,
      connectedAt: instant.nullable(),
      digifinMember: z.boolean(),
      connectionFeeNok: z.number().int().nullable(),
      dpaRequired: z.boolean(),
    })
    .nullable(),
  epj: z.object({ product: z.string().nullable(), supportedServices: z.array(digitalServiceSchema) }).nullable(),
  terms: z.object({
    general: TermsStandingSchema,
    /** Whether a DPA is needed is part of the connection; `required` repeats it here. */
    dpa: TermsStandingSchema.extend({ required: z.boolean() }),
    /** One entry per digital service that has special terms. */
    special: z.array(TermsStandingSchema.extend({ digitalService: digitalServiceSchema })),
  }),
  /** Whether each digital service could be activated now, and if not, why (the same texts a refusal gives). */
  activation: z.array(
    z.object({ digitalService: digitalServiceSchema, allowed: z.boolean(), refusals: z.array(z.object({ code: z.string(), detail: z.string() })) }),
  ),
  services: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.string(),
      active: z.array(z.object({ digitalService: digitalServiceSchema, activatedAt: instant, activatedByName: z.string().nullable() })),
    }),
  ),
  termination: TerminationSchema.nullable(),
  /** When a notice given today would end the agreement, by who gives it. */
  noticeEndsOn: z.object({ municipality: calendarDate, operator: calendarDate }),
})

export const TermsVersionSchema = TermsVersionRefSchema.extend({
  changeLog: z.string(),
  publishedAt: instant,
  status: z.enum(['current', 'upcoming', 'superseded']),
  /** Municipalities (connected, agreement not ended) that have not accepted this version or a later one. */
  notAcceptedBy: z.array(z.object({ id: z.uuid(), name: z.string() })),
})

export const MunicipalityListSchema = z.object({ items: z.array(MunicipalitySchema) })

export const TermsVersionListSchema = z.object({ items: z.array(TermsVersionSchema) })

/**
 * What a notice given now would do, for the confirmation before it is given: the end date each party's notice period
 * gives, the services whose digital services stop, and how many citizens (patients and those acting for them) are told.
 */
export const NoticePreviewSchema = z.object({
  options: z.array(z.object({ initiatedBy: terminationInitiatorSchema, endsOn: calendarDate, lastDayOn: calendarDate })),
  services: z.array(z.object({ id: z.uuid(), name: z.string(), digitalServices: z.array(digitalServiceSchema) })),
  notifiedPeople: z.number().int(),
})

/** The answer to a notice: the termination, and how many citizens who use the municipality's services were told. */
export const NoticeGivenSchema = z.object({ termination: TerminationSchema, notifiedPeople: z.number().int() })

// -------------------------------------------------------------------------------------------------------------------
// Input

export const MunicipalityParams = z.object({ id: z.uuid() })
export const ActivationParams = z.object({ id: z.uuid(), serviceId: z.uuid(), digitalService: digitalServiceSchema })

export const ConnectionBody = z.strictObject({
  orderedOn: calendarDate,
  connectedOn: calendarDate.nullable(),
  digifinMember: z.boolean(),
  connectionFeeNok: z.number().int().min(0).max(100_000_000).nullable(),
  dpaRequired: z.boolean(),
})

export const EpjBody = z.strictObject({
  product: plainText(100).pipe(z.string().min(1)).nullable(),
  supportedServices: z.array(digitalServiceSchema).max(20),
})

export const AcceptTermsBody = z.strictObject({
  termsVersionId: z.uuid(),
  /** Who accepted on the municipality's behalf: a name or a role ("Kommunalsjef helse og omsorg"). */
  acceptedByName: plainText(200).pipe(z.string().min(2)),
  /** When, if not today (an acceptance received earlier). */
  acceptedOn: calendarDate.optional(),
})

export const PublishTermsBody = z
  .strictObject({
    document: termsDocumentSchema,
    digitalService: digitalServiceSchema.nullable().optional(),
    version: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/, 'bokstaver, sifre, punktum og bindestrek (høyst 20 tegn)'),
    title: plainText(200).pipe(z.string().min(3)),
    changeLog: plainText(4000).pipe(z.string().min(3)),
    /** The date it takes effect (00:00 Europe/Oslo); must be after today. */
    effectiveOn: calendarDate,
  })
  .refine((b) => (b.document === 'special') === Boolean(b.digitalService), {
    message: 'særskilte vilkår gjelder én digital tjeneste; generelle vilkår og databehandleravtalen ingen',
    path: ['digitalService'],
  })

export const NoticeBody = z.strictObject({
  /** Who gives notice; staff of the municipality can only give the municipality's own. */
  initiatedBy: terminationInitiatorSchema.optional(),
  reason: plainText(500).optional(),
})

export type TermsVersionRef = z.infer<typeof TermsVersionRefSchema>
export type TermsStanding = z.infer<typeof TermsStandingSchema>
export type MunicipalityStatus = (typeof MUNICIPALITY_STATUSES)[number]
export type Municipality = z.infer<typeof MunicipalitySchema>
export type MunicipalityList = z.infer<typeof MunicipalityListSchema>
export type TermsVersionItem = z.infer<typeof TermsVersionSchema>
export type TermsVersionList = z.infer<typeof TermsVersionListSchema>
export type Termination = z.infer<typeof TerminationSchema>
export type NoticeGiven = z.infer<typeof NoticeGivenSchema>
export type NoticePreview = z.infer<typeof NoticePreviewSchema>
export type ConnectionBody = z.infer<typeof ConnectionBody>
export type EpjBody = z.infer<typeof EpjBody>
export type AcceptTermsBody = z.infer<typeof AcceptTermsBody>
export type PublishTermsBody = z.infer<typeof PublishTermsBody>
export type NoticeBody = z.infer<typeof NoticeBody>
export type ActivationParams = z.infer<typeof ActivationParams>
