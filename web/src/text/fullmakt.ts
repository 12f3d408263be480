import type { Fullmakt } from '../api/fullmakter.ts'
import { ApiError } from '../api/http.ts'
import { formatDate, formatDateTime } from './oslo-time.ts'

// Fullmakter in words: validity, kind, how one ended, and the server's refusals.

export function validityText(f: Fullmakt): string {
  return f.lastDay ? `Til og med ${formatDate(f.lastDay)}` : 'Uten sluttdato'
}

export function kindText(f: Fullmakt): string {
  return f.kind === 'assigned' ? 'Tildelt fullmakt' : 'Fullmakt'
}

/** How it ended, for the history: expired on a day, or ended (or replaced) by someone at a time. */
export function endedText(f: Fullmakt): string {
  const when = f.endedAt ? formatDateTime(f.endedAt) : ''
  const who = f.endedBy ? ` av ${f.endedBy.name}${f.endedBy.role === 'staff' ? ' (helsepersonell)' : ''}` : ''
  switch (f.status) {
    case 'expired':
      return f.lastDay ? `Utløpt etter ${formatDate(f.lastDay)}` : 'Utløpt'
    case 'replaced':
      return `Endret ${when}${who}: erstattet av en ny fullmakt`
    case 'revoked':
      return `Avsluttet ${when}${who}`
    default:
      return ''
  }
}

/** The server's refusal as text: its bokmål detail is written for people and never names anyone. */
export function problemText(error: unknown, fallback: string): string {
  if (error instanceof ApiError) {
    if (error.problem?.code === 'invalid-national-id') return 'Fødselsnummeret har feil kontrollsiffer. Sjekk at det er skrevet riktig.'
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
    return {
      heading: 'Du kan ikke gi fullmakt digitalt',
      body: 'Du har fortrolig eller strengt fortrolig adresse. For å beskytte adressen din kan fullmakter ikke gis eller brukes i Samband. Trenger du at noen hjelper deg, kan kommunen din hjelpe deg å finne en løsning.',
    }
  }
  return {
    heading: 'Du kan gi fullmakt når du har fylt 16 år',
    body: 'Den som gir fullmakt, må ha fylt 16 år. Til da kan foreldrene dine hjelpe deg.',
  }
}
