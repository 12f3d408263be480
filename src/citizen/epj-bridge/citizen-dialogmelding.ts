/**
 * The citizen dialog as the service's EPJ sees it (CIT-8): each citizen message is a Dialogmelding 1.1 forespørsel in
 * a MsgHead from Samband's citizen-services party to the service's HER-id, about the citizen as patient. A thread is
 * one conversation: the first message's MsgId is RefToConversation of every later one, and each later message names
 * the message before it as RefToParent (RULES.md §1), so the EPJ files the whole dialog together.
 *
 * Helsenorge's own processes for this dialog are not in the public conformance set; the standard dialog processes
 * (DIALOG_FORESPORSEL, answered by DIALOG_SVAR) that every municipal EPJ takes are used instead (ADR 0009).
 */
import { TEMA_ANSWER, TYPE_FORESP_OTHER, patientFromRegistry } from '../../exchange/index.ts'
import type { DialogmeldingPayload } from '../../exchange/index.ts'
import { writeDialogmelding } from '../../exchange/index.ts'
import type { Organisation } from '../../exchange/index.ts'

export type OutgoingCitizenMessage = {
  msgId: string
  createdAt: Date
  threadSubject: string
  body: string
  conversationRef: string
  /** The message before this one in the thread; null for the first. */
  parentMsgId: string | null
  /** Who wrote it, when not the citizen: the EPJ must know that a representative wrote. */
  writer: { name: string; basis: 'self' | 'fullmakt' | 'assigned-fullmakt' | 'parent' | string | null }
  citizen: { givenName: string; familyName: string; birthDate: string; nationalId: string }
  attachments: { fileName: string; contentType: string; base64: string }[]
}

const BASIS_TEXT: Record<string, string> = {
  fullmakt: 'fullmektig',
  'assigned-fullmakt': 'fullmektig med tildelt fullmakt',
  parent: 'forelder',
}

/** The text the EPJ shows: who wrote it first when that was not the citizen. */
export function dialogText(message: Pick<OutgoingCitizenMessage, 'body' | 'writer'>): string {
  const basis = message.writer.basis
  if (!basis || basis === 'self') return message.body
  return `Skrevet av ${message.writer.name} (${BASIS_TEXT[basis] ?? 'representant'}) på vegne av pasienten.\n\n${message.body}`
}

/**
 * The MsgHead document. Deterministic for the same message (GenDate is the message's own time), so that handing it
 * to the exchange again after a crash is recognised there as the same message, not a conflict.
 */
export function citizenDialogmelding(message: OutgoingCitizenMessage, sender: Organisation, receiver: Organisation): string {
  return writeDialogmelding({
    kind: 'foresporsel',
    msgId: message.msgId,
    genDate: message.createdAt.toISOString(),
    ack: 'J',
    sender,
    receiver,
    patient: patientFromRegistry(message.citizen, message.citizen.nationalId),
    ...(message.parentMsgId ? { conversationRef: { refToParent: message.parentMsgId, refToConversation: message.conversationRef } } : {}),
    foresporsel: { typeForesp: TYPE_FORESP_OTHER, emneSporsmal: message.threadSubject.slice(0, 255), sporsmal: dialogText(message) },
    attachments: message.attachments.map((a) => ({ mimeType: a.contentType, description: a.fileName, base64: a.base64 })),
  })
}

/** Said first in the copy of a staff answer, so whoever reads it in the EPJ knows it is already answered. */
export function answeredInSambandText(message: Pick<OutgoingCitizenMessage, 'body' | 'writer'>, serviceName: string): string {
  return `Besvart i Samband av ${message.writer.name} (${serviceName}). Svaret er sendt til innbyggeren:\n\n${message.body}`
}

/**
 * The copy of an answer that staff wrote to the citizen in Samband's portal, for the service's EPJ, so the patient
 * record holds the whole dialog (issue 10, item 8). It is a DIALOG_NOTAT, not a DIALOG_SVAR: a svar is the answer of
 * the party that received a forespørsel, sent back to the one who asked, and an EPJ matches it to a forespørsel it
 * sent itself — here the service wrote the answer and the copy goes to the service, so a svar from the citizen-services
 * party would read as the citizen answering a question the EPJ never asked. A notat is information for the record
 * that asks for no answer. It sits in the thread's conversation (RefToParent = the message before it, normally the
 * citizen's question), its theme is "Svar på forespørsel" (9069), and its text and Merknad say it was answered in
 * Samband, so the EPJ files it with the dialog and nobody answers twice. Deterministic like the citizen's messages.
 */
export function serviceAnswerCopy(message: OutgoingCitizenMessage, serviceName: string, sender: Organisation, receiver: Organisation): string {
  return writeDialogmelding({
    kind: 'notat',
    msgId: message.msgId,
    genDate: message.createdAt.toISOString(),
    ack: 'J',
    sender,
    receiver,
    patient: patientFromRegistry(message.citizen, message.citizen.nationalId),
    conversationRef: { refToParent: message.parentMsgId ?? message.conversationRef, refToConversation: message.conversationRef },
    notat: {
      temaKodet: TEMA_ANSWER,
      tema: `Svar i Samband: ${message.threadSubject}`.slice(0, 255),
      tekstNotatInnhold: answeredInSambandText(message, serviceName),
      merknad: 'Besvart av tjenesten i Samband. Skal ikke besvares.',
    },
    attachments: message.attachments.map((a) => ({ mimeType: a.contentType, description: a.fileName, base64: a.base64 })),
  })
}

/** What Samband takes from an EPJ's Dialogmelding to the citizen-services party: the answer's text and its writer. */
export type EpjAnswer = { text: string; authorName: string | null }

/**
 * The answer text of a svar or notat (TekstNotatInnhold), or of a forespørsel (Sporsmal) when the service asks the
 * citizen something; null when the document holds no text for a citizen.
 */
export function epjAnswerText(payload: DialogmeldingPayload): string | null {
  const parts = [...payload.notat.map((n) => n.tekstNotatInnhold?.trim() ?? ''), ...payload.foresporsel.map((f) => f.sporsmal?.trim() ?? '')].filter(
    (t) => t.length > 0,
  )
  return parts.length > 0 ? parts.join('\n\n') : null
}

/** The health professional named under the sender, e.g. "Lise Lund", when the EPJ says who wrote. */
export function epjAuthorName(sender: Organisation): string | null {
  let org: Organisation | undefined = sender
  while (org) {
    const hp = org.healthcareProfessional
    if (hp && (hp.givenName || hp.familyName)) return [hp.givenName, hp.familyName].filter(Boolean).join(' ')
    org = org.organisation
  }
  return null
}
