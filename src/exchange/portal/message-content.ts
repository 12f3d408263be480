/**
 * What a stored business document says, read for people: the Dialogmelding's questions and notes, the patient, the
 * attachments. Pure: takes the typed message `readMessageXml` returned. Other standards (PLO, epikrise …) pass
 * through Samband unread, so only their type is shown.
 */
import { decodeNationalId } from '../../platform/identifiers/national-id.ts'
import type { Foresporsel, Notat } from '../messages/dialogmelding.types.ts'
import type { Message } from '../messages/message.types.ts'
import type { Coded, HealthcareProfessional, Organisation, Patient } from '../messages/msg-head.types.ts'

export type CodedView = { code: string | null; name: string | null }

export type QuestionView = { type: CodedView; subject: string | null; question: string | null }

export type NoteView = { topic: CodedView; title: string | null; text: string | null; remark: string | null; answeredQuestion: QuestionView | null }

export type DialogView = { version: string; questions: QuestionView[]; notes: NoteView[] }

export type AttachmentView = { mimeType: string | null; description: string | null; sizeBytes: number | null; inline: boolean }

export type PatientView = { name: string; birthDate: string | null; nationalId: string | null; idType: string | null }

export type MessageContent = {
  dialog: DialogView | null
  patient: PatientView | null
  attachments: AttachmentView[]
  ack: string | null
}

function coded(value: Coded | undefined): CodedView {
  return { code: value?.v ?? null, name: value?.dn ?? value?.ot ?? null }
}

function question(f: Foresporsel): QuestionView {
  return { type: coded(f.typeForesp), subject: f.emneSporsmal ?? null, question: f.sporsmal ?? null }
}

function note(n: Notat): NoteView {
  return {
    topic: coded(n.temaKodet),
    title: n.tema ?? null,
    text: n.tekstNotatInnhold ?? null,
    remark: n.merknad ?? null,
    answeredQuestion: n.foresporsel ? question(n.foresporsel) : null,
  }
}

export function patientView(patient: Patient | undefined): PatientView | null {
  if (!patient) return null
  const name = [patient.givenName, patient.middleName, patient.familyName].filter((p) => p && p.trim() !== '').join(' ')
  const ident = patient.idents.find((i) => ['FNR', 'DNR', 'HNR'].includes(i.typeId.v ?? '')) ?? patient.idents[0]
  const decoded = ident && /^[0-9]{11}$/.test(ident.id) ? decodeNationalId(ident.id) : null
  return {
    name: name || 'Navn mangler',
    birthDate: patient.dateOfBirth ?? decoded?.birthDate ?? null,
    nationalId: ident?.id ?? null,
    idType: ident?.typeId.v ?? null,
  }
}

export function messageContent(message: Message): MessageContent {
  if (message.format !== 'msghead') {
    return { dialog: null, patient: message.format === 'kith-message' ? patientView(message.patient) : null, attachments: [], ack: null }
  }
  const payload = message.payload
  const dialog: DialogView | null =
    payload.kind === 'dialogmelding' ? { version: payload.version, questions: payload.foresporsel.map(question), notes: payload.notat.map(note) } : null
  const attachments = message.documents
    .filter((d) => d.refDoc.msgType.v === 'A')
    .map((d): AttachmentView => {
      const content = d.refDoc.content
      return {
        mimeType: d.refDoc.mimeType ?? null,
        description: d.refDoc.description ?? null,
        sizeBytes: content.kind === 'base64' ? base64Size(content.base64) : null,
        inline: content.kind === 'base64',
      }
    })
  return { dialog, patient: patientView(message.msgInfo.patient), attachments, ack: message.msgInfo.ack ?? null }
}

/** The subject line for lists: the question's subject, or the note's title. */
export function subjectOf(content: MessageContent): string | null {
  const dialog = content.dialog
  if (!dialog) return null
  return dialog.questions[0]?.subject ?? dialog.notes[0]?.title ?? dialog.notes[0]?.answeredQuestion?.subject ?? null
}

function base64Size(base64: string): number {
  const compact = base64.replace(/\s+/g, '')
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0
  return Math.max(0, Math.floor((compact.length * 3) / 4) - padding)
}

/**
 * The names the document itself gives its parties, by HER-id: what the portal shows for a party the address registry
 * does not know (a receiver that was refused with E21, a sender from another installation).
 */
export function partyNamesInDocument(message: Message): Map<number, string> {
  const names = new Map<number, string>()
  if (message.format !== 'msghead') return names
  const herOf = (idents: { id: string; typeId: Coded }[]) =>
    idents.filter((i) => i.typeId.v === 'HER' && /^[1-9][0-9]{0,9}$/.test(i.id)).map((i) => Number(i.id))
  const person = (hp: HealthcareProfessional) => {
    const name = [hp.givenName, hp.middleName, hp.familyName].filter(Boolean).join(' ')
    if (name) for (const herId of herOf(hp.idents)) names.set(herId, name)
  }
  const walk = (org: Organisation) => {
    for (const herId of herOf(org.idents)) names.set(herId, org.organisationName)
    if (org.organisation) walk(org.organisation)
    if (org.healthcareProfessional) person(org.healthcareProfessional)
  }
  const info = message.msgInfo
  walk(info.sender.organisation)
  walk(info.receiver.organisation)
  for (const other of info.otherReceivers) {
    if (other.organisation) walk(other.organisation)
    if (other.healthcareProfessional) person(other.healthcareProfessional)
  }
  return names
}
