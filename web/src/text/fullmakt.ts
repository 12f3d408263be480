import type { Fullmakt } from '../api/fullmakter.ts'
import { ApiError } from '../api/http.ts'
import { translate } from '../i18n/texts.ts'
import { fullmaktTexts as texts } from './fullmakt.texts.ts'
import { formatDate, formatDateTime } from './oslo-time.ts'

// Fullmakter in words, in the reader's language (staff pages are in bokmål): validity, kind, how one ended, and the
// server's refusals.

export function validityText(f: Fullmakt): string {
  return f.lastDay ? translate(texts, 'until', { date: formatDate(f.lastDay) }) : translate(texts, 'noEndDate')
}

export function kindText(f: Fullmakt): string {
  return f.kind === 'assigned' ? translate(texts, 'assigned') : translate(texts, 'ordinary')
}

/** How it ended, for the history: expired on a day, or ended (or replaced) by someone at a time. */
export function endedText(f: Fullmakt): string {
  const when = f.endedAt ? formatDateTime(f.endedAt) : ''
  const who = f.endedBy ? translate(texts, f.endedBy.role === 'staff' ? 'endedByStaff' : 'endedBy', { name: f.endedBy.name }) : null
  switch (f.status) {
    case 'expired':
      return f.lastDay ? translate(texts, 'expiredAfter', { date: formatDate(f.lastDay) }) : translate(texts, 'expired')
    case 'replaced':
      return who ? translate(texts, 'replacedBy', { when, who }) : translate(texts, 'replaced', { when })
    case 'revoked':
      return who ? translate(texts, 'revokedBy', { when, who }) : translate(texts, 'revoked', { when })
    default:
      return ''
  }
}

/** The server's refusal as text: its bokmål detail is written for people and never names anyone. */
export function problemText(error: unknown, fallback: string): string {
  if (error instanceof ApiError) {
    if (error.problem?.code === 'invalid-national-id') return translate(texts, 'invalidNationalId')
    if (error.problem?.detail) return error.problem.detail
  }
  return fallback
}

/** Which of the form's fields the server's problem points at. */
export function fieldOfProblem(error: unknown): 'proxy' | 'giver' | 'areas' | 'validTo' | null {
  if (!(error instanceof ApiError)) return null
  const path = error.problem?.errors?.[0]?.path ?? ''
  if (path.endsWith('proxyNationalId')) return 'proxy'
  if (path.endsWith('giverNationalId')) return 'giver'
  if (path.endsWith('areas')) return 'areas'
  if (path.endsWith('validTo')) return 'validTo'
  return null
}

/**
 * Why the form to give a fullmakt is not offered, told only to the person it is about. A confidential address protects
 * where she lives: linking anyone to her through a fullmakt would undo that, so the municipality helps instead.
 */
export function cannotGiveText(reason: 'confidential-address' | 'under-16'): { heading: string; body: string } {
  if (reason === 'confidential-address') {
    return { heading: translate(texts, 'confidentialHeading'), body: translate(texts, 'confidentialBody') }
  }
  return { heading: translate(texts, 'under16Heading'), body: translate(texts, 'under16Body') }
}
