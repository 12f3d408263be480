/**
 * Attachments as the API takes them (the contract shared with the web app): PDF, JPEG and PNG only, at most five of
 * at most 5 MiB each, named by a plain file name. attachments.ts checks that the bytes are what they claim.
 */
import { z } from 'zod'
import { groupedDigits, plainTextString } from '../../platform/http/plain-text.schemas.ts'

export const ATTACHMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number]

export const MAX_ATTACHMENTS = 5
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
export const MAX_FILE_NAME_LENGTH = 200

/** Base64 length of `bytes` bytes, padded. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4
}

/**
 * The request body limit of routes that take attachments: five attachments at the largest, and room for the JSON
 * around them (subject, a 10 000-character body escaped at worst as \uXXXX, file names). No larger.
 */
export const ATTACHMENT_ROUTE_BODY_LIMIT = MAX_ATTACHMENTS * base64Length(MAX_ATTACHMENT_BYTES) + 128 * 1024

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Bytes a padded base64 string decodes to, without decoding it. */
export function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0
  return (base64.length / 4) * 3 - padding
}

/**
 * A file name as sent: a name only (no folders), under the one rule for free text (no control characters, nothing
 * that turns how it reads or hides in it: "Epikrise\u202Efdp.exe" would show as "Epikriseexe.pdf").
 */
export const fileNameSchema = plainTextString()
  .trim()
  .min(1)
  .max(MAX_FILE_NAME_LENGTH, `kan være høyst ${groupedDigits(MAX_FILE_NAME_LENGTH)} tegn`)
  .regex(/^[^/\\]*$/, 'kan ikke inneholde skråstrek')
  .refine((name) => name !== '.' && name !== '..', 'er ikke et gyldig filnavn')

export const attachmentInputSchema = z.strictObject({
  fileName: fileNameSchema,
  contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
  contentBase64: z
    .string()
    .min(4)
    .max(base64Length(MAX_ATTACHMENT_BYTES))
    .refine((s) => s.length % 4 === 0 && BASE64.test(s), 'må være gyldig base64')
    .refine((s) => decodedLength(s) <= MAX_ATTACHMENT_BYTES, `kan være høyst ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`),
})
export type AttachmentInput = z.infer<typeof attachmentInputSchema>

export const attachmentsSchema = z.array(attachmentInputSchema).max(MAX_ATTACHMENTS)
