/**
 * The HTTP shapes of staff's work on citizen threads (issue 10, item 18): who has a thread, internal notes, the
 * service's answer templates, and the inbox's search and filters. Staff only: nothing here is in a citizen's answer.
 */
import { z } from 'zod'
import { plainText } from '../../platform/http/plain-text.schemas.ts'

export const MAX_NOTE_LENGTH = 4_000
export const MAX_TEMPLATE_TITLE_LENGTH = 100
export const MAX_TEMPLATE_BODY_LENGTH = 10_000

export const ServiceTemplateParams = z.object({ serviceId: z.uuid(), templateId: z.uuid() })

/** The inbox's filters: who has the thread, free text (subject or the citizen's name), one citizen. */
export const StaffThreadFilters = {
  assigned: z.enum(['all', 'mine', 'none']).default('all'),
  q: plainText(100).optional(),
  patient: z.uuid().optional(),
}

/** The staff member who has the thread now; null while nobody has it. */
export const AssigneeSchema = z.object({ staffId: z.string(), name: z.string(), assignedAt: z.string() }).nullable()

export const ThreadNoteSchema = z.object({ id: z.string(), authorName: z.string(), body: z.string(), createdAt: z.string() })

export const AssignBody = z.strictObject({ staffId: z.uuid().nullable() })
export const NewNoteBody = z.strictObject({ body: plainText(MAX_NOTE_LENGTH).min(1, 'må fylles ut') })

/** Colleagues a thread can be given to: health personnel of the same service now. */
export const AssigneeOptionsSchema = z.object({ items: z.array(z.object({ staffId: z.string(), name: z.string(), profession: z.string().nullable() })) })

export const TemplateBody = z.strictObject({
  title: plainText(MAX_TEMPLATE_TITLE_LENGTH).min(1, 'må fylles ut'),
  body: plainText(MAX_TEMPLATE_BODY_LENGTH).min(1, 'må fylles ut'),
})

export const AnswerTemplateSchema = z.object({ id: z.string(), title: z.string(), body: z.string(), updatedAt: z.string(), updatedByName: z.string() })
export const AnswerTemplateListSchema = z.object({ items: z.array(AnswerTemplateSchema) })

export type AssignBody = z.infer<typeof AssignBody>
export type NewNoteBody = z.infer<typeof NewNoteBody>
export type TemplateBody = z.infer<typeof TemplateBody>
export type AnswerTemplate = z.infer<typeof AnswerTemplateSchema>
export type AnswerTemplateList = z.infer<typeof AnswerTemplateListSchema>
export type AssigneeOptions = z.infer<typeof AssigneeOptionsSchema>
