import type { StaffThreadSummary } from '../api/helsepersonell/service-threads.ts'
import { ApiError } from '../api/http.ts'
import type { MessageService, ThreadSummary } from '../api/innbygger/citizen-messages.ts'
import type { ThreadDetail, ThreadMessage } from '../api/threads.ts'
import type { StatusTag } from '../components/StatusTags.tsx'
import { translate } from '../i18n/texts.ts'
import { formatDate, formatDateTime } from './oslo-time.ts'
import { citizenMessagesTexts as texts } from './citizen-messages.texts.ts'
import { formatPhoneNumber } from './phone.ts'

// Texts for messages between citizens and municipal services, the same on every page that shows them, in the reader's
// language (staff pages are in bokmål).

/** Messages are read when it suits the service: say where to turn when it cannot wait. */
export function emergencyNote(): string {
  return translate(texts, 'emergency')
}

// The server's texts that a citizen page shows, by their bokmål wording (src/citizen/messaging/messaging.rules.ts).
const SERVER_TEXTS: Record<string, 'answerTime' | 'notReceiving' | 'notActivated' | 'agreementEnded' | 'closedForCitizen'> = {
  [texts.catalogues.nb.answerTime]: 'answerTime',
  [texts.catalogues.nb.notReceiving]: 'notReceiving',
  [texts.catalogues.nb.notActivated]: 'notActivated',
  [texts.catalogues.nb.agreementEnded]: 'agreementEnded',
  [texts.catalogues.nb.closedForCitizen]: 'closedForCitizen',
}

/** A text the server sent (a service's answer time, why a message was refused), in the reader's language when known. */
export function serverText(text: string): string {
  const key = SERVER_TEXTS[text]
  return key ? translate(texts, key) : text
}

/**
 * Who wrote a message, under its heading (the service, or the citizen it is from). The municipality always addresses
 * the citizen, so a message a representative wrote names both; a citizen's own message needs no line.
 */
export function citizenByline(message: Pick<ThreadMessage, 'from' | 'authorName' | 'onBehalfOf'>, citizenName: string): string | null {
  if (message.from === 'service') return translate(texts, 'writtenBy', { author: message.authorName })
  if (message.onBehalfOf) return translate(texts, 'writtenByFor', { author: message.authorName, citizen: citizenName })
  return null
}

/** The tags on a thread in the citizen's inbox; colour is never the only signal. */
export function citizenThreadTags(thread: Pick<ThreadSummary, 'status' | 'unreadCount'>): StatusTag[] {
  const tags: StatusTag[] = []
  if (thread.unreadCount > 0) tags.push({ label: translate(texts, 'newMessages', { count: thread.unreadCount }), color: 'info' })
  tags.push(thread.status === 'closed' ? { label: translate(texts, 'closed'), color: 'neutral' } : { label: translate(texts, 'open'), color: 'success' })
  return tags
}

/** The tags on a thread in the service's inbox: what needs doing first. */
export function staffThreadTags(thread: Pick<StaffThreadSummary, 'status' | 'overdue' | 'awaitingAnswer' | 'unreadCount'>): StatusTag[] {
  const tags: StatusTag[] = []
  if (thread.overdue) tags.push({ label: translate(texts, 'overdue'), color: 'danger' })
  if (thread.awaitingAnswer) tags.push({ label: translate(texts, 'awaitingAnswer'), color: 'warning' })
  if (thread.unreadCount > 0) tags.push({ label: translate(texts, 'unread'), color: 'info' })
  if (thread.status === 'closed') tags.push({ label: translate(texts, 'closed'), color: 'neutral' })
  return tags
}

/** "Avsluttes 2. desember 2026" for a service whose municipality has given notice. */
export function serviceEndingText(service: Pick<MessageService, 'endsAt'>): string | null {
  return service.endsAt ? translate(texts, 'serviceEnding', { date: formatDate(service.endsAt) }) : null
}

/**
 * Why a message could not be written in a thread, or the thread not closed: attachments too large, the server's own
 * reason, no access (said differently to a citizen and to staff), or a failure worth trying again.
 */
export function threadProblem(error: unknown, texts: { forbidden: string; fallback: string }): string {
  if (error instanceof ApiError) {
    if (error.status === 413) return tooLargeText()
    if (error.problem?.detail) return serverText(error.problem.detail)
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
      text: translate(texts, 'closedBy', { service: thread.service.name, when, who }),
    }
  }
  if (thread.endsAt) {
    return {
      kind: 'service-ended',
      text: translate(texts, 'serviceEnded', { service: thread.service.name }),
    }
  }
  return { kind: 'other', text: translate(texts, 'cannotReply') }
}

/** What a waiting item says on Min side ("Nytt svar i 1 samtale"); null when there is nothing new of its kind. */
export function waitingText(item: { kind: 'unread-messages'; count: number }): string | null {
  if (item.count === 0) return null
  return translate(texts, 'newAnswers', { count: item.count })
}

/**
 * Whom to call when the answer is late: the service's phone when the page knows it. The deadline is the server's
 * (answerDueAt); whether it has passed is told by the clock of the one reading, as the date they see is theirs.
 */
export function deadlinePassedText(answerDueAt: string, serviceName: string, phone: string | null): string {
  const call = phone
    ? translate(texts, 'callWithPhone', { service: serviceName, phone: formatPhoneNumber(phone) })
    : translate(texts, 'call', { service: serviceName })
  return translate(texts, 'deadlinePassed', { date: formatDate(answerDueAt), call })
}

/** Whether an open thread's answer deadline has passed, by the reader's clock. */
export function deadlinePassed(answerDueAt: string, now: Date = new Date()): boolean {
  return new Date(answerDueAt).getTime() < now.getTime()
}

/** Attachments over what the server takes in one request (413). */
export function tooLargeText(): string {
  return translate(texts, 'tooLarge')
}
