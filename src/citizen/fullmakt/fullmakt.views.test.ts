import { describe, expect, it } from 'vitest'
import type { FullmaktRecord } from './fullmakt.repository.ts'
import { toFullmaktLists, toFullmaktView } from './fullmakt.views.ts'

const NOW = new Date('2026-11-23T12:00:00+01:00')
const ingrid = { id: 'ingrid', name: 'Ingrid Berg', birthDate: '1938-09-03' }
const per = { id: 'per', name: 'Per Berg', birthDate: '1966-11-30' }
const kari = { id: 'kari', name: 'Kari Nordmann', birthDate: '1985-03-14' }

const record = (over: Partial<FullmaktRecord>): FullmaktRecord => ({
  id: 'f',
  kind: 'ordinary',
  giver: ingrid,
  proxy: per,
  areas: ['messages'],
  validFrom: new Date('2025-01-01T00:00:00+01:00'),
  validTo: null,
  revokedAt: null,
  revokedBy: null,
  replacesId: null,
  replacedById: null,
  registeredBy: null,
  ...over,
})

describe('toFullmaktView', () => {
  it('names who ended it by role, seen from either party', () => {
    const byProxy = record({ revokedAt: new Date('2026-11-01T10:00:00+01:00'), revokedBy: { kind: 'person', id: 'per', name: 'Per Berg' } })
    expect(toFullmaktView(byProxy, 'ingrid', NOW)).toMatchObject({ direction: 'given', status: 'revoked', endedBy: { role: 'proxy', name: 'Per Berg' } })
    expect(toFullmaktView(byProxy, 'per', NOW)).toMatchObject({ direction: 'received' })
    const byStaff = record({ revokedAt: new Date('2026-11-01T10:00:00+01:00'), revokedBy: { kind: 'staff', id: 's', name: 'Tor Tangen' } })
    expect(toFullmaktView(byStaff, 'ingrid', NOW).endedBy).toEqual({ role: 'staff', name: 'Tor Tangen' })
  })

  it('an expiry is ended by nobody, and its last day is the day before the end instant (Oslo)', () => {
    const expired = toFullmaktView(record({ validTo: new Date('2026-11-01T00:00:00+01:00') }), 'ingrid', NOW)
    expect(expired).toMatchObject({ status: 'expired', endedBy: null, lastDay: '2026-10-31', endedAt: '2026-10-31T23:00:00.000Z' })
  })
})

describe('toFullmaktLists', () => {
  it('sorts current ones into given and received, and the rest into the history, most recently ended first', () => {
    const lists = toFullmaktLists(
      [
        record({ id: 'given', proxy: kari }),
        record({ id: 'received', giver: kari, proxy: ingrid }),
        record({ id: 'old', validTo: new Date('2026-01-01T00:00:00+01:00') }),
        record({
          id: 'replaced',
          revokedAt: new Date('2026-06-01T00:00:00+02:00'),
          replacedById: 'given',
          revokedBy: { kind: 'person', id: 'ingrid', name: 'Ingrid Berg' },
        }),
      ],
      'ingrid',
      NOW,
    )
    expect(lists.given.map((f) => f.id)).toEqual(['given'])
    expect(lists.received.map((f) => f.id)).toEqual(['received'])
    expect(lists.history.map((f) => [f.id, f.status])).toEqual([
      ['replaced', 'replaced'],
      ['old', 'expired'],
    ])
  })
})
