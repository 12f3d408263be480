/**
 * Domain types for a MsgHead 1.2 message (HIS 80601:2006) and what Samband reads around it. Field names follow
 * the standard's element names in camelCase so that a reader of the XML finds them again.
 */
import type { AppRec } from './apprec.types.ts'
import type { Coded, Ident } from './coded.types.ts'
import type { DialogmeldingPayload } from './dialogmelding.types.ts'

export type { Coded, Ident } from './coded.types.ts'

export type HealthcareProfessional = {
  typeHealthcareProfessional?: Coded
  roleToPatient?: Coded
  familyName?: string
  middleName?: string
  givenName?: string
  idents: Ident[]
}

/** Sender/Receiver are an organisation hierarchy: Inst → sub-organisation/service → health professional. */
export type Organisation = {
  organisationName: string
  idents: Ident[]
  organisation?: Organisation
  healthcareProfessional?: HealthcareProfessional
}

export type Party = {
  organisation: Organisation
}

export type OtherReceiver = {
  roleReceiver: Coded
  organisation?: Organisation
  healthcareProfessional?: HealthcareProfessional
}

export type Patient = {
  familyName?: string
  middleName?: string
  givenName?: string
  dateOfBirth?: string
  sex?: Coded
  idents: Ident[]
}

/** Absent on the first message of a dialogue; both parts are required when present. */
export type ConversationRef = {
  refToParent: string
  refToConversation: string
}

/** What a RefDoc carries: an XML instance (identified by its root), an inline base64 attachment, or a link. */
export type RefDocContent =
  | { kind: 'xml'; namespace: string; localName: string }
  | { kind: 'base64'; base64: string }
  | { kind: 'file-reference'; uri: string }
  | { kind: 'none' }

export type RefDoc = {
  issueDate?: string
  /** XML = XML instance, A = attachment (kodeverk 8114). */
  msgType: Coded
  id?: string
  mimeType?: string
  description?: string
  content: RefDocContent
}

export type MsgHeadDocument = {
  contentDescription?: string
  refDoc: RefDoc
}

export type MsgInfo = {
  /** Kodeverk 8279 "Meldingens funksjon"; equals the ebXML Action. */
  type: { v: string; dn?: string }
  miGversion: string
  genDate: string
  msgId: string
  /** Kodeverk 7304: J, N, or F (only on error). */
  ack?: string
  conversationRef?: ConversationRef
  sender: Party
  receiver: Party
  otherReceivers: OtherReceiver[]
  patient?: Patient
}

/**
 * Only Dialogmelding and AppRec are interpreted. Everything else (PLO, Henvisning 2.0, …) passes through: the
 * payload is the business document exactly as received, so it is described here, never re-serialised.
 */
export type OpaquePayload = { kind: 'opaque'; namespace: string; localName: string }
export type AppRecPayload = { kind: 'apprec'; appRec: AppRec }
export type MsgHeadPayload = DialogmeldingPayload | AppRecPayload | OpaquePayload

/** How the document arrived: as itself, or inside NAV's EI_fellesformat wrapper. */
export type Envelope = 'plain' | 'nav-fellesformat'

export type MsgHeadMessage = {
  format: 'msghead'
  envelope: Envelope
  msgInfo: MsgInfo
  documents: MsgHeadDocument[]
  payload: MsgHeadPayload
}
