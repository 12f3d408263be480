/**
 * The routing view of any message: ids, type, parties' HER-ids and the patient, whatever the document shape.
 * Delivery, duplicates and receipts work on this; the full typed message stays available for display.
 */
import type { AdditionalId, AppRecHcp } from './apprec.types.ts'
import type { Message } from './message.types.ts'
import type { ConversationRef, Ident, Organisation, Patient } from './msg-head.types.ts'
import { compact } from './read-context.ts'

export type PatientIdentity = { type: string; id: string }

export type MessageSummary = {
  msgId: string
  msgType: string
  genDate?: string
  /** HER-ids from the top of the sender's hierarchy down; the last one is the addressed party. */
  senderHerIds: string[]
  receiverHerIds: string[]
  patient?: PatientIdentity
  conversationRef?: ConversationRef
  ack?: string
}

export function summariseMessage(message: Message): MessageSummary {
  switch (message.format) {
    case 'msghead': {
      const info = message.msgInfo
      return compact({
        msgId: info.msgId,
        msgType: info.type.v,
        genDate: info.genDate,
        senderHerIds: organisationHerIds(info.sender.organisation),
        receiverHerIds: organisationHerIds(info.receiver.organisation),
        patient: patientIdentity(info.patient),
        conversationRef: info.conversationRef,
        ack: info.ack,
      })
    }
    case 'apprec':
      return compact({
        msgId: message.appRec.id,
        msgType: message.appRec.msgType.v ?? 'APPREC',
        genDate: message.appRec.genDate,
        senderHerIds: hcpHerIds(message.appRec.sender.hcp),
        receiverHerIds: hcpHerIds(message.appRec.receiver.hcp),
      })
    case 'kith-message':
      return compact({
        msgId: message.msgId,
        msgType: message.type.v,
        genDate: message.genDate,
        senderHerIds: message.sender ? hcpHerIds(message.sender) : [],
        receiverHerIds: message.receiver ? hcpHerIds(message.receiver) : [],
        patient: patientIdentity(message.patient),
      })
  }
}

/** The lowest-level HER-id: service-based addressing (HIS 1153) addresses the service or person, not the top. */
export function addressedHerId(herIds: readonly string[]): string | undefined {
  return herIds.at(-1)
}

export function organisationHerIds(org: Organisation): string[] {
  const own = herOf(org.idents)
  const below = org.organisation ? organisationHerIds(org.organisation) : []
  const person = org.healthcareProfessional ? herOf(org.healthcareProfessional.idents) : []
  return [...own, ...below, ...person]
}

export function hcpHerIds(hcp: AppRecHcp): string[] {
  const ids: string[] = []
  const take = (id: string | undefined, typeV: string | undefined, additional: AdditionalId[]) => {
    if (id !== undefined && typeV === 'HER') ids.push(id)
    for (const a of additional) if (a.type.v === 'HER') ids.push(a.id)
  }
  if (hcp.inst) {
    take(hcp.inst.id, hcp.inst.typeId?.v, hcp.inst.additionalIds)
    for (const d of hcp.inst.depts) take(d.id, d.typeId?.v, d.additionalIds)
    for (const p of hcp.inst.hcPersons) take(p.id, p.typeId?.v, p.additionalIds)
  }
  if (hcp.hcProf) take(hcp.hcProf.id, hcp.hcProf.typeId?.v, hcp.hcProf.additionalIds)
  return ids
}

/** The patient's first identifier (FNR, DNR, HNR …), as sent. */
export function patientIdentity(patient: Patient | undefined): PatientIdentity | undefined {
  const ident = patient?.idents[0]
  if (!ident) return undefined
  return { type: ident.typeId.v ?? '', id: ident.id }
}

/** The first identifier of a type: 'HER', 'ENH' (organisation number), 'HPR', 'FNR', 'DNR' … */
export function identOf(idents: readonly Ident[], typeV: string): string | undefined {
  return idents.find((i) => i.typeId.v === typeV)?.id
}

function herOf(idents: Ident[]): string[] {
  return idents.filter((i) => i.typeId.v === 'HER').map((i) => i.id)
}
