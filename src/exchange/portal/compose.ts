/**
 * The Dialogmelding 1.1 documents the staff portal writes: a forespørsel or a notat to a party from the address
 * registry, and a svar to a received forespørsel with its ConversationRef (RULES.md §1: RefToParent = the
 * forespørsel's MsgId, RefToConversation = the dialogue's first MsgId). Codes follow the public samples: TypeForesp
 * 9152 "Annen henvendelse", TemaKodet 7322 "Henvendelse om pasient" for a notat and 9069 "Svar på forespørsel".
 */
import { decodeNationalId } from '../../platform/identifiers/national-id.ts'
import type { DialogForesporselInput, DialogmeldingInput } from '../messages/dialogmelding.writer.ts'
import { writeDialogmelding } from '../messages/dialogmelding.writer.ts'
import type { Foresporsel } from '../messages/dialogmelding.types.ts'
import type { ConversationRef, Organisation, Patient } from '../messages/msg-head.types.ts'
import { volvenOid } from '../messages/namespaces.ts'

export const TYPE_FORESP_OTHER = { v: '99', dn: 'Annen henvendelse', s: volvenOid(9152) }
export const TEMA_PATIENT_ENQUIRY = { v: '6', dn: 'Henvendelse om pasient', s: volvenOid(7322) }
export const TEMA_ANSWER = { v: '5', dn: 'Svar på forespørsel', s: volvenOid(9069) }

export type StaffContact = { givenName: string; familyName: string; hprNumber: string | null }

/** The patient as the registry knows them: name, birth date, sex (kodeverk 3101) and the national id. */
export function patientFromRegistry(person: { givenName: string; familyName: string; birthDate: string }, nationalId: string): Patient {
  const decoded = decodeNationalId(nationalId)
  const idType = decoded?.kind === 'dnr' ? { v: 'DNR', dn: 'D-nummer' } : { v: 'FNR', dn: 'Fødselsnummer' }
  return {
    familyName: person.familyName,
    givenName: person.givenName,
    dateOfBirth: person.birthDate,
    ...(decoded && { sex: decoded.sex === 'male' ? { v: '1', dn: 'Mann' } : { v: '2', dn: 'Kvinne' } }),
    idents: [{ id: nationalId, typeId: { ...idType, s: volvenOid(8116) } }],
  }
}

/**
 * Names the person who wrote the message at the bottom of the sender's hierarchy (HPR-nummer, no HER-id), so the
 * receiver knows whom to contact; the addressed party stays the service. A person-in-role already there is kept.
 */
export function withContactPerson(org: Organisation, staff: StaffContact): Organisation {
  if (org.organisation) return { ...org, organisation: withContactPerson(org.organisation, staff) }
  if (org.healthcareProfessional) return org
  return {
    ...org,
    healthcareProfessional: {
      familyName: staff.familyName,
      givenName: staff.givenName,
      idents: staff.hprNumber ? [{ id: staff.hprNumber, typeId: { v: 'HPR', dn: 'HPR-nummer', s: volvenOid(8116) } }] : [],
    },
  }
}

type Common = { msgId: string; genDate: string; sender: Organisation; receiver: Organisation; patient: Patient }

export function newDialogmelding(input: Common & { kind: 'foresporsel' | 'notat'; subject: string; text: string }): string {
  const base = { msgId: input.msgId, genDate: input.genDate, ack: 'J' as const, sender: input.sender, receiver: input.receiver, patient: input.patient }
  const document: DialogmeldingInput =
    input.kind === 'foresporsel'
      ? { ...base, kind: 'foresporsel', foresporsel: { typeForesp: TYPE_FORESP_OTHER, emneSporsmal: input.subject, sporsmal: input.text } }
      : { ...base, kind: 'notat', notat: { temaKodet: TEMA_PATIENT_ENQUIRY, tema: input.subject, tekstNotatInnhold: input.text } }
  return writeDialogmelding(document)
}

/** The ConversationRef of an answer to `parent`: it names the parent, and the dialogue's first message. */
export function answerConversationRef(parent: { msgId: string; refToConversation: string | null }): ConversationRef {
  return { refToParent: parent.msgId, refToConversation: parent.refToConversation ?? parent.msgId }
}

export function answerDialogmelding(
  input: Common & { conversationRef: ConversationRef; subject: string | null; text: string; question: Foresporsel | undefined },
): string {
  // The answered question travels inside the Notat, as the standard allows, so the answer reads on its own.
  const answered: DialogForesporselInput | undefined = input.question && {
    typeForesp: input.question.typeForesp,
    ...(input.question.emneSporsmal !== undefined && { emneSporsmal: input.question.emneSporsmal }),
    sporsmal: input.question.sporsmal ?? '',
  }
  return writeDialogmelding({
    kind: 'svar',
    msgId: input.msgId,
    genDate: input.genDate,
    ack: 'J',
    sender: input.sender,
    receiver: input.receiver,
    patient: input.patient,
    conversationRef: input.conversationRef,
    notat: { temaKodet: TEMA_ANSWER, ...(input.subject ? { tema: input.subject } : {}), tekstNotatInnhold: input.text },
    ...(answered && { foresporsel: answered }),
  })
}
