/**
 * What an installation does with a message that arrives on one of its parties' `_async` queues (RULES.md §3, §5).
 *
 * Which installation sent it is not taken from the message: the sender's HER-id (the envelope's fromHerId) is looked
 * up in this installation's address registry, and the party's `installation` column names the installation that may
 * speak for it. The document is then taken in exactly as an EPJ's would be (submitDocument), by a submitter of kind
 * 'transport' for that installation, which may only send for its own parties.
 *
 * Outcomes, each ending with the message acked (a rejection — the handler throwing — is kept for failures that a
 * retry can fix, such as the database being unreachable):
 * - stored, or an exact duplicate of a stored document (same sender and MsgId, same bytes): nothing is sent back;
 *   the receiving EPJ writes the one AppRec per receiver;
 * - a document that can be read (sender, receiver and MsgId known) but is refused (the XSDs, a MsgId that is not a
 *   GUID, an unsupported standard): a negative AppRec with the 8221 code submitDocument names, once per (receiver,
 *   sender, MsgId) — a business error (RULES.md §5: business errors become a negative AppRec);
 * - everything else — unknown sender, a body that is not XML or not a known message, a header that contradicts the
 *   document, an AppRec that cannot be matched — an AMQP error on the sender's `_error` queue, which echoes the
 *   body so that the sender can tell which delivery failed.
 */
import { createHash } from 'node:crypto'
import { findParties } from '../address-registry/address-registry.repository.ts'
import { receiversOf, sha256Hex } from '../delivery/business-document.ts'
import { ExchangeError, type ExchangeErrorKind } from '../delivery/exchange-error.ts'
import { type ExchangeDeps, submitDocument } from '../delivery/exchange.service.ts'
import { isAppRecErrorCode } from '../messages/apprec-codes.ts'
import { appRecInputFor } from '../messages/apprec.rules.ts'
import { AppRecInputError, writeAppRec } from '../messages/apprec.writer.ts'
import type { KithMessage, Message } from '../messages/message.types.ts'
import { addressedHerId, organisationHerIds, summariseMessage } from '../messages/message-summary.ts'
import type { MsgHeadMessage, Organisation } from '../messages/msg-head.types.ts'
import { readMessageXml } from '../messages/read-message.ts'
import { storeErrorAppRec } from './amqp-bridge.repository.ts'
import type { AmqpEnvelope, AmqpErrorReport } from './amqp-envelope.ts'

/** errorCondition values, as Helsenorge.Messaging sends them. */
export const AMQP_ERROR = {
  invalidFieldValue: 'transport:invalid-field-value',
  notWellFormedXml: 'transport:not-well-formed-xml',
  unsupportedMessage: 'transport:unsupported-message',
  internalError: 'transport:internal-error',
  spoofing: 'abuse:spoofing-attack',
} as const

export type InboundOutcome =
  | { outcome: 'stored'; id: string }
  | { outcome: 'duplicate'; id: string }
  | { outcome: 'error-apprec'; appRecId: string; code: string; alreadyAnswered: boolean }
  | { outcome: 'amqp-error'; condition: string }

export type InboundContext = {
  deps: ExchangeDeps
  /** Publishes an AMQP error to `<toHerId>_error`; rejects when the broker cannot take it (the message is then retried). */
  reportError(toHerId: number, report: AmqpErrorReport): Promise<void>
}

const SAMBAND_SOFTWARE = { softwareName: 'Samband', softwareVersion: '1' }
const HER_ID = /^[1-9][0-9]{0,9}$/

function herIdOf(value: string | undefined): number | null {
  return value !== undefined && HER_ID.test(value) && Number(value) <= 2_147_483_647 ? Number(value) : null
}

export async function receiveFromAmqp(ctx: InboundContext, envelope: AmqpEnvelope): Promise<InboundOutcome> {
  const { deps } = ctx
  const fail = (condition: string, description: string, fields?: string[]) => amqpError(ctx, envelope, condition, description, fields)

  const sender = (await findParties(deps.db, [envelope.fromHerId])).get(envelope.fromHerId)
  if (!sender?.active) {
    return fail(AMQP_ERROR.invalidFieldValue, `HER-id ${envelope.fromHerId} is not an active party in the receiving installation's address registry.`, [
      'fromHerId',
    ])
  }
  if (sender.installation === 'local') {
    return fail(AMQP_ERROR.spoofing, `HER-id ${envelope.fromHerId} is served by the receiving installation itself and cannot arrive over AMQP.`, ['fromHerId'])
  }

  const read = readMessageXml(envelope.body, { maxBytes: deps.settings.maxDocumentBytes })
  if (!read.ok) {
    return read.stage === 'xml'
      ? fail(AMQP_ERROR.notWellFormedXml, `The body is not a usable XML document (${read.error.code}).`)
      : fail(
          AMQP_ERROR.unsupportedMessage,
          'The body is not a readable MsgHead, AppRec or KITH message.',
          read.errors.slice(0, 10).map((e) => e.path),
        )
  }
  const message = read.message
  const summary = summariseMessage(message)
  const documentSender = herIdOf(addressedHerId(summary.senderHerIds))
  if (documentSender !== envelope.fromHerId) {
    return fail(AMQP_ERROR.invalidFieldValue, `fromHerId ${envelope.fromHerId} is not the sender named in the document.`, ['fromHerId'])
  }

  let subset: number[] | null = null
  let role: 'primary' | 'copy' = 'primary'
  if (message.format === 'apprec') {
    if (herIdOf(addressedHerId(summary.receiverHerIds)) !== envelope.toHerId) {
      return fail(AMQP_ERROR.invalidFieldValue, `toHerId ${envelope.toHerId} is not the receiver named in the AppRec.`, ['toHerId'])
    }
  } else {
    const receivers = receiversOf(message, summary)
    const addressed = receivers.find((r) => r.herId === envelope.toHerId)
    if (!addressed) return fail(AMQP_ERROR.invalidFieldValue, `toHerId ${envelope.toHerId} is not a receiver named in the document.`, ['toHerId'])
    role = addressed.role
    // One import for every receiver this installation serves (RULES.md §3: one import, one AppRec each); the copy
    // of the same message on another of our receivers' queues is then a duplicate. Others are not ours to route.
    const parties = await findParties(
      deps.db,
      receivers.map((r) => r.herId),
    )
    subset = receivers
      .filter((r) => r.herId === envelope.toHerId || (parties.get(r.herId)?.active && parties.get(r.herId)?.installation === 'local'))
      .map((r) => r.herId)
  }

  try {
    const result = await submitDocument(
      deps,
      { kind: 'transport', installation: sender.installation },
      { document: envelope.body, receiverHerIdsSubset: subset },
    )
    return result.duplicate ? { outcome: 'duplicate', id: result.id } : { outcome: 'stored', id: result.id }
  } catch (error) {
    if (!(error instanceof ExchangeError)) throw error
    if (error.kind === 'invalid-document' && message.format !== 'apprec' && summary.ack !== 'N' && summary.msgId) {
      const answered = await answerWithErrorAppRec(ctx, envelope, message, role, summary.msgId, error)
      if (answered) return answered
    }
    const details = error.details.length > 0 ? ` (${error.details.slice(0, 5).join('; ')})` : ''
    return fail(conditionFor(error.kind), `${error.message}${details}`)
  }
}

