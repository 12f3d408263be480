/** How the portal shows parties, patients and delivery status: pure mapping from stored rows to the API's shapes. */
import type { PartyWithProcesses } from '../address-registry/address-registry.types.ts'
import type { StoredDelivery } from '../delivery/stored-message.ts'
import type { Message } from '../messages/message.types.ts'
import { isOverdue } from './mailbox.repository.ts'
import { type MessageContent, partyNamesInDocument } from './message-content.ts'
import { msgTypeName, standardName } from './message-names.ts'
import { nameOf, type PartyName } from './party-names.ts'

/** A party the address registry does not know is named as the document names it. */
export function nameUnknownParties(names: Map<number, PartyName>, message: Message): void {
  for (const [herId, name] of partyNamesInDocument(message)) {
    const current = names.get(herId)
    if (current && !current.known) names.set(herId, { ...current, name })
  }
}

export function partyView(p: PartyWithProcesses) {
  const processes = p.processes
    .map((pr) => ({
      msgType: pr.msgType,
      msgTypeName: msgTypeName(pr.msgType),
      payloadNamespace: pr.payloadNamespace,
      standardName: standardName(pr.payloadNamespace),
    }))
    .sort((a, b) => a.standardName.localeCompare(b.standardName, 'nb') || a.msgType.localeCompare(b.msgType))
  return {
    herId: p.herId,
    kind: p.kind,
    name: p.name,
    parent: p.parentHerId === null ? null : { herId: p.parentHerId, name: p.parentName ?? `HER-id ${p.parentHerId}` },
    organisationNumber: p.organisationNumber,
    hprNumber: p.hprNumber,
    installation: p.installation,
    processes,
  }
}

export function partyRef(n: PartyName) {
  return { herId: n.herId, name: n.name, organisationName: n.organisationName }
}

export function namedParty(names: ReadonlyMap<number, PartyName>, herId: number) {
  return partyRef(nameOf(names, herId))
}

/** A patient as the registry knows them: name and birth date. */
export type PatientRow = { givenName: string; familyName: string; birthDate: string } | null

export function patientSummary(row: PatientRow, content: MessageContent | undefined): { name: string; birthDate: string | null } | null {
  if (row) return { name: `${row.givenName} ${row.familyName}`, birthDate: row.birthDate }
  const fromDocument = content?.patient
  return fromDocument ? { name: fromDocument.name, birthDate: fromDocument.birthDate } : null
}

export function receiverStatus(d: StoredDelivery, names: ReadonlyMap<number, PartyName>, now: Date) {
  return {
    ...namedParty(names, d.receiverHerId),
    role: d.receiverRole,
    status: d.status,
    transportState: d.transportState,
    appRecStatus: d.appRecStatus,
    overdue: isOverdue(d, now),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    readAt: d.readAt?.toISOString() ?? null,
    deadlineAt: d.deadlineAt?.toISOString() ?? null,
  }
}
