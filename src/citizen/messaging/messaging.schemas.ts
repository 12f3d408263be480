/** The HTTP shapes of citizen ↔ service messages (the contract shared with the web app). */
import { z } from 'zod'
import { plainText } from '../../platform/http/plain-text.schemas.ts'
import { ATTACHMENT_CONTENT_TYPES, attachmentsSchema } from './attachments.schemas.ts'
import { AssigneeSchema, StaffThreadFilters, ThreadNoteSchema } from './staff-thread-work.schemas.ts'

export const PersonParams = z.object({ personId: z.uuid() })
/**
 * A thread's or attachment's id in a citizen's path is any short text: one that is no UUID names nothing, and is
 * answered 404 like an unknown id (a link cut short is "not found", not a request to correct).
 */
const pathId = z.string().min(1).max(100)
export const PersonThreadParams = z.object({ personId: z.uuid(), threadId: pathId })
export const PersonAttachmentParams = z.object({ personId: z.uuid(), threadId: pathId, attachmentId: pathId })
export const ServiceParams = z.object({ serviceId: z.uuid() })
export const ServiceThreadParams = z.object({ serviceId: z.uuid(), threadId: z.uuid() })
export const ServiceAttachmentParams = z.object({ serviceId: z.uuid(), threadId: z.uuid(), attachmentId: z.uuid() })

export const MAX_SUBJECT_LENGTH = 200
export const MAX_BODY_LENGTH = 10_000

const limit = z.coerce.number().int().min(1).max(100).default(20)
const offset = z.coerce.number().int().min(0).max(100_000).default(0)
export const MAX_THREAD_SEARCH_LENGTH = 100
/** `q`: words in the subject, in any message, or in the service's or its organisation's name; empty is no filter. */
export const CitizenThreadsQuery = z.object({ limit, offset, q: plainText(MAX_THREAD_SEARCH_LENGTH).optional() })
export const StaffThreadsQuery = z.object({ status: z.enum(['open', 'closed', 'all']).default('open'), ...StaffThreadFilters, limit, offset })

const subject = plainText(MAX_SUBJECT_LENGTH).min(1, 'må fylles ut')
const body = plainText(MAX_BODY_LENGTH).min(1, 'må fylles ut')

export const NewThreadBody = z.strictObject({
  serviceId: z.uuid(),
  subject,
  body,
  attachments: attachmentsSchema.optional(),
})

export const NewMessageBody = z.strictObject({ body, attachments: attachmentsSchema.optional() })

const ServiceRef = z.object({ id: z.string(), name: z.string(), organisationName: z.string() })
const ThreadStatus = z.enum(['open', 'closed'])
const CitizenRef = z.object({ personId: z.string(), name: z.string(), birthDate: z.string() })

export const MessageServicesSchema = z.object({
  items: z.array(
    z.object({
      serviceId: z.string(),
      serviceName: z.string(),
      organisationName: z.string(),
      open: z.boolean(),
      endsAt: z.string().nullable(),
      answerTime: z.string(),
    }),
  ),
})

export const ThreadSummarySchema = z.object({
  id: z.string(),
  subject: z.string(),
  status: ThreadStatus,
  service: ServiceRef,
  lastMessageAt: z.string(),
  unreadCount: z.number(),
  answerDueAt: z.string().nullable(),
})

export const CitizenThreadListSchema = z.object({
  items: z.array(ThreadSummarySchema),
  total: z.number(),
  /** Threads with a message from the service not yet read. */
  unread: z.number(),
})

const AttachmentInfoSchema = z.object({ id: z.string(), fileName: z.string(), contentType: z.enum(ATTACHMENT_CONTENT_TYPES), byteSize: z.number() })

const MessageSchema = z.object({
  id: z.string(),
  from: z.enum(['citizen', 'service']),
  authorName: z.string(),
  /** Written by a representative (fullmektig or parent) for the citizen. */
  onBehalfOf: z.boolean(),
  body: z.string(),
  createdAt: z.string(),
  /** When the other side read it. */
  readAt: z.string().nullable(),
  attachments: z.array(AttachmentInfoSchema),
})

const threadDetailFields = {
  id: z.string(),
  subject: z.string(),
  status: ThreadStatus,
  service: ServiceRef,
  createdAt: z.string(),
  answerDueAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  canReply: z.boolean(),
  endsAt: z.string().nullable(),
  answerTime: z.string(),
}

export const ThreadDetailSchema = z.object({ ...threadDetailFields, messages: z.array(MessageSchema) })

export const StaffThreadDetailSchema = z.object({
  ...threadDetailFields,
  citizen: CitizenRef,
  messages: z.array(MessageSchema.extend({ writtenBy: z.string() })),
  /** Past the answer deadline by the server's clock (the staff's "Forfalt"). */
  overdue: z.boolean(),
  assignee: AssigneeSchema,
  /** Internal notes: staff of the service only, never shown to the citizen nor sent to the EPJ. */
  notes: z.array(ThreadNoteSchema),
})

export const StaffThreadListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      subject: z.string(),
      status: ThreadStatus,
      citizen: CitizenRef,
      lastMessageAt: z.string(),
      createdAt: z.string(),
      unreadCount: z.number(),
      answerDueAt: z.string().nullable(),
      overdue: z.boolean(),
      awaitingAnswer: z.boolean(),
      assignee: AssigneeSchema,
      /** The conversation at a glance: how many messages, and whose is the last. */
      messageCount: z.number(),
      lastMessageFrom: z.enum(['citizen', 'service']),
    }),
  ),
  total: z.number(),
  unanswered: z.number(),
  overdue: z.number(),
})

export type CitizenThreadsQuery = z.infer<typeof CitizenThreadsQuery>
export type StaffThreadsQuery = z.infer<typeof StaffThreadsQuery>
export type NewThreadBody = z.infer<typeof NewThreadBody>
export type NewMessageBody = z.infer<typeof NewMessageBody>
export type MessageServices = z.infer<typeof MessageServicesSchema>
export type CitizenThreadList = z.infer<typeof CitizenThreadListSchema>
export type StaffThreadList = z.infer<typeof StaffThreadListSchema>
export type ThreadDetail = z.infer<typeof ThreadDetailSchema>
export type StaffThreadDetail = z.infer<typeof StaffThreadDetailSchema>
