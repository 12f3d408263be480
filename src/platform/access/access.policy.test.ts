import { describe, expect, it } from 'vitest'
import { bornYearsAgo, citizen, daysFrom, facts, fullmakt, NOW, operator, parentOf, person, staff, system } from './access.fixtures.ts'
import { decide, representableCitizens } from './access.policy.ts'
import type { AccessRequest, Actor } from './access.types.ts'
import { SERVICE_AREAS, SYSTEM_SCOPES } from './access.types.ts'

describe('representableCitizens', () => {
  const f = facts({
    persons: [
      person('per', { addressKey: 'home' }),
      person('anna'),
      person('bjorn', { birthDate: bornYearsAgo(82) }),
      person('clara'),
      person('dora', { confidentialAddress: true }),
      person('kari', { birthDate: bornYearsAgo(5), addressKey: 'home' }),
      person('ola', { birthDate: bornYearsAgo(13), addressKey: 'home' }),
      person('eldste', { birthDate: bornYearsAgo(17), addressKey: 'home' }),
      person('siri', { birthDate: bornYearsAgo(8), addressKey: 'mothers-home' }),
      person('tor'),
    ],
    parentalRelations: [
      parentOf('per', 'kari'),
      parentOf('per', 'ola'),
      parentOf('per', 'eldste'),
      // Siri lives with neither parent registered here: nobody represents her.
      parentOf('per', 'siri'),
    ],
    fullmakter: [
      fullmakt('anna', 'per', { areas: ['appointments', 'messages'], validTo: daysFrom(NOW, 10) }),
      fullmakt('bjorn', 'per', { kind: 'assigned', areas: [...SERVICE_AREAS] }),
      fullmakt('clara', 'per', { validTo: daysFrom(NOW, -1) }),
      fullmakt('dora', 'per'),
      // Given by per, not to per; and one per gave himself, which adds nothing.
      fullmakt('per', 'tor'),
      fullmakt('per', 'per'),
    ],
  })

  it('lists whom a citizen may act for, with bases and areas, sorted by person id', () => {
    expect(representableCitizens('per', f)).toEqual([
      { personId: 'anna', bases: ['fullmakt'], read: ['messages', 'appointments'], write: ['messages', 'appointments'], reducedParentalRights: false },
      { personId: 'bjorn', bases: ['assigned-fullmakt'], read: [...SERVICE_AREAS], write: [...SERVICE_AREAS], reducedParentalRights: false },
      { personId: 'kari', bases: ['parent'], read: [...SERVICE_AREAS], write: [...SERVICE_AREAS], reducedParentalRights: false },
      { personId: 'ola', bases: ['parent'], read: ['appointments', 'health-contacts', 'letters'], write: [], reducedParentalRights: true },
    ])
  })

  it('uses the given time instead of facts.now', () => {
    const later = representableCitizens('per', f, daysFrom(NOW, 11)).map((r) => r.personId)
    expect(later).toEqual(['bjorn', 'kari', 'ola'])
  })

  it('lists nobody for a citizen with no relations', () => {
    expect(representableCitizens('ulla', f)).toEqual([])
  })

  it('lists every basis that grants something, strongest first', () => {
    const both = facts({
      persons: [person('per'), person('anna')],
      fullmakter: [fullmakt('anna', 'per', { areas: ['letters'] }), fullmakt('anna', 'per', { id: 'f2', kind: 'assigned', areas: ['consents'] })],
    })
    expect(representableCitizens('per', both)).toEqual([
      {
        personId: 'anna',
        bases: ['assigned-fullmakt', 'fullmakt'],
        read: ['letters', 'consents'],
        write: ['letters', 'consents'],
        reducedParentalRights: false,
      },
    ])
  })
})

describe('deny by default for input outside the types', () => {
  const f = facts({ persons: [person('anna')] })
  const actors: Actor[] = [
    citizen('anna'),
    staff({ roles: ['health_personnel', 'coordinator', 'service_admin'] }),
    operator(),
    system({ scopes: Object.values(SYSTEM_SCOPES) }),
  ]

  it.each(actors)('an unknown action is denied for %j', (actor) => {
    const request = { actor, action: 'everything:delete' } as unknown as AccessRequest
    expect(decide(request, f)).toEqual({ allowed: false, code: 'action-not-permitted' })
  })

  it('an unknown actor kind is denied', () => {
    const request = { actor: { kind: 'robot' }, action: 'registry:read' } as unknown as AccessRequest
    expect(decide(request, f)).toEqual({ allowed: false, code: 'action-not-permitted' })
  })
})
