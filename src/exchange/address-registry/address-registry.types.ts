import type { MessageProcess } from './message-processes.ts'

export type PartyKind = 'organisation' | 'service' | 'person'

/** A communication party as NHN's Adresseregister describes one, plus where Samband reaches it. */
export type CommunicationParty = {
  herId: number
  kind: PartyKind
  name: string
  parentHerId: number | null
  organisationNumber: string | null
  /** The owning organisation in this installation; null for parties served by another installation. */
  organisationId: string | null
  serviceId: string | null
  hprNumber: string | null
  /** 'local', or the installation that serves the party (over AMQP). */
  installation: string
  contactEmail: string | null
  active: boolean
}

export type PartyWithProcesses = CommunicationParty & { processes: MessageProcess[]; parentName: string | null }

export function canReceive(processes: readonly MessageProcess[], process: MessageProcess): boolean {
  return processes.some((p) => p.msgType === process.msgType && p.payloadNamespace === process.payloadNamespace)
}
