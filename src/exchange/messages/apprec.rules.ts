/**
 * Pure rules for answering a received message with an AppRec (RULES.md §3). No I/O: the delivery service decides
 * when (one final AppRec per recognised receiver, none for duplicates) and stores what it sends.
 */
import type { SafeXmlErrorCode } from '../xml/safe-xml.ts'
import type { AppRecHcp, AppRecParty, AppRecVersion } from './apprec.types.ts'
import type { AppRecErrorCode } from './apprec-codes.ts'
import type { AppRecErrorInput, AppRecInput } from './apprec.writer.ts'
import { appRecPartyFromOrganisation } from './apprec.writer.ts'
import type { KithMessage, ReadingError } from './message.types.ts'
import type { Coded, MsgHeadMessage, Organisation } from './msg-head.types.ts'

const PRIM: Coded = { v: 'PRIM', dn: 'Primærmottaker' }
const COP: Coded = { v: 'COP', dn: 'Kopimottaker' }
const AVS: Coded = { v: 'AVS', dn: 'Avsender' }

export type AppRecAnswer = {
  id: string
  genDate: string
  /**
   * Answering as a copy receiver: the OtherReceiver organisation (role COP) we are, instead of the primary
   * receiver (PRIM). Each recognised receiver sends its own AppRec.
   */
  copyReceiver?: Organisation
} & ({ status: '1'; errors?: never } | { status: '2'; errors: AppRecErrorInput[] })

/**
 * The AppRec that answers `original`: addressing mirrored (our side is the original receiver, role PRIM/COP; the
 * other side is the original sender, role AVS), and OriginalMsgId = the original's type, GenDate and MsgId. The
 * AppRec version follows the payload's standard: Dialogmelding 1.0 is answered with 1.0, everything else with 1.1.
 */
export function appRecInputFor(original: MsgHeadMessage | KithMessage, answer: AppRecAnswer): AppRecInput {
  const ourRole = answer.copyReceiver ? COP : PRIM
  const base = { id: answer.id, genDate: answer.genDate, status: answer.status, ...(answer.errors && { errors: answer.errors }) }
  if (original.format === 'msghead') {
    const info = original.msgInfo
    const version: AppRecVersion = original.payload.kind === 'dialogmelding' && original.payload.version === '1.0' ? '1.0' : '1.1'
    // AppRec 1.0 has no PRIM/AVS (its roles were REQ/SPR, RULES.md §3); the role is optional, so it is left out.
    const role = (r: Coded) => (version === '1.1' ? r : undefined)
    return {
      ...base,
      version,
      sender: appRecPartyFromOrganisation(answer.copyReceiver ?? info.receiver.organisation, role(ourRole)),
      receiver: appRecPartyFromOrganisation(info.sender.organisation, role(AVS)),
      originalMsgId: { msgType: { v: info.type.v, ...(info.type.dn && { dn: info.type.dn }) }, issueDate: info.genDate, id: info.msgId },
    }
  }
  const party = (hcp: AppRecHcp | undefined, role: Coded): AppRecParty => ({ role, hcp: hcp ?? {} })
  return {
    ...base,
    version: '1.1',
    sender: party(original.receiver, ourRole),
    receiver: party(original.sender, AVS),
    originalMsgId: {
      msgType: { v: original.type.v, ...(original.type.dn && { dn: original.type.dn }) },
      issueDate: original.genDate ?? '',
      id: original.msgId,
    },
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** AppRec 1.1 requires a negative AppRec E10 when MsgId is not a valid UUID (RULES.md §1). Case is not significant. */
export function isValidMsgId(msgId: string): boolean {
  return UUID.test(msgId)
}

/** The 8221 code for a document that could not be parsed at all: not XML, not well-formed or unreadable. */
export function appRecErrorForXmlError(_code: SafeXmlErrorCode): AppRecErrorCode {
  return 'T01'
}

/**
 * The most specific 8221 code for reading errors: a document of a kind we do not support is T10; a supported kind
 * with missing or invalid parts does not conform to its schema, T02.
 */
export function appRecErrorForReadingErrors(errors: readonly ReadingError[]): AppRecErrorCode {
  if (errors.some((e) => e.code === 'unknown-root' || e.code === 'wrong-namespace' || e.code === 'unknown-msg-type')) return 'T10'
  if (errors.some((e) => e.path.endsWith('/MsgId'))) return 'E10'
  return 'T02'
}
