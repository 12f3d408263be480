/**
 * Writes AppRec 1.1 (HIS 80415:2012), or 1.0 for the standards that still require it (Dialogmelding 1.0, NAV;
 * RULES.md §3). The two schemas have the same structure; only the namespace and MIGversion differ. Element order
 * follows AppRec-v1.1.xsd. The rules about when to send one
 * (one final AppRec per receiver, mirrored addressing) belong to the caller; this only builds the document.
 */
import type { AdditionalId, AppRecDept, AppRecHcp, AppRecHcPerson, AppRecInst, AppRecParty, AppRecVersion, OriginalMsgId } from './apprec.types.ts'
import type { Organisation } from './msg-head.types.ts'
import { APPREC_ERROR_OID, APPREC_ERROR_TEXT, APPREC_STATUS_TEXT, type AppRecErrorCode, type AppRecStatusCode } from './apprec-codes.ts'
import type { Coded } from './msg-head.types.ts'
import { APPREC_1_0_MIG_VERSION, APPREC_1_0_NS, APPREC_1_1_MIG_VERSION, APPREC_1_1_NS } from './namespaces.ts'
import { el, serializeDocument, textEl, type XmlNode } from './xml-writer.ts'

export type AppRecErrorInput = {
  code: AppRecErrorCode
  /** Free text for the user (OT); RULES.md: it must be shown to the receiver's user. */
  text?: string
}

export type AppRecInput = {
  /** Default 1.1. */
  version?: AppRecVersion
  /** A new UUID for this AppRec. */
  id: string
  genDate: string
  softwareName?: string
  softwareVersion?: string
  /** The original message's receiver (role PRIM or COP). */
  sender: AppRecParty
  /** The original message's sender (role AVS). */
  receiver: AppRecParty
  status: AppRecStatusCode
  errors?: AppRecErrorInput[]
  originalMsgId: OriginalMsgId
}

export class AppRecInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AppRecInputError'
  }
}

export function writeAppRec(input: AppRecInput): string {
  const errors = input.errors ?? []
  // RULES.md §3: status 2 (Avvist) or 3 needs at least one Error; an OK receipt with errors would contradict itself.
  if (input.status !== '1' && errors.length === 0) throw new AppRecInputError(`status ${input.status} requires at least one error`)
  if (input.status === '1' && errors.length > 0) throw new AppRecInputError('status 1 (OK) takes no errors')
  const v10 = input.version === '1.0'
  const root = el(
    'AppRec',
    { xmlns: v10 ? APPREC_1_0_NS : APPREC_1_1_NS },
    el('MsgType', { V: 'APPREC', DN: 'Applikasjonskvittering' }),
    textEl('MIGversion', v10 ? APPREC_1_0_MIG_VERSION : APPREC_1_1_MIG_VERSION),
    textEl('SoftwareName', input.softwareName),
    textEl('SoftwareVersion', input.softwareVersion),
    textEl('GenDate', input.genDate),
    textEl('Id', input.id),
    party('Sender', input.sender),
    party('Receiver', input.receiver),
    el('Status', { V: input.status, DN: APPREC_STATUS_TEXT[input.status] }),
    ...errors.map((e) => el('Error', { V: e.code, S: APPREC_ERROR_OID, DN: APPREC_ERROR_TEXT[e.code], OT: e.text })),
    el(
      'OriginalMsgId',
      undefined,
      cs('MsgType', input.originalMsgId.msgType),
      textEl('IssueDate', input.originalMsgId.issueDate),
      textEl('Id', input.originalMsgId.id),
    ),
  )
  return serializeDocument(root)
}

/**
 * Maps a MsgHead party (Organisation → sub-organisation → health professional) to AppRec's HCP: the top
 * organisation is the Inst, a sub-organisation becomes a Dept, a health professional an HCPerson. Only HER-ids
 * are carried over: they are what the receiver of the AppRec routes and matches on.
 */
export function appRecPartyFromOrganisation(org: Organisation, role?: Coded): AppRecParty {
  const herOf = (idents: Organisation['idents']) => idents.find((i) => i.typeId.v === 'HER')?.id
  const her: Coded = { v: 'HER', dn: 'HER-id' }
  const instHer = herOf(org.idents)
  const inst: AppRecInst = {
    name: org.organisationName,
    ...(instHer !== undefined && { id: instHer, typeId: her }),
    depts: [],
    additionalIds: [],
    hcPersons: [],
  }
  for (let sub = org.organisation; sub; sub = sub.organisation) {
    const id = herOf(sub.idents)
    inst.depts.push({ name: sub.organisationName, ...(id !== undefined && { id, typeId: her }), additionalIds: [] })
  }
  const hp = org.healthcareProfessional ?? lowest(org).healthcareProfessional
  if (hp) {
    const id = herOf(hp.idents)
    const name = [hp.givenName, hp.middleName, hp.familyName].filter(Boolean).join(' ')
    inst.hcPersons.push({ ...(name !== '' && { name }), ...(id !== undefined && { id, typeId: her }), additionalIds: [] })
  }
  return role ? { role, hcp: { inst } } : { hcp: { inst } }
}

function lowest(org: Organisation): Organisation {
  return org.organisation ? lowest(org.organisation) : org
}

function cs(name: string, value: Coded | undefined): XmlNode | undefined {
  return value && el(name, { V: value.v, DN: value.dn })
}

function party(name: 'Sender' | 'Receiver', p: AppRecParty): XmlNode {
  return el(name, undefined, cs('Role', p.role), hcp(p.hcp))
}

function hcp(h: AppRecHcp): XmlNode {
  return el(
    'HCP',
    undefined,
    h.inst && inst(h.inst),
    !h.inst &&
      h.hcProf &&
      el(
        'HCProf',
        undefined,
        cs('Type', h.hcProf.type),
        textEl('Name', h.hcProf.name),
        textEl('Id', h.hcProf.id),
        cs('TypeId', h.hcProf.typeId),
        ...h.hcProf.additionalIds.map(additionalId),
      ),
  )
}

function inst(i: AppRecInst): XmlNode {
  return el(
    'Inst',
    undefined,
    textEl('Name', i.name),
    textEl('Id', i.id),
    cs('TypeId', i.typeId),
    ...i.depts.map(dept),
    ...i.additionalIds.map(additionalId),
    ...i.hcPersons.map(hcPerson),
  )
}

function dept(d: AppRecDept): XmlNode {
  return el('Dept', undefined, cs('Type', d.type), textEl('Name', d.name), textEl('Id', d.id), cs('TypeId', d.typeId), ...d.additionalIds.map(additionalId))
}

function hcPerson(p: AppRecHcPerson): XmlNode {
  return el('HCPerson', undefined, textEl('Name', p.name), textEl('Id', p.id), cs('TypeId', p.typeId), ...p.additionalIds.map(additionalId))
}

function additionalId(a: AdditionalId): XmlNode {
  return el('AdditionalId', undefined, textEl('Id', a.id), cs('Type', a.type))
}
