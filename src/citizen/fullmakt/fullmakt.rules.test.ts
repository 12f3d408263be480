import { describe, expect, it } from 'vitest'
import { osloMidnight as osloStartOfDay } from '../../platform/time/oslo-time.ts'
import {
  endedAt,
  endingRole,
  type FullmaktParty,
  fullmaktStatus,
  lastDayOf,
  mayChange,
  type NewFullmakt,
  normaliseAreas,
  ORDINARY_FULLMAKT_AREAS,
  refuseNewFullmakt,
  validToFromLastDay,
} from './fullmakt.rules.ts'

const NOW = new Date('2026-11-23T12:00:00+01:00')

const adult = (id: string, over: Partial<FullmaktParty> = {}): FullmaktParty => ({
  id,
  birthDate: '1970-01-01',
  confidentialAddress: false,
  deceased: false,
  ...over,
})

const base: NewFullmakt = {
  kind: 'ordinary',
  giver: adult('giver'),
  proxy: adult('proxy'),
  areas: ['messages'],
  validTo: null,
  duplicatesActive: false,
  now: NOW,
}

describe('refuseNewFullmakt', () => {
  it('accepts an ordinary, open-ended fullmakt between two adults', () => {
    expect(refuseNewFullmakt(base)).toBeNull()
  })

  it.each<[string, Partial<NewFullmakt>, ReturnType<typeof refuseNewFullmakt>]>([
    ['to oneself', { proxy: adult('giver') }, 'self'],
    ['to nobody known', { proxy: null }, 'not-possible'],
    ['from a giver with a confidential address', { giver: adult('giver', { confidentialAddress: true }) }, 'not-possible'],
    ['to a proxy with a confidential address', { proxy: adult('proxy', { confidentialAddress: true }) }, 'not-possible'],
    ['to a deceased proxy', { proxy: adult('proxy', { deceased: true }) }, 'not-possible'],
    ['from a giver aged 14', { giver: adult('giver', { birthDate: '2012-02-10' }) }, 'giver-under-16'],
    ['to a proxy aged 17 (as for nobody known)', { proxy: adult('proxy', { birthDate: '2009-11-24' }) }, 'not-possible'],
    ['with no areas', { areas: [] }, 'no-areas'],
    ['ordinary, covering consents', { areas: ['messages', 'consents'] }, 'consents-personal-only'],
    ['ending before now', { validTo: new Date('2026-11-23T11:00:00+01:00') }, 'valid-to-passed'],
    ['ending now', { validTo: NOW }, 'valid-to-passed'],
    ['ending in 60 years', { validTo: new Date('2086-11-24T00:00:00+01:00') }, 'valid-to-too-far'],
    ['duplicating an active one', { duplicatesActive: true }, 'duplicate'],
  ])('refuses one %s', (_what, change, expected) => {
    expect(refuseNewFullmakt({ ...base, ...change })).toBe(expected)
  })

  it('age limits count from the birthday itself (16 and 18 on the day)', () => {
    expect(refuseNewFullmakt({ ...base, giver: adult('giver', { birthDate: '2010-11-23' }) })).toBeNull()
    expect(refuseNewFullmakt({ ...base, giver: adult('giver', { birthDate: '2010-11-24' }) })).toBe('giver-under-16')
    expect(refuseNewFullmakt({ ...base, proxy: adult('proxy', { birthDate: '2008-11-23' }) })).toBeNull()
  })

  it('an assigned fullmakt may cover consents', () => {
    expect(refuseNewFullmakt({ ...base, kind: 'assigned', areas: ['consents', 'messages'] })).toBeNull()
  })

  it('a confidential address gives the same answer as an unknown person or a minor', () => {
    const young = { birthDate: '2012-01-01', confidentialAddress: true }
    expect(refuseNewFullmakt({ ...base, proxy: adult('proxy', young) })).toBe('not-possible')
    expect(refuseNewFullmakt({ ...base, proxy: adult('proxy', { birthDate: '2012-01-01' }) })).toBe('not-possible')
  })

  it('what is given is judged before the people, so its answer is the same whoever the proxy is', () => {
    for (const proxy of [null, adult('proxy'), adult('proxy', { confidentialAddress: true }), adult('proxy', { birthDate: '2012-01-01' })]) {
      expect(refuseNewFullmakt({ ...base, proxy, areas: ['consents'] })).toBe('consents-personal-only')
      expect(refuseNewFullmakt({ ...base, proxy, validTo: NOW })).toBe('valid-to-passed')
    }
  })

  it('ordinary areas are every area but consents', () => {
    expect(ORDINARY_FULLMAKT_AREAS).not.toContain('consents')
    expect(ORDINARY_FULLMAKT_AREAS).toContain('messages')
    expect(normaliseAreas(['letters', 'messages', 'letters'])).toEqual(['messages', 'letters'])
  })
})

