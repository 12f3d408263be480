/** Request and response schemas of the staff portal's exchange routes; they are also what /api/openapi.json shows. */
import { z } from 'zod'
import { plainText } from '../../platform/http/plain-text.schemas.ts'

export const HerIdSchema = z.coerce.number().int().min(1).max(2_147_483_647)

export const PartySearchQuery = z.object({
  q: plainText(100).optional(),
  /** Only parties that receive this message type (kodeverk 8279), e.g. DIALOG_FORESPORSEL. */
  receives: z
    .string()
    .regex(/^[A-Z][A-Z_]{0,59}$/, 'en meldingstype, f.eks. DIALOG_FORESPORSEL')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
})

export const ProcessSchema = z.object({
  msgType: z.string(),
  msgTypeName: z.string(),
  payloadNamespace: z.string(),
  standardName: z.string(),
})

export const PartySchema = z.object({
  herId: z.number().int(),
  kind: z.enum(['organisation', 'service', 'person']),
  name: z.string(),
  parent: z.object({ herId: z.number().int(), name: z.string() }).nullable(),
  organisationNumber: z.string().nullable(),
  hprNumber: z.string().nullable(),
  /** 'local' when Samband serves the party; otherwise the installation that does. */
  installation: z.string(),
  processes: z.array(ProcessSchema),
})

