/**
 * Writes MsgHead 1.2 carrying Dialogmelding 1.1 (HIS 80603:2017, profile "Helsefaglig dialog"): a forespørsel,
 * a svar på forespørsel, or a notat. Element order follows MsgHead-v1_2.xsd and dialogmelding-v1.1.xsd exactly:
 * the schemas are sequences, so order is part of validity.
 */
import type { DialogPerson, RollerRelatertNotat } from './dialogmelding.types.ts'
import type { Coded, ConversationRef, HealthcareProfessional, Ident, Organisation, Patient } from './msg-head.types.ts'
import { MSG_TYPE, MSG_TYPE_TEXT } from './msg-types.ts'
import { BASE64_CONTAINER_NS, DIALOGMELDING_1_1_NS, FELLESKOMPONENT1_NS, MSGHEAD_MIG_VERSION, MSGHEAD_NS } from './namespaces.ts'
import { el, serializeDocument, textEl, type XmlNode } from './xml-writer.ts'

export type DialogForesporselInput = {
  typeForesp: Coded
  emneSporsmal?: string
  sporsmal: string
  dokIdForesp?: string
  rollerRelatertNotat?: RollerRelatertNotat[]
}

export type DialogNotatInput = {
  /** Kodeverk 7322 "Tema for helsefaglig dialog" (e.g. V=6 "Henvendelse om pasient"). */
  temaKodet: Coded
  tema?: string
  tekstNotatInnhold: string
  merknad?: string
  dokIdNotat?: string
  datoNotat?: string
  rollerRelatertNotat?: RollerRelatertNotat[]
}

export type DialogAttachmentInput = {
  mimeType: string
  description?: string
  issueDate?: string
  /** The attachment's bytes, base64-encoded. */
  base64: string
}

type DialogCommon = {
  msgId: string
  /** xs:dateTime, e.g. new Date().toISOString(). */
  genDate: string
  /** Kodeverk 7304; J asks the receiver for an AppRec. Default J. */
  ack?: 'J' | 'N' | 'F'
  sender: Organisation
  receiver: Organisation
  patient: Patient
  attachments?: DialogAttachmentInput[]
}

export type DialogmeldingInput = DialogCommon &
  (
    | { kind: 'foresporsel'; msgType?: string; conversationRef?: ConversationRef; foresporsel: DialogForesporselInput }
    | {
        kind: 'svar'
        msgType?: string
        /** A svar always answers something: RefToParent = the forespørsel, RefToConversation = the dialogue's first. */
        conversationRef: ConversationRef
        notat: DialogNotatInput
        /** The question being answered, repeated inside the Notat as the standard allows. */
        foresporsel?: DialogForesporselInput
      }
    | { kind: 'notat'; msgType?: string; conversationRef?: ConversationRef; notat: DialogNotatInput }
  )

const DEFAULT_TYPE = {
  foresporsel: MSG_TYPE.DIALOG_FORESPORSEL,
  svar: MSG_TYPE.DIALOG_SVAR,
  notat: MSG_TYPE.DIALOG_NOTAT,
} as const

/** Returns the MsgHead document as a string (UTF-8 declared). Throws only for values XML cannot hold at all. */
export function writeDialogmelding(input: DialogmeldingInput): string {
  const type = input.msgType ?? DEFAULT_TYPE[input.kind]
  const msgInfo = el(
    'MsgInfo',
    undefined,
    el('Type', { V: type, DN: (MSG_TYPE_TEXT as Record<string, string | undefined>)[type] }),
    textEl('MIGversion', MSGHEAD_MIG_VERSION),
    textEl('GenDate', input.genDate),
    textEl('MsgId', input.msgId),
    el('Ack', { V: input.ack ?? 'J', DN: ACK_TEXT[input.ack ?? 'J'] }),
    input.conversationRef &&
      el(
        'ConversationRef',
        undefined,
        textEl('RefToParent', input.conversationRef.refToParent),
        textEl('RefToConversation', input.conversationRef.refToConversation),
      ),
    el('Sender', undefined, organisation(input.sender)),
    el('Receiver', undefined, organisation(input.receiver)),
    patient(input.patient),
  )

  const dialogmelding = el(
    'Dialogmelding',
    { xmlns: DIALOGMELDING_1_1_NS, 'xmlns:fk1': FELLESKOMPONENT1_NS },
    input.kind === 'foresporsel' && foresporsel(input.foresporsel),
    input.kind === 'svar' && notat(input.notat, input.foresporsel),
    input.kind === 'notat' && notat(input.notat, undefined),
  )

  const documents = [
    el(
      'Document',
      undefined,
      el('RefDoc', undefined, el('IssueDate', { V: input.genDate }), el('MsgType', { V: 'XML', DN: 'XML-instans' }), el('Content', undefined, dialogmelding)),
    ),
    ...(input.attachments ?? []).map((a) =>
      el(
        'Document',
        undefined,
        el(
          'RefDoc',
          undefined,
          a.issueDate !== undefined && el('IssueDate', { V: a.issueDate }),
          el('MsgType', { V: 'A', DN: 'Vedlegg' }),
          textEl('MimeType', a.mimeType),
          textEl('Description', a.description),
          el('Content', undefined, textEl('Base64Container', a.base64, { xmlns: BASE64_CONTAINER_NS })),
        ),
      ),
    ),
  ]

  return serializeDocument(el('MsgHead', { xmlns: MSGHEAD_NS }, msgInfo, ...documents))
}