function conditionFor(kind: ExchangeErrorKind): string {
  switch (kind) {
    case 'invalid-document':
      return AMQP_ERROR.notWellFormedXml
    case 'invalid-request':
    case 'not-authorised-for-her-id':
      return AMQP_ERROR.invalidFieldValue
    default:
      return AMQP_ERROR.internalError
  }
}

async function amqpError(ctx: InboundContext, envelope: AmqpEnvelope, condition: string, description: string, fields?: string[]): Promise<InboundOutcome> {
  await ctx.reportError(envelope.fromHerId, {
    originalMessageId: envelope.messageId,
    errorCondition: condition,
    errorDescription: description,
    ...(fields && fields.length > 0 ? { errorConditionData: fields } : {}),
    fromHerId: envelope.toHerId,
    subject: envelope.subject,
    // As Helsenorge.Messaging does: the original goes back with the error, so the sender can find its delivery.
    body: envelope.body,
  })
  return { outcome: 'amqp-error', condition }
}

/** submitDocument names the 8221 code an AppRec would use as the first detail of an 'invalid-document' error. */
const APPREC_CODE_DETAIL = /^AppRec ([A-Z][0-9]{2})$/

/**
 * A negative AppRec for a document that was read but refused (schema, MsgId, unsupported standard). It is stored
 * with an AMQP delivery back to the sender (the dispatcher publishes it), under an id derived from (receiver,
 * sender, MsgId): the same document arriving again finds it and is not answered twice. Null when the error names
 * no AppRec code or no valid AppRec can be written from the document's addressing; the caller then sends an AMQP
 * error instead.
 */
async function answerWithErrorAppRec(
  ctx: InboundContext,
  envelope: AmqpEnvelope,
  message: MsgHeadMessage | KithMessage,
  role: 'primary' | 'copy',
  msgId: string,
  error: ExchangeError,
): Promise<InboundOutcome | null> {
  const { deps } = ctx
  const code = APPREC_CODE_DETAIL.exec(error.details[0] ?? '')?.[1]
  if (!code || !isAppRecErrorCode(code)) return null
  const id = errorAppRecId(envelope.toHerId, envelope.fromHerId, msgId)
  const now = deps.now()
  const copy = role === 'copy' ? copyReceiverOrganisation(message, envelope.toHerId) : undefined
  // The details are safe to show the sender (element paths, structural schema messages): see ExchangeError.
  const text = [error.message, ...error.details.slice(1, 4)].join(' ').slice(0, 1000)
  let xml: string
  try {
    xml = writeAppRec({
      ...appRecInputFor(message, { id, genDate: now.toISOString(), status: '2', errors: [{ code, text }], ...(copy && { copyReceiver: copy }) }),
      ...SAMBAND_SOFTWARE,
    })
  } catch (error) {
    if (error instanceof AppRecInputError) return null
    throw error
  }
  const document = Buffer.from(xml, 'utf8')
  const stored = await deps.db.transaction().execute((trx) =>
    storeErrorAppRec(trx, {
      id,
      senderHerId: envelope.toHerId,
      receiverHerId: envelope.fromHerId,
      document,
      sha256: sha256Hex(document),
      now,
    }),
  )
  if (stored) deps.onQueued?.()
  return { outcome: 'error-apprec', appRecId: id, code, alreadyAnswered: !stored }
}

/** A UUID (version 8, name-based) from (our receiver, their sender, their MsgId). */
export function errorAppRecId(receiverHerId: number, senderHerId: number, msgId: string): string {
  const hash = createHash('sha256').update(`samband:error-apprec:${receiverHerId}:${senderHerId}:${msgId}`).digest()
  hash[6] = ((hash[6] as number) & 0x0f) | 0x80
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

function copyReceiverOrganisation(message: Message, herId: number): Organisation | undefined {
  if (message.format !== 'msghead') return undefined
  return message.msgInfo.otherReceivers.find((other) => other.organisation && organisationHerIds(other.organisation).includes(String(herId)))?.organisation
}
