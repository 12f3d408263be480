/**
 * Rules of the messages between a citizen and a municipal service (CIT-1): who may write when, the answer deadline,
 * how a writer is named, and who is told about an answer. Pure: callers load the facts.
 */
import { citizenDataForCitizen } from '../../platform/access/citizen-representation.rules.ts'
import type { AccessAllowed, AccessFacts, RepresentationBasis } from '../../platform/access/access.types.ts'
import type { ServiceAvailability } from '../onboarding/digital-services.ts'
import { endOfNextWorkingDay } from './working-days.ts'

/** The answer time every service with messages promises (the special terms for messages, v1.1). */
export const ANSWER_TIME_TEXT = 'Svar innen én virkedag'

export type ThreadStatus = 'open' | 'closed'
export type CitizenWriterBasis = 'self' | RepresentationBasis

/** How the writer of a citizen-side message stands to the citizen, from the policy's decision. */
export function writerBasis(decision: AccessAllowed): CitizenWriterBasis {
  const { basis } = decision
  if (basis === 'fullmakt' || basis === 'assigned-fullmakt' || basis === 'parent') return basis
  return 'self'
}

/**
 * The answer deadline after a citizen message: the oldest unanswered message sets it, so a deadline that is already
 * running stays; otherwise one working day after this message.
 */
export function answerDueAfterCitizenMessage(currentDueAt: Date | null, messageAt: Date): Date {
  return currentDueAt ?? endOfNextWorkingDay(messageAt)
}

/**
 * When a new message in a thread is stamped: now, but always after the thread's last message, so the order of a
 * thread's messages is their order of writing even when two arrive within the same millisecond (or a clock steps back).
 */
export function nextMessageTime(lastMessageAt: Date, now: Date): Date {
  return now.getTime() > lastMessageAt.getTime() ? now : new Date(lastMessageAt.getTime() + 1)
}

export function isOverdue(answerDueAt: Date | null, now: Date): boolean {
  return answerDueAt !== null && now.getTime() > answerDueAt.getTime()
}

export type WriteRefusal = { code: 'forbidden' | 'conflict'; detail: string }

export const REFUSALS = {
  notReceiving: { code: 'forbidden', detail: 'Du kan bare sende meldinger til tjenester du mottar hjelp fra.' },
  notActivated: { code: 'conflict', detail: 'Tjenesten tar ikke imot meldinger her ennå.' },
  agreementEnded: {
    code: 'conflict',
    detail: 'Kommunen har avsluttet meldingstjenesten her. Du kan lese tidligere meldinger, men ikke sende nye. Kontakt tjenesten på telefon.',
  },
  closedForCitizen: { code: 'conflict', detail: 'Samtalen er avsluttet. Start en ny samtale hvis du vil skrive til tjenesten.' },
  closedForService: { code: 'conflict', detail: 'Samtalen er avsluttet og tar ikke imot nye meldinger.' },
  serviceClosedForService: { code: 'conflict', detail: 'Meldingstjenesten er ikke åpen for denne tjenesten.' },
} as const satisfies Record<string, WriteRefusal>

/**
 * Whether the citizen (or a representative) may write now: the citizen must receive help from the service, the
 * service must be open for messages, and an existing thread must not be closed. Null means yes.
 */
export function citizenWriteRefusal(input: {
  receivesService: boolean
  availability: ServiceAvailability | undefined
  threadStatus?: ThreadStatus
}): WriteRefusal | null {
  if (!input.receivesService) return REFUSALS.notReceiving
  const availability = input.availability
  if (!availability?.open) return availability?.closedReason === 'agreement-ended' ? REFUSALS.agreementEnded : REFUSALS.notActivated
  if (input.threadStatus === 'closed') return REFUSALS.closedForCitizen
  return null
}

/**
 * Whether the service may write in a thread. Closed is closed for both sides, which keeps the rule simple: whoever
 * has more to say starts a new thread. A service whose messages have ended (agreement over) no longer writes either.
 */
export function serviceWriteRefusal(input: { availability: ServiceAvailability | undefined; threadStatus: ThreadStatus }): WriteRefusal | null {
  if (input.threadStatus === 'closed') return REFUSALS.closedForService
  if (!input.availability?.open) return REFUSALS.serviceClosedForService
  return null
}

/** How citizens see a service: "<organisation>, <service>", e.g. "Tønsberg kommune, Hjemmesykepleien". */
export function serviceDisplayName(organisationName: string, serviceName: string): string {
  return `${organisationName}, ${serviceName}`
}

/** The sender named in an SMS or e-mail: none for a service whose name alone says too much. */
export function notificationSender(service: { organisationName: string; name: string; sensitiveName: boolean }): {
  senderName: string | null
  senderSensitive: boolean
} {
  return service.sensitiveName
    ? { senderName: null, senderSensitive: true }
    : { senderName: serviceDisplayName(service.organisationName, service.name), senderSensitive: false }
}

const BASIS_LABEL: Record<RepresentationBasis, string> = {
  fullmakt: 'fullmektig',
  'assigned-fullmakt': 'tildelt fullmektig',
  parent: 'forelder',
}

/** Who wrote a message, for staff: "Per Berg (fullmektig for Ingrid Berg)", or the author alone. */
export function writtenByLabel(input: {
  fromSide: 'citizen' | 'service'
  authorName: string
  basis: string | null
  citizenName: string
  viaSystem: boolean
}): string {
  if (input.fromSide === 'service') return input.viaSystem ? `${input.authorName} (fra fagsystem)` : input.authorName
  const label = BASIS_LABEL[input.basis as RepresentationBasis]
  return label === undefined ? input.authorName : `${input.authorName} (${label} for ${input.citizenName})`
}

/**
 * Who is told that the service has answered: the citizen, and everyone who may read the citizen's messages on their
 * behalf now (fullmakt or assigned fullmakt with 'messages', parents with full rights). Asks the access policy for
 * each candidate, so this never disagrees with who can actually open the message. The facts must hold the citizen's
 * relations (loadAccessFacts for the citizen does).
 */
export function messageReaders(citizenPersonId: string, facts: AccessFacts): string[] {
  const candidates = new Set<string>([citizenPersonId])
  for (const f of facts.fullmakter) if (f.giverPersonId === citizenPersonId) candidates.add(f.proxyPersonId)
  for (const r of facts.parentalRelations) if (r.childPersonId === citizenPersonId) candidates.add(r.parentPersonId)
  return [...candidates].filter(
    (personId) =>
      citizenDataForCitizen({ kind: 'citizen', personId }, { action: 'citizen-data:read', subjectPersonId: citizenPersonId, area: 'messages' }, facts).allowed,
  )
}
