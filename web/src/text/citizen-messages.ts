import type { StaffThreadSummary } from '../api/helsepersonell/service-threads.ts'
import { ApiError } from '../api/http.ts'
import type { MessageService, ThreadSummary } from '../api/innbygger/citizen-messages.ts'
import type { ThreadDetail, ThreadMessage } from '../api/threads.ts'
import type { StatusTag } from '../components/StatusTags.tsx'
import { formatDate, formatDateTime } from './oslo-time.ts'
import { formatPhoneNumber } from './phone.ts'

// Bokmål texts for messages between citizens and municipal services, the same on every page that shows them.

/** Messages are read when it suits the service: say where to turn when it cannot wait. */
export const EMERGENCY_NOTE = 'Meldinger er ikke for akutt hjelp. Ring 113 ved fare for liv, eller legevakten på 116 117.'

/**
 * Who wrote a message, under its heading (the service, or the citizen it is from). The municipality always addresses
 * the citizen, so a message a representative wrote names both; a citizen's own message needs no line.
 */
export function citizenByline(message: Pick<ThreadMessage, 'from' | 'authorName' | 'onBehalfOf'>, citizenName: string): string | null {
  if (message.from === 'service') return `Skrevet av ${message.authorName}`
  if (message.onBehalfOf) return `Skrevet av ${message.authorName} på vegne av ${citizenName}`
  return null
}

/** The tags on a thread in the citizen's inbox; colour is never the only signal. */
export function citizenThreadTags(thread: Pick<ThreadSummary, 'status' | 'unreadCount'>): StatusTag[] {
  const tags: StatusTag[] = []
  if (thread.unreadCount > 0) tags.push({ label: thread.unreadCount === 1 ? '1 ny melding' : `${thread.unreadCount} nye meldinger`, color: 'info' })
  tags.push(thread.status === 'closed' ? { label: 'Avsluttet', color: 'neutral' } : { label: 'Åpen', color: 'success' })
  return tags
}

/** The tags on a thread in the service's inbox: what needs doing first. */
export function staffThreadTags(thread: Pick<StaffThreadSummary, 'status' | 'overdue' | 'awaitingAnswer' | 'unreadCount'>): StatusTag[] {
  const tags: StatusTag[] = []
  if (thread.overdue) tags.push({ label: 'Forfalt', color: 'danger' })
  if (thread.awaitingAnswer) tags.push({ label: 'Venter på svar', color: 'warning' })
  if (thread.unreadCount > 0) tags.push({ label: 'Ulest', color: 'info' })
  if (thread.status === 'closed') tags.push({ label: 'Avsluttet', color: 'neutral' })
  return tags
}

/** "Avsluttes 2. desember 2026" for a service whose municipality has given notice. */
export function serviceEndingText(service: Pick<MessageService, 'endsAt'>): string | null {
  return service.endsAt ? `Avsluttes ${formatDate(service.endsAt)}` : null
}

/**
 * Why a message could not be written in a thread, or the thread not closed: attachments too large, the server's own
 * reason, no access (said differently to a citizen and to staff), or a failure worth trying again.
 */
export function threadProblem(error: unknown, texts: { forbidden: string; fallback: string }): string {
  if (error instanceof ApiError) {
    if (error.status === 413) return 'Vedleggene er for store til å sendes. Fjern noen og prøv igjen.'
    if (error.problem?.detail) return error.problem.detail
    if (error.status === 403) return texts.forbidden
  }
  return texts.fallback
}

export type ReplyBlocked = { kind: 'closed' | 'service-ended' | 'other'; text: string }

/**
 * Why the citizen cannot answer in a thread, asked only when the server says canReply is false: an open thread with
 * an end date then belongs to a service that has stopped (the server's clock decides, not the browser's).
 */
export function replyBlockedReason(thread: Pick<ThreadDetail, 'status' | 'closedAt' | 'closedByName' | 'endsAt' | 'service'>): ReplyBlocked {
  if (thread.status === 'closed') {
    const when = thread.closedAt ? ` ${formatDateTime(thread.closedAt)}` : ''
    const who = thread.closedByName ? ` (${thread.closedByName})` : ''
    return {
      kind: 'closed',
      text: `${thread.service.name} avsluttet denne samtalen${when}${who}. Du kan ikke svare her. Vil du skrive mer, kan du starte en ny melding.`,
    }
  }
  if (thread.endsAt) {
    return {
      kind: 'service-ended',
      text: `${thread.service.name} tar ikke lenger imot meldinger i Samband. Du kan fortsatt lese samtalen. Ring tjenesten hvis du trenger å nå dem.`,
    }
  }
  return { kind: 'other', text: 'Du kan ikke svare i denne samtalen nå. Ring tjenesten hvis du trenger å nå dem.' }
}

/** What a waiting item says on Min side ("Nytt svar i 1 samtale"); null when there is nothing new of its kind. */
export function waitingText(item: { kind: 'unread-messages'; count: number }): string | null {
  if (item.count === 0) return null
  return item.count === 1 ? 'Nytt svar i 1 samtale' : `Nye svar i ${item.count} samtaler`
}

/**
 * Whom to call when the answer is late: the service's phone when the page knows it. The deadline is the server's
 * (answerDueAt); whether it has passed is told by the clock of the one reading, as the date they see is theirs.
 */
export function deadlinePassedText(answerDueAt: string, serviceName: string, phone: string | null): string {
  const call = phone ? `Ring ${serviceName} på ${formatPhoneNumber(phone)} hvis det haster.` : `Ring ${serviceName} hvis det haster.`
  return `Fristen for svar gikk ut ${formatDate(answerDueAt)}. Tjenesten har ikke svart ennå. ${call}`
}

/** Whether an open thread's answer deadline has passed, by the reader's clock. */
export function deadlinePassed(answerDueAt: string, now: Date = new Date()): boolean {
  return new Date(answerDueAt).getTime() < now.getTime()
}