const ACK_TEXT = { J: 'Ja', N: 'Nei', F: 'Kun ved feil' } as const

function coded(name: string, value: Coded | undefined): XmlNode | undefined {
  if (!value) return undefined
  return el(name, { V: value.v, S: value.s, DN: value.dn, OT: value.ot })
}

// MsgHead namespace (default on MsgHead).
function idents(list: readonly Ident[], fk1 = false): XmlNode[] {
  const p = fk1 ? 'fk1:' : ''
  return list.map((i) => el('Ident', undefined, textEl(`${p}Id`, i.id), coded(`${p}TypeId`, i.typeId)))
}

function organisation(org: Organisation): XmlNode {
  return el(
    'Organisation',
    undefined,
    textEl('OrganisationName', org.organisationName),
    ...idents(org.idents),
    org.organisation && organisation(org.organisation),
    org.healthcareProfessional && healthcareProfessional(org.healthcareProfessional),
  )
}

function healthcareProfessional(hp: HealthcareProfessional): XmlNode {
  return el(
    'HealthcareProfessional',
    undefined,
    coded('TypeHealthcareProfessional', hp.typeHealthcareProfessional),
    coded('RoleToPatient', hp.roleToPatient),
    textEl('FamilyName', hp.familyName),
    textEl('MiddleName', hp.middleName),
    textEl('GivenName', hp.givenName),
    ...idents(hp.idents),
  )
}

function patient(p: Patient): XmlNode {
  return el(
    'Patient',
    undefined,
    textEl('FamilyName', p.familyName),
    textEl('MiddleName', p.middleName),
    textEl('GivenName', p.givenName),
    textEl('DateOfBirth', p.dateOfBirth),
    coded('Sex', p.sex && { v: p.sex.v, dn: p.sex.dn }),
    ...idents(p.idents),
  )
}

// Dialogmelding namespace (default on Dialogmelding); Ident and TeleCom children are felleskomponent1 types.
function foresporsel(f: DialogForesporselInput): XmlNode {
  return el(
    'Foresporsel',
    undefined,
    coded('TypeForesp', f.typeForesp),
    textEl('EmneSporsmal', f.emneSporsmal),
    textEl('Sporsmal', f.sporsmal),
    textEl('DokIdForesp', f.dokIdForesp),
    ...(f.rollerRelatertNotat ?? []).map(roller),
  )
}

function notat(n: DialogNotatInput, answered: DialogForesporselInput | undefined): XmlNode {
  return el(
    'Notat',
    undefined,
    coded('TemaKodet', n.temaKodet),
    textEl('Tema', n.tema),
    textEl('TekstNotatInnhold', n.tekstNotatInnhold),
    textEl('Merknad', n.merknad),
    textEl('DokIdNotat', n.dokIdNotat),
    textEl('DatoNotat', n.datoNotat),
    answered && foresporsel(answered),
    ...(n.rollerRelatertNotat ?? []).map(roller),
  )
}

function roller(r: RollerRelatertNotat): XmlNode {
  return el(
    'RollerRelatertNotat',
    undefined,
    coded('RolleNotat', r.rolleNotat),
    coded('RoleToPatient', r.roleToPatient),
    r.tilknyttetEnhet &&
      el(
        'TilknyttetEnhet',
        undefined,
        el(
          'Kontaktenhet',
          undefined,
          textEl('fk1:OrganisationName', r.tilknyttetEnhet.kontaktenhetName ?? ''),
          ...idents(r.tilknyttetEnhet.kontaktenhetIdents).map(asFk1Ident),
        ),
        textEl('Merknad', r.tilknyttetEnhet.merknad),
      ),
    r.healthcareProfessional ? dialogPerson('HealthcareProfessional', r.healthcareProfessional) : r.person && dialogPerson('Person', r.person),
  )
}

function asFk1Ident(node: XmlNode): XmlNode {
  // Kontaktenhet is an fk1:Organisation, so its Ident element itself is in fk1 too.
  return { ...node, name: 'fk1:Ident', children: (node.children ?? []).map((c) => c && { ...c, name: `fk1:${c.name}` }) }
}

function dialogPerson(name: 'HealthcareProfessional' | 'Person', p: DialogPerson): XmlNode {
  const names =
    name === 'Person'
      ? [textEl('GivenName', p.givenName), textEl('MiddleName', p.middleName), textEl('FamilyName', p.familyName)]
      : [textEl('FamilyName', p.familyName), textEl('MiddleName', p.middleName), textEl('GivenName', p.givenName)]
  return el(
    name,
    undefined,
    name === 'HealthcareProfessional' && coded('TypeHealthcareProfessional', p.typeHealthcareProfessional),
    name === 'HealthcareProfessional' && coded('RoleToPatient', p.roleToPatient),
    ...names,
    ...idents(p.idents, true),
    ...p.teleAddresses.map((t) => el('TeleCom', undefined, el('fk1:TeleAddress', { V: t }))),
  )
}
