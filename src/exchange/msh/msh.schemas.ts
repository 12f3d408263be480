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
    // An empty subset would store a message for nobody; leave it out (or null) to send to every receiver.
    receiverHerIdsSubset: z.array(herId).min(1, 'receiverHerIdsSubset must name at least one receiver, or be left out').nullish(),
  })
  .strict()

// NAV sends the 8258 numbers as strings, KS the names (API.md §3.8); both are accepted.
const appRecStatus = z
  .union([z.enum(['Ok', 'Rejected', 'OkErrorInMessagePart']), z.enum(['1', '2', '3']), z.literal(1), z.literal(2), z.literal(3)])
  .transform(
    (v) =>
      (({ '1': 'Ok', '2': 'Rejected', '3': 'OkErrorInMessagePart' }) as const)[String(v) as '1' | '2' | '3'] ??
      (v as 'Ok' | 'Rejected' | 'OkErrorInMessagePart'),
  )

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

// ASP.NET binds query values as .NET parses them: bool.Parse and Enum.Parse ignore case ("TRUE", "descending").
const booleanish = z
  .union([z.boolean(), z.string().regex(/^(true|false)$/i, 'must be true or false')])
  .transform((v) => v === true || (typeof v === 'string' && v.toLowerCase() === 'true'))

const orderBy = z
  .string()
  .regex(/^(ascending|descending|1|2)$/i, 'must be Ascending (1) or Descending (2)')
  .transform((v) => (v === '2' || v.toLowerCase() === 'descending' ? 'Descending' : 'Ascending'))

export const ListMessagesQuery = z.object({
  // NHN binds ReceiverHerIds to a set (the OAS's uniqueItems): a HER-id given twice counts once, it is not an error.
  receiverherids: z
    .array(herId, { error: 'ReceiverHerIds is required' })
    .min(1, 'ReceiverHerIds is required')
    .transform((ids) => [...new Set(ids)]),
  senderherid: herId.optional(),
  businessdocumentid: z.string().max(100).optional(),
  includemetadata: booleanish.default(false),
  messagestofetch: z.coerce.number().int().min(1).max(100).default(10),
  orderby: orderBy.default('Ascending'),
})

// Any GUID as .NET parses it (8-4-4-4-12 hex, any case), not only RFC 9562 UUIDs: an unknown one is a 404, not a 400.
export const IdParam = z.guid('id must be a GUID').transform((id) => id.toLowerCase())
export const HerIdParam = herId

/** The query's names as the OAS spells them, for messages about the case-folded keys. */
const QUERY_NAMES: Readonly<Record<string, string>> = {
  receiverherids: 'ReceiverHerIds',
  senderherid: 'SenderHerId',
  businessdocumentid: 'BusinessDocumentId',
  includemetadata: 'IncludeMetadata',
  messagestofetch: 'MessagesToFetch',
  orderby: 'OrderBy',
}

export function zodMessages(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const [head, ...rest] = i.path.map(String)
    if (head === undefined) return i.message
    return `${[QUERY_NAMES[head] ?? head, ...rest].join('.')}: ${i.message}`
  })
}
