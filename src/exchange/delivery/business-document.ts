/**
 * Everything Samband needs to know about a business document before it is stored: it parses safely (no DTDs,
 * size-limited), reads as a known standard, validates against the official XSDs, and names its sender, receivers,
 * process and patient. A failure carries the 8221 code an AppRec would use.
 */
import { createHash } from 'node:crypto'
import type { MessageProcess } from '../address-registry/message-processes.ts'
import type { AppRecErrorCode } from '../messages/apprec-codes.ts'
import { appRecErrorForReadingErrors, appRecErrorForXmlError } from '../messages/apprec.rules.ts'
import type { Message } from '../messages/message.types.ts'
import { addressedHerId, hcpHerIds, type MessageSummary, organisationHerIds, summariseMessage } from '../messages/message-summary.ts'
import { APPREC_1_0_NS, APPREC_1_1_NS, DIALOGMELDING_1_0_NS, DIALOGMELDING_1_1_NS, EPIKRISE_1_2_NS, HENVISNING_1_1_NS } from '../messages/namespaces.ts'
import { readMessageXml } from '../messages/read-message.ts'
import type { DocumentValidator } from '../xml/batching-validator.ts'
import type { ReceiverRef } from './delivery.rules.ts'
import { parseGenDate } from './gen-date.ts'

export type InspectedDocument = {
  message: Message
  summary: MessageSummary
  process: MessageProcess
  senderHerId: number
  receivers: ReceiverRef[]
  genDate: Date
  isAppRec: boolean
  sha256: string
}

export type InspectionFailure = { code: AppRecErrorCode; reason: string; details: string[] }

export type InspectionResult = { ok: true; document: InspectedDocument } | { ok: false; failure: InspectionFailure }

const HER_ID = /^[1-9][0-9]{0,9}$/

