/**
 * What `readMessage` returns: one of the three document shapes found on the wire.
 */
import type { AppRec, AppRecHcp } from './apprec.types.ts'
import type { Envelope, MsgHeadMessage, OpaquePayload, Patient } from './msg-head.types.ts'

/** A bare AppRec document (how AppRecs travel), possibly inside NAV's wrapper. */
export type AppRecMessage = {
  format: 'apprec'
  envelope: Envelope
  appRec: AppRec
}

/**
 * Epikrise 1.2 and Henvisning 1.1 predate MsgHead: the root is `Message` with its own header. Only that header
 * is read; the document passes through as received.
 */
export type KithMessage = {
  format: 'kith-message'
  envelope: Envelope
  type: { v: string; dn?: string }
  miGversion?: string
  genDate?: string
  msgId: string
  sender?: AppRecHcp
  receiver?: AppRecHcp
  patient?: Patient
  payload: OpaquePayload
}

export type Message = MsgHeadMessage | AppRecMessage | KithMessage

export type ReadingErrorCode = 'unknown-root' | 'wrong-namespace' | 'missing-element' | 'invalid-value' | 'unknown-msg-type' | 'unsupported-structure'

export type ReadingError = {
  code: ReadingErrorCode
  /** Element path, e.g. `MsgHead/MsgInfo/MsgId`. Never element content: messages hold patient data. */
  path: string
  message: string
}

export type ReadResult = { ok: true; message: Message } | { ok: false; errors: ReadingError[] }
