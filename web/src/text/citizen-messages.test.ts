import { describe, expect, test } from 'vitest'
import { ApiError } from '../api/http.ts'
import { citizenByline, citizenThreadTags, replyBlockedReason, serviceEndingText, staffThreadTags, threadProblem } from './citizen-messages.ts'

const service = { id: 's1', name: 'Hjemmesykepleie', organisationName: 'Tønsberg kommune' }

describe('citizenByline', () => {
  test('a representative is named together with the person written for', () => {
    expect(citizenByline({ from: 'citizen', authorName: 'Per Berg', onBehalfOf: true }, 'Ingrid Berg')).toBe('Skrevet av Per Berg på vegne av Ingrid Berg')
    expect(citizenByline({ from: 'citizen', authorName: 'Ingrid Berg', onBehalfOf: false }, 'Ingrid Berg')).toBeNull()
    expect(citizenByline({ from: 'service', authorName: 'Lise Lund', onBehalfOf: false }, 'Ingrid Berg')).toBe('Skrevet av Lise Lund')
  })
})

describe('thread tags', () => {
  test('the citizen sees new messages and whether the thread is open', () => {
    expect(citizenThreadTags({ status: 'open', unreadCount: 0 }).map((t) => t.label)).toEqual(['Åpen'])
    expect(citizenThreadTags({ status: 'open', unreadCount: 1 }).map((t) => t.label)).toEqual(['1 ny melding', 'Åpen'])
    expect(citizenThreadTags({ status: 'closed', unreadCount: 2 }).map((t) => t.label)).toEqual(['2 nye meldinger', 'Avsluttet'])
  })

  test('staff see overdue before awaiting an answer', () => {
    expect(staffThreadTags({ status: 'open', overdue: true, awaitingAnswer: true, unreadCount: 1 }).map((t) => t.label)).toEqual([
      'Forfalt',
      'Venter på svar',
      'Ulest',
    ])
    expect(staffThreadTags({ status: 'closed', overdue: false, awaitingAnswer: false, unreadCount: 0 }).map((t) => t.label)).toEqual(['Avsluttet'])
  })
})

describe('serviceEndingText', () => {
  test('names the end date in Norwegian time', () => {
    expect(serviceEndingText({ endsAt: '2026-12-02T00:00:00+01:00' })).toBe('Avsluttes 2. desember 2026')
    expect(serviceEndingText({ endsAt: null })).toBeNull()
  })
})

describe('replyBlockedReason', () => {
  test('a closed thread: start a new one', () => {
    const reason = replyBlockedReason({ status: 'closed', closedAt: '2026-11-23T10:00:00Z', closedByName: 'Lise Lund', endsAt: null, service })
    expect(reason.kind).toBe('closed')
    expect(reason.text).toBe(
      'Hjemmesykepleie avsluttet denne samtalen 23. nov. 2026, 11:00 (Lise Lund). Du kan ikke svare her. Vil du skrive mer, kan du starte en ny melding.',
    )
  })

  test('an open thread the server refuses answers in, with an end date: the service has left Samband', () => {
    expect(replyBlockedReason({ status: 'open', closedAt: null, closedByName: null, endsAt: '2026-11-02T00:00:00+01:00', service }).kind).toBe('service-ended')
    expect(replyBlockedReason({ status: 'open', closedAt: null, closedByName: null, endsAt: null, service }).kind).toBe('other')
  })
})

describe('threadProblem', () => {
  const texts = { forbidden: 'Ingen tilgang.', fallback: 'Prøv igjen.' }
  test.each([
    [new ApiError(413, null), 'Vedleggene er for store til å sendes. Fjern noen og prøv igjen.'],
    [
      new ApiError(409, { type: 'about:blank', title: 'Conflict', status: 409, code: 'thread-closed', detail: 'Samtalen er avsluttet.' }),
      'Samtalen er avsluttet.',
    ],
    [new ApiError(403, null), 'Ingen tilgang.'],
    [new ApiError(500, null), 'Prøv igjen.'],
    [new TypeError('Failed to fetch'), 'Prøv igjen.'],
  ])('%s', (error, expected) => {
    expect(threadProblem(error, texts)).toBe(expected)
  })
})