function herIdOf(value: string | undefined): number | null {
  if (value === undefined || !HER_ID.test(value)) return null
  const n = Number(value)
  return n <= 2_147_483_647 ? n : null
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function processOf(message: Message): MessageProcess {
  switch (message.format) {
    case 'apprec':
      return { msgType: 'APPREC', payloadNamespace: message.appRec.version === '1.0' ? APPREC_1_0_NS : APPREC_1_1_NS }
    case 'kith-message':
      return { msgType: message.type.v, payloadNamespace: message.payload.namespace }
    case 'msghead': {
      const p = message.payload
      const ns =
        p.kind === 'dialogmelding'
          ? p.version === '1.0'
            ? DIALOGMELDING_1_0_NS
            : DIALOGMELDING_1_1_NS
          : p.kind === 'apprec'
            ? p.appRec.version === '1.0'
              ? APPREC_1_0_NS
              : APPREC_1_1_NS
            : p.namespace
      return { msgType: message.msgInfo.type.v, payloadNamespace: ns }
    }
  }
}

/** Primary receiver (the lowest HER-id of Receiver) and copy receivers (OtherReceiver with a HER-id). */
export function receiversOf(message: Message, summary: MessageSummary): ReceiverRef[] {
  const primary = herIdOf(addressedHerId(summary.receiverHerIds))
  const refs: ReceiverRef[] = primary === null ? [] : [{ herId: primary, role: 'primary' }]
  if (message.format === 'msghead') {
    for (const other of message.msgInfo.otherReceivers) {
      const ids = other.organisation ? organisationHerIds(other.organisation) : []
      const person = other.healthcareProfessional?.idents.filter((i) => i.typeId.v === 'HER').map((i) => i.id) ?? []
      const herId = herIdOf(addressedHerId([...ids, ...person]))
      if (herId !== null && !refs.some((r) => r.herId === herId)) refs.push({ herId, role: 'copy' })
    }
  }
  return refs
}

const KNOWN_ROOT_NAMESPACES = new Set([EPIKRISE_1_2_NS, HENVISNING_1_1_NS])

export async function inspectBusinessDocument(bytes: Buffer, validator: DocumentValidator, options: { maxBytes: number }): Promise<InspectionResult> {
  const read = readMessageXml(bytes, { maxBytes: options.maxBytes })
  if (!read.ok) {
    if (read.stage === 'xml') return { ok: false, failure: { code: appRecErrorForXmlError(read.error.code), reason: read.error.message, details: [] } }
    return {
      ok: false,
      failure: {
        code: appRecErrorForReadingErrors(read.errors),
        reason: 'The document is not a readable MsgHead, AppRec or KITH message.',
        details: read.errors.map((e) => `${e.path}: ${e.message}`),
      },
    }
  }
  const message = read.message
  if (message.envelope !== 'plain') {
    return {
      ok: false,
      failure: { code: 'T10', reason: "NAV's internal EI_fellesformat wrapper is not exchanged; send the MsgHead or AppRec itself.", details: [] },
    }
  }
  const process = processOf(message)
  if (message.format !== 'kith-message' && !validator.namespaces.includes(process.payloadNamespace) && !KNOWN_ROOT_NAMESPACES.has(process.payloadNamespace)) {
    return { ok: false, failure: { code: 'T10', reason: 'The payload standard is not supported.', details: [`payload namespace ${process.payloadNamespace}`] } }
  }
  // libxml2 reads the characters we parsed; the bytes stay as received for storage.
  const xml = bytesAsText(bytes)
  const schema = await validator.validateOne(xml)
  if (!schema.valid) {
    return {
      ok: false,
      // libxml2's messages can quote element content (a national id, a name): only the line and the kind of error go out.
      failure: {
        code: 'T02',
        reason: 'The document does not validate against the official XML schema.',
        details: schema.errors.map(structuralOnly).slice(0, 20),
      },
    }
  }
  return describeDocument(bytes, message, process)
}

/**
 * The routing view of a document already known to be valid: what inspection returns after the schema check.
 * Used directly only for documents Samband writes itself (its writers' output is schema-tested), so that an
 * AppRec built by Samband is not validated a second time on the hot path.
 */
export function describeDocument(bytes: Buffer, message: Message, process: MessageProcess = processOf(message)): InspectionResult {
  const summary = summariseMessage(message)
  const senderHerId = herIdOf(addressedHerId(summary.senderHerIds))
  if (senderHerId === null) return { ok: false, failure: { code: 'X99', reason: 'The sender has no HER-id.', details: [] } }
  const receivers = receiversOf(message, summary)
  if (receivers.length === 0) return { ok: false, failure: { code: 'E21', reason: 'The document names no receiver with a HER-id.', details: [] } }
  const genDate = parseGenDate(summary.genDate ?? '')
  if (Number.isNaN(genDate.getTime())) return { ok: false, failure: { code: 'T02', reason: 'GenDate is not a valid date and time.', details: [] } }
  return {
    ok: true,
    document: { message, summary, process, senderHerId, receivers, genDate, isAppRec: process.msgType === 'APPREC', sha256: sha256Hex(bytes) },
  }
}

function bytesAsText(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString('latin1')
  return /encoding\s*=\s*["']iso-8859-1["']/i.test(head) ? bytes.toString('latin1') : bytes.toString('utf8')
}

/** Keeps "line N: Element 'X': <kind of problem>" and drops quoted values. */
function structuralOnly(error: string): string {
  return error.replace(/'[^']*'(?=\s+is not (a )?valid)/g, "'…'").replace(/value '[^']*'/g, "value '…'")
}

/** The sender's AppRec-side HER-ids, for matching an AppRec to the message it answers. */
export function appRecParties(message: Message): { senderHerId: number | null; receiverHerId: number | null } {
  if (message.format === 'apprec') {
    return {
      senderHerId: herIdOf(addressedHerId(hcpHerIds(message.appRec.sender.hcp))),
      receiverHerId: herIdOf(addressedHerId(hcpHerIds(message.appRec.receiver.hcp))),
    }
  }
  return { senderHerId: null, receiverHerId: null }
}