describe('validity dates in Oslo time', () => {
  it('a day starts at local midnight in winter (+01:00) and summer (+02:00)', () => {
    expect(osloStartOfDay('2026-12-31')?.toISOString()).toBe('2026-12-30T23:00:00.000Z')
    expect(osloStartOfDay('2026-07-01')?.toISOString()).toBe('2026-06-30T22:00:00.000Z')
    // The days the clocks change.
    expect(osloStartOfDay('2026-03-29')?.toISOString()).toBe('2026-03-28T23:00:00.000Z')
    expect(osloStartOfDay('2026-10-25')?.toISOString()).toBe('2026-10-24T22:00:00.000Z')
    expect(osloStartOfDay('2026-02-30')).toBeNull()
  })

  it('the last day is included: the fullmakt ends at the next midnight, and reads back as the same day', () => {
    const end = validToFromLastDay('2026-12-31')
    expect(end?.toISOString()).toBe('2026-12-31T23:00:00.000Z')
    expect(lastDayOf(end as Date)).toBe('2026-12-31')
    const summer = validToFromLastDay('2027-06-30') as Date
    expect(summer.toISOString()).toBe('2027-06-30T22:00:00.000Z')
    expect(lastDayOf(summer)).toBe('2027-06-30')
    expect(validToFromLastDay('2026-13-01')).toBeNull()
  })
})

describe('status', () => {
  const from = new Date('2025-01-01T00:00:00+01:00')
  const dates = { validFrom: from, validTo: null, revokedAt: null, replaced: false }

  it('active, then expired when validTo has passed (no job needed: it is read at the time asked)', () => {
    const f = { ...dates, validTo: new Date('2026-12-01T00:00:00+01:00') }
    expect(fullmaktStatus(f, NOW)).toBe('active')
    expect(fullmaktStatus(f, new Date('2026-12-01T00:00:00+01:00'))).toBe('expired')
    expect(endedAt(f, 'expired')).toEqual(f.validTo)
    expect(endedAt(f, 'active')).toBeNull()
  })

  it('revoked, or replaced when a change made a new one', () => {
    const revokedAt = new Date('2026-11-01T10:00:00+01:00')
    expect(fullmaktStatus({ ...dates, revokedAt }, NOW)).toBe('revoked')
    expect(fullmaktStatus({ ...dates, revokedAt, replaced: true }, NOW)).toBe('replaced')
    expect(endedAt({ ...dates, revokedAt }, 'revoked')).toEqual(revokedAt)
    // A revocation in the future (clock skew between writers) has not happened yet.
    expect(fullmaktStatus({ ...dates, revokedAt: new Date('2026-11-24T00:00:00+01:00') }, NOW)).toBe('active')
  })

  it('not yet valid before validFrom', () => {
    expect(fullmaktStatus({ ...dates, validFrom: new Date('2027-01-01T00:00:00+01:00') }, NOW)).toBe('not-yet-valid')
  })
})

describe('who may end or change', () => {
  const f = {
    giverPersonId: 'ingrid',
    proxyPersonId: 'per',
    kind: 'ordinary' as const,
    validFrom: new Date('2025-01-01T00:00:00+01:00'),
    validTo: null,
    revokedAt: null,
    replaced: false,
  }

  it('the giver and the proxy may end a current fullmakt; nobody else, and nobody an ended one', () => {
    expect(endingRole(f, 'ingrid', NOW)).toBe('giver')
    expect(endingRole(f, 'per', NOW)).toBe('proxy')
    expect(endingRole(f, 'kari', NOW)).toBeNull()
    expect(endingRole({ ...f, revokedAt: new Date('2026-01-01T00:00:00+01:00') }, 'ingrid', NOW)).toBeNull()
    expect(endingRole({ ...f, validTo: new Date('2026-01-01T00:00:00+01:00') }, 'per', NOW)).toBeNull()
  })

  it('only the giver changes, only an ordinary one, only while current', () => {
    expect(mayChange(f, 'ingrid', NOW)).toBe(true)
    expect(mayChange(f, 'per', NOW)).toBe(false)
    expect(mayChange({ ...f, kind: 'assigned' }, 'ingrid', NOW)).toBe(false)
    expect(mayChange({ ...f, validTo: new Date('2026-01-01T00:00:00+01:00') }, 'ingrid', NOW)).toBe(false)
  })
})
