import { describe, expect, it } from 'vitest'
import type { Fullmakt } from '../api/fullmakter.ts'
import { ApiError } from '../api/http.ts'
import { endedText, fieldOfProblem, problemText, validityText } from './fullmakt.ts'

const f = (over: Partial<Fullmakt>): Fullmakt => ({
  id: 'f1',
  kind: 'ordinary',
  direction: 'given',
  giver: { id: 'g', name: 'Ingrid Berg', birthDate: '1938-09-03' },
  proxy: { id: 'p', name: 'Per Berg', birthDate: '1966-11-30' },
  areas: ['messages'],
  validFrom: '2026-11-23T11:00:00.000Z',
  validTo: null,
  lastDay: null,
  status: 'active',
  endedAt: null,
  endedBy: null,
  replacesId: null,
  replacedById: null,
  registeredBy: null,
  ...over,
})

describe('fullmakt texts', () => {
  it('validity: open-ended or through a day', () => {
    expect(validityText(f({}))).toBe('Uten sluttdato')
    expect(validityText(f({ lastDay: '2026-12-31' }))).toBe('Til og med 31. desember 2026')
  })

  it('how it ended: expired, ended by someone, replaced by a change', () => {
    expect(endedText(f({ status: 'expired', lastDay: '2026-12-31' }))).toBe('Utløpt etter 31. desember 2026')
    const at = '2026-11-23T11:15:00.000Z'
    expect(endedText(f({ status: 'revoked', endedAt: at, endedBy: { role: 'proxy', name: 'Per Berg' } }))).toMatch(/^Avsluttet 23\. nov\. 2026.* av Per Berg$/)
    expect(endedText(f({ status: 'revoked', endedAt: at, endedBy: { role: 'staff', name: 'Tor Tangen' } }))).toMatch(/av Tor Tangen \(helsepersonell\)$/)
    expect(endedText(f({ status: 'replaced', endedAt: at, endedBy: { role: 'giver', name: 'Ingrid Berg' } }))).toMatch(/erstattet av en ny fullmakt$/)
  })

  it('the server’s refusals: its detail, a national id typo in plain words, and the field it concerns', () => {
    const typo = new ApiError(422, { code: 'invalid-national-id', detail: 'x', errors: [{ path: 'body.proxyNationalId', message: 'ugyldige kontrollsiffer' }] })
    expect(problemText(typo, 'fallback')).toMatch(/kontrollsiffer/)
    expect(fieldOfProblem(typo)).toBe('proxy')
    const conflict = new ApiError(409, { code: 'conflict', detail: 'Personen har allerede en fullmakt fra deg.' })
    expect(problemText(conflict, 'fallback')).toBe('Personen har allerede en fullmakt fra deg.')
    expect(fieldOfProblem(conflict)).toBeNull()
    expect(problemText(new Error('network'), 'fallback')).toBe('fallback')
  })
})
