import type { AppRecStatus, DeliveryStatus, Party, PartyRef } from '../api/helsepersonell/exchange.ts'
import type { StatusTag } from '../components/StatusTags.tsx'

/**
 * Where a sent message stands with one receiver, as one tag: a failure or a rejection first, then the receipt
 * (AppRec), then transport. "Mangler kvittering" is the 96-hour deadline passing without an AppRec (RULES.md §3).
 */
export function receiverState(r: { status: DeliveryStatus; appRecStatus: AppRecStatus; overdue: boolean }): StatusTag {
  if (r.status === 'failed') return { label: 'Ikke levert', color: 'danger' }
  if (r.appRecStatus === 'Rejected' || r.status === 'rejected') return { label: 'Avvist av mottaker', color: 'danger' }
  if (r.appRecStatus === 'OkErrorInMessagePart') return { label: 'Kvittert med feil', color: 'warning' }
  if (r.appRecStatus === 'Ok') return { label: 'Kvittert', color: 'success' }
  if (r.overdue) return { label: 'Mangler kvittering', color: 'danger' }
  if (r.status === 'received') return { label: 'Sendes', color: 'neutral' }
  return { label: 'Levert, venter på kvittering', color: 'info' }
}

const deliveryLabels: Record<DeliveryStatus, string> = {
  received: 'Venter på levering',
  delivered: 'Levert',
  acknowledged: 'Levert og kvittert',
  rejected: 'Avvist',
  failed: 'Ikke levert',
}

export function deliveryLabel(status: DeliveryStatus): string {
  return deliveryLabels[status] ?? status
}

export function appRecLabel(status: AppRecStatus): string {
  switch (status) {
    case 'Ok':
      return 'OK'
    case 'Rejected':
      return 'Avvist'
    case 'OkErrorInMessagePart':
      return 'OK, feil i delmelding'
    default:
      return 'Ikke mottatt'
  }
}

/** "Hjemmesykepleien, Tønsberg kommune" */
export function partyLabel(p: PartyRef): string {
  return p.organisationName ? `${p.name}, ${p.organisationName}` : p.name
}

const partyKindLabels: Record<Party['kind'], string> = {
  organisation: 'Virksomhet',
  service: 'Tjeneste',
  person: 'Person i rolle',
}

export function partyKindLabel(kind: Party['kind']): string {
  return partyKindLabels[kind] ?? kind
}

/** The standards a party takes, each with the message types in it, in the order the server gave. */
export function processesByStandard(processes: Party['processes']): { standard: string; types: { msgType: string; name: string }[] }[] {
  const groups = new Map<string, { msgType: string; name: string }[]>()
  for (const p of processes) {
    const list = groups.get(p.standardName) ?? []
    list.push({ msgType: p.msgType, name: p.msgTypeName })
    groups.set(p.standardName, list)
  }
  return [...groups].map(([standard, types]) => ({ standard, types }))
}
