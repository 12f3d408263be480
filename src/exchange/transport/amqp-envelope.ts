import type { Message, Options } from 'amqplib'

/**
 * The NHN message envelope (HITS 1216:2018, RULES.md §5) on AMQP 0-9-1.
 *
 * NHN's Tjenestebuss speaks AMQP 1.0; the RabbitMQ used here speaks AMQP 0-9-1, so this adapter carries the same
 * properties in the 0-9-1 places that RabbitMQ's own 1.0 ↔ 0-9-1 conversion uses:
 *
 * | AMQP 1.0 (NHN)                              | AMQP 0-9-1 (here)                              |
 * | ------------------------------------------- | ---------------------------------------------- |
 * | properties.message-id                       | message-id                                     |
 * | properties.subject (8279 code)              | type                                           |
 * | properties.correlation-id                   | correlation-id                                 |
 * | properties.reply-to                         | reply-to                                       |
 * | properties.to                               | routing key (default exchange = the queue)     |
 * | properties.content-type                     | content-type                                   |
 * | application-properties (fromHerId, toHerId, | headers (same names; HER-ids as integers,      |
 * |   applicationTimeStamp, error properties)   |   times as ISO 8601 strings)                   |
 */

export type AmqpEnvelope = {
  /** AMQP message id (uuid), independent of the MsgHead MsgId. */
  messageId: string
  /** Kodeverk 8279 message type, e.g. DIALOG_FORESPORSEL or APPREC. */
  subject: string
  fromHerId: number
  toHerId: number
  /** ISO 8601 time. */
  applicationTimeStamp: string
  correlationId?: string
  /** The business document, byte for byte. */
  body: Buffer
}

/** An AMQP-level error (NHN error queue) about a message that could not be read at all. */
export type AmqpErrorReport = {
  /** The message id of the message in error; empty when it had none. */
  originalMessageId: string
  /** E.g. `transport:invalid-field-value`, `transport:not-well-formed-xml`, `transport:internal-error`. */
  errorCondition: string
  errorDescription: string
  /** Extra detail, e.g. the names of the fields in error; sent as `errorConditionData` = `a;b;`. */
  errorConditionData?: readonly string[]
  /** The HER-id that reports the error (the original receiver); sent as `fromHerId`. */
  fromHerId?: number
  /** The original message's subject, when known. */
  subject?: string
  body?: Buffer
}

export const XML_CONTENT_TYPE = 'application/xml'
export const INVALID_FIELD_VALUE = 'transport:invalid-field-value'

/** Deliveries of one message before it is dead-lettered (NHN: DLQ after 10 reads without commit). */
export const MAX_DELIVERIES = 10

export type QueueNames = { async: string; error: string; dlq: string }

export function queueNames(prefix: string, herId: number): QueueNames {
  return { async: `${prefix}${herId}_async`, error: `${prefix}${herId}_error`, dlq: `${prefix}${herId}_dlq` }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// ISO 8601 date-time. Sent with an explicit offset so that both ends read the same instant; read without one too,
// since a partner's local time is no reason to refuse its message.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const ISO_DATE_TIME_ANY_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/
// AMQP 0-9-1 shortstr properties (message-id, type, correlation-id) hold at most 255 bytes.
const SHORTSTR_BYTES = 255

export function isHerId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= 2_147_483_647
}

export function isMessageId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

export function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && Buffer.byteLength(value) <= SHORTSTR_BYTES
}

/** The names of the envelope's fields that are missing or invalid (empty when it can be sent). */
export function envelopeProblems(envelope: AmqpEnvelope): string[] {
  const problems: string[] = []
  if (!isMessageId(envelope.messageId)) problems.push('messageId')
  if (!isShortString(envelope.subject)) problems.push('subject')
  if (!isHerId(envelope.fromHerId)) problems.push('fromHerId')
  if (!isHerId(envelope.toHerId)) problems.push('toHerId')
  if (!isIsoTime(envelope.applicationTimeStamp)) problems.push('applicationTimeStamp')
  if (envelope.correlationId !== undefined && !isShortString(envelope.correlationId)) problems.push('correlationId')
  if (!Buffer.isBuffer(envelope.body)) problems.push('body')
  return problems
}

export function publishOptions(envelope: AmqpEnvelope, replyTo: string): Options.Publish {
  return {
    persistent: true,
    contentType: XML_CONTENT_TYPE,
    messageId: envelope.messageId,
    type: envelope.subject,
    ...(envelope.correlationId !== undefined ? { correlationId: envelope.correlationId } : {}),
    replyTo,
    headers: {
      fromHerId: envelope.fromHerId,
      toHerId: envelope.toHerId,
      applicationTimeStamp: envelope.applicationTimeStamp,
    },
  }
}