export const PartyListSchema = z.object({ items: z.array(PartySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
})

export const PartyRefSchema = z.object({ herId: z.number().int(), name: z.string(), organisationName: z.string().nullable() })

/** Name and birth date only: lists never show a national identity number. */
export const PatientSummarySchema = z.object({ name: z.string(), birthDate: z.string().nullable() }).nullable()

export const DeliveryStatusSchema = z.enum(['received', 'delivered', 'acknowledged', 'rejected', 'failed'])
export const AppRecStatusSchema = z.enum(['Ok', 'Rejected', 'OkErrorInMessagePart']).nullable()

export const InboxItemSchema = z.object({
  id: z.uuid(),
  msgId: z.string(),
  msgType: z.string(),
  msgTypeName: z.string(),
  genDate: z.string(),
  subject: z.string().nullable(),
  sender: PartyRefSchema,
  receiver: PartyRefSchema,
  patient: PatientSummarySchema,
  status: DeliveryStatusSchema,
  appRecStatus: AppRecStatusSchema,
  read: z.boolean(),
  /** A forespørsel nobody in the service has answered yet. */
  needsAnswer: z.boolean(),
  /** The service owes an AppRec and its deadline has passed. */
  overdue: z.boolean(),
  deadlineAt: z.string().nullable(),
})

export const InboxSchema = z.object({
  items: z.array(InboxItemSchema),
  total: z.number().int(),
  /** Unanswered forespørsler and overdue receipts: they come first. */
  needsAttention: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

const ReceiverStatusSchema = PartyRefSchema.extend({
  role: z.enum(['primary', 'copy']),
  status: DeliveryStatusSchema,
  transportState: z.enum(['Unconfirmed', 'Acknowledged', 'Rejected']),
  appRecStatus: AppRecStatusSchema,
  /** The receipt did not come in time (RULES.md §3: 96 hours after GenDate). */
  overdue: z.boolean(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
  deadlineAt: z.string().nullable(),
})

export const OutboxItemSchema = z.object({
  id: z.uuid(),
  msgId: z.string(),
  msgType: z.string(),
  msgTypeName: z.string(),
  genDate: z.string(),
  subject: z.string().nullable(),
  sender: PartyRefSchema,
  patient: PatientSummarySchema,
  receivers: z.array(ReceiverStatusSchema.extend({ errorCount: z.number().int() })),
  overdue: z.boolean(),
})

export const OutboxSchema = z.object({
  items: z.array(OutboxItemSchema),
  total: z.number().int(),
  /** Sent messages with at least one overdue receipt. */
  overdue: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

const CodedSchema = z.object({ code: z.string().nullable(), name: z.string().nullable() })
export const QuestionSchema = z.object({ type: CodedSchema, subject: z.string().nullable(), question: z.string().nullable() })

export const RelatedSchema = z.object({ id: z.uuid(), msgType: z.string(), msgTypeName: z.string(), genDate: z.string(), sender: PartyRefSchema })

export const MessageViewSchema = z.object({
  id: z.uuid(),
  msgId: z.string(),
  msgType: z.string(),
  msgTypeName: z.string(),
  genDate: z.string(),
  receivedAt: z.string(),
  /** Kodeverk 7304: J asks the receivers for an AppRec. */
  ack: z.string().nullable(),
  subject: z.string().nullable(),
  /** How the caller's service relates to the message. */
  direction: z.enum(['received', 'sent']),
  sender: PartyRefSchema,
  receivers: z.array(
    ReceiverStatusSchema.extend({
      /** AppRec errors (kodeverk 8221); the free text (OT) must be shown to the user (RULES.md §3). */
      appRecErrors: z.array(z.object({ code: z.string(), description: z.string().nullable(), text: z.string().nullable() })),
      failureReason: z.string().nullable(),
    }),
  ),
  patient: z.object({ name: z.string(), birthDate: z.string().nullable(), nationalId: z.string().nullable(), idType: z.string().nullable() }).nullable(),
  conversation: z.object({ refToParent: z.string(), refToConversation: z.string() }).nullable(),
  inReplyTo: RelatedSchema.nullable(),
  answers: z.array(RelatedSchema),
  /** The Dialogmelding read; null for standards that pass through Samband unread (PLO, epikrise …). */
  dialog: z
    .object({
      version: z.string(),
      questions: z.array(QuestionSchema),
      notes: z.array(
        z.object({
          topic: CodedSchema,
          title: z.string().nullable(),
          text: z.string().nullable(),
          remark: z.string().nullable(),
          answeredQuestion: QuestionSchema.nullable(),
        }),
      ),
    })
    .nullable(),
  attachments: z.array(
    z.object({ mimeType: z.string().nullable(), description: z.string().nullable(), sizeBytes: z.number().int().nullable(), inline: z.boolean() }),
  ),
  /** A received forespørsel can be answered from the portal. */
  canAnswer: z.boolean(),
  /**
   * The caller's service received the message and has not yet marked it read or sent the AppRec it owes: the page
   * does so with POST …/read (reading with GET changes nothing).
   */
  receiptDue: z.boolean(),
  /** The caller's service sent it, and a receiver refused it, could not be reached or did not receipt it in time. */
  canResend: z.boolean(),
})

const NationalIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{11}$/, 'må være 11 siffer')

export const NewMessageBody = z.object({
  kind: z.enum(['foresporsel', 'notat']),
  receiverHerId: z.number().int().min(1).max(2_147_483_647),
  patientNationalId: NationalIdSchema,
  subject: plainText(200).pipe(z.string().min(1, 'må fylles ut')),
  text: plainText(10_000).pipe(z.string().min(1, 'må fylles ut')),
})

export const AnswerBody = z.object({
  text: plainText(10_000).pipe(z.string().min(1, 'må fylles ut')),
  subject: plainText(200).optional(),
})

export const CreatedSchema = z.object({ id: z.uuid(), msgId: z.string() })

/** POST, so that the national identity number never stands in a URL or an access log line. */
export const PatientLookupBody = z.object({ nationalId: NationalIdSchema })

/** Whom a new message would be about: enough to recognise the patient, nothing more. */
export const PatientLookupAnswerSchema = z.object({ name: z.string(), birthDate: z.string() })

export type PartySearchQuery = z.infer<typeof PartySearchQuery>
export type Party = z.infer<typeof PartySchema>
export type PartyList = z.infer<typeof PartyListSchema>
export type PageQuery = z.infer<typeof PageQuery>
export type Inbox = z.infer<typeof InboxSchema>
export type Outbox = z.infer<typeof OutboxSchema>
export type MessageView = z.infer<typeof MessageViewSchema>
export type NewMessageBody = z.infer<typeof NewMessageBody>
export type AnswerBody = z.infer<typeof AnswerBody>
export type Created = z.infer<typeof CreatedSchema>
export type PatientLookupAnswer = z.infer<typeof PatientLookupAnswerSchema>
export type PartyRef = z.infer<typeof PartyRefSchema>
export type PatientSummary = z.infer<typeof PatientSummarySchema>
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>
export type AppRecStatus = z.infer<typeof AppRecStatusSchema>
export type InboxItem = z.infer<typeof InboxItemSchema>
export type OutboxItem = z.infer<typeof OutboxItemSchema>
export type Question = z.infer<typeof QuestionSchema>
export type RelatedMessage = z.infer<typeof RelatedSchema>
