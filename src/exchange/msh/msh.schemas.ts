/** Request bodies and query of NHN's MSH API v2 (msh-api-v2.openapi.json), checked with zod. */
import { z } from 'zod'

const herId = z.coerce.number().int().min(1).max(2_147_483_647)

const ebXmlInfo = z
  .object({
    cpaId: z.string().nullish(),
    conversationId: z.string().nullish(),
    service: z.string().nullish(),
    serviceType: z.string().nullish(),
    action: z.string().nullish(),
    senderRole: z.string().nullish(),
    receiverRole: z.string().nullish(),
    useSenderLevel1HerId: z.boolean().nullish(),
    applicationName: z.string().nullish(),
    applicationVersion: z.string().nullish(),
    middlewareName: z.string().nullish(),
    middlewareVersion: z.string().nullish(),
    compressPayload: z.boolean().nullish(),
  })
  .strict()

export const PostMessageRequest = z
  .object({
    businessDocument: z.string().min(1),
    contentType: z.literal('application/xml', { error: 'contentType: only application/xml is supported' }),
    contentTransferEncoding: z.literal('base64', { error: 'contentTransferEncoding: only base64 is supported' }),
    ebXmlOverrides: ebXmlInfo.nullish(),
    receiverHerIdsSubset: z.array(herId).nullish(),
  })
  .strict()

// NAV sends the 8258 numbers as strings, KS the names (API.md §3.8); both are accepted.
const appRecStatus = z
  .union([z.enum(['Ok', 'Rejected', 'OkErrorInMessagePart']), z.enum(['1', '2', '3']), z.literal(1), z.literal(2), z.literal(3)])
  .transform((v) => (({ '1': 'Ok', '2': 'Rejected', '3': 'OkErrorInMessagePart' }) as const)[String(v) as '1' | '2' | '3'] ?? (v as 'Ok' | 'Rejected' | 'OkErrorInMessagePart'))

export const PostAppRecRequest = z
  .object({
    appRecStatus,
    appRecErrorList: z
      .array(
        z
          .object({
            errorCode: z.string().min(1).max(10),
            details: z.string().max(2000).nullish(),
            description: z.string().max(500).nullish(),
            oid: z.string().max(100).nullish(),
          })
          .strict(),
      )
      .nullish(),
    ebXmlOverrides: ebXmlInfo.nullish(),
  })
  .strict()

const booleanish = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])]).transform((v) => v === true || v === 'true' || v === 'True')

export const ListMessagesQuery = z.object({
  receiverherids: z.array(herId).min(1, 'ReceiverHerIds is required').refine((ids) => new Set(ids).size === ids.length, 'ReceiverHerIds must be unique'),
  senderherid: herId.optional(),
  businessdocumentid: z.string().max(100).optional(),
  includemetadata: booleanish.default(false),
  messagestofetch: z.coerce.number().int().min(1).max(100).default(10),
  orderby: z.enum(['Ascending', 'Descending', '1', '2']).default('Ascending'),
})

export const IdParam = z.string().uuid('id must be a GUID')
export const HerIdParam = herId

export function zodMessages(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
}