// Error descriptions go in a header table, which amqplib caps at 64 KiB in all.
const MAX_ERROR_TEXT = 2000

export function errorPublishOptions(report: AmqpErrorReport, toHerId: number, messageId: string, now: Date): Options.Publish {
  const headers: Record<string, string | number> = {
    toHerId,
    applicationTimeStamp: now.toISOString(),
    receiverTimeStamp: now.toISOString(),
    errorCondition: report.errorCondition.slice(0, MAX_ERROR_TEXT),
    errorDescription: report.errorDescription.slice(0, MAX_ERROR_TEXT),
  }
  if (report.fromHerId !== undefined) headers.fromHerId = report.fromHerId
  if (report.originalMessageId) headers.originalMessageId = report.originalMessageId
  if (report.errorConditionData && report.errorConditionData.length > 0)
    headers.errorConditionData = report.errorConditionData
      .map((item) => `${item};`)
      .join('')
      .slice(0, MAX_ERROR_TEXT)
  return {
    persistent: true,
    messageId,
    ...(report.subject ? { type: report.subject } : {}),
    // Helsenorge.Messaging correlates an error with the message in error through correlation-id too.
    ...(isShortString(report.originalMessageId) ? { correlationId: report.originalMessageId } : {}),
    ...(report.body ? { contentType: XML_CONTENT_TYPE } : {}),
    headers,
  }
}

export type ReadEnvelopeResult =
  | { ok: true; envelope: AmqpEnvelope }
  | {
      ok: false
      /** Names of the missing or invalid fields. */
      fields: string[]
      /** What could be read, to address an error report. */
      messageId?: string
      fromHerId?: number
      subject?: string
    }

// Other AMQP clients put integers in application properties as strings or as any integer width.
function readHerId(value: unknown): number | undefined {
  if (typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value)) value = Number(value)
  if (typeof value === 'bigint') value = Number(value)
  return isHerId(value) ? value : undefined
}

function readTime(value: unknown): string | undefined {
  if (typeof value === 'string' && ISO_DATE_TIME_ANY_ZONE.test(value) && !Number.isNaN(Date.parse(value))) return value
  // amqplib decodes an AMQP 0-9-1 timestamp ('T') as { '!': 'timestamp', value: seconds since the epoch }.
  if (typeof value === 'object' && value !== null && '!' in value && value['!'] === 'timestamp' && 'value' in value) {
    const seconds = value.value
    if (typeof seconds === 'number' && Number.isSafeInteger(seconds) && seconds > 0) return new Date(seconds * 1000).toISOString()
  }
  return undefined
}

/**
 * Reads and validates the envelope of a delivered message. `receiverHerId` is the HER-id whose queue it came from:
 * a message whose toHerId is another HER-id was misaddressed and is not handed on.
 */
export function readEnvelope(message: Message, receiverHerId: number): ReadEnvelopeResult {
  const props = message.properties
  const headers: Record<string, unknown> = props.headers ?? {}
  const fields: string[] = []

  const messageId: unknown = props.messageId
  if (!isMessageId(messageId)) fields.push('messageId')
  const subjectValue: unknown = props.type ?? headers.subject
  const subject = isShortString(subjectValue) ? subjectValue : undefined
  if (subject === undefined) fields.push('subject')
  const fromHerId = readHerId(headers.fromHerId)
  if (fromHerId === undefined) fields.push('fromHerId')
  const toHerId = readHerId(headers.toHerId)
  if (toHerId !== receiverHerId) fields.push('toHerId')
  const applicationTimeStamp = readTime(headers.applicationTimeStamp)
  if (applicationTimeStamp === undefined) fields.push('applicationTimeStamp')
  const correlationValue: unknown = props.correlationId
  if (correlationValue !== undefined && !isShortString(correlationValue)) fields.push('correlationId')

  if (fields.length > 0 || !isMessageId(messageId) || subject === undefined || fromHerId === undefined) {
    return {
      ok: false,
      fields,
      ...(typeof messageId === 'string' && messageId ? { messageId: messageId.slice(0, SHORTSTR_BYTES) } : {}),
      ...(fromHerId !== undefined ? { fromHerId } : {}),
      ...(subject !== undefined ? { subject } : {}),
    }
  }
  return {
    ok: true,
    envelope: {
      messageId,
      subject,
      fromHerId,
      toHerId: receiverHerId,
      applicationTimeStamp: applicationTimeStamp as string,
      ...(typeof correlationValue === 'string' ? { correlationId: correlationValue } : {}),
      body: message.content,
    },
  }
}

/** Deliveries of this message so far, this one included (quorum queues count returns in `x-delivery-count`). */
export function deliveryAttempt(message: Message): number {
  const count: unknown = message.properties.headers?.['x-delivery-count']
  if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) return count + 1
  return message.fields.redelivered ? 2 : 1
}
