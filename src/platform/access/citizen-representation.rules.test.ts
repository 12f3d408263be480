import { describe, expect, it } from 'vitest'
import { bornYearsAgo, citizen, daysFrom, facts, fullmakt, NOW, ORDINARY_AREAS, parentOf, person } from './access.fixtures.ts'
import { decide } from './access.policy.ts'
import type {
  AccessBasis,
  AccessDecision,
  AccessFacts,
  AccessFlags,
  ActionRequest,
  DenyCode,
  Fullmakt,
  Operation,
  PersonFacts,
  ServiceArea,
} from './access.types.ts'
import { SERVICE_AREAS } from './access.types.ts'

type Expected = { basis: AccessBasis; flags?: AccessFlags } | { code: DenyCode }

function expectDecision(decision: AccessDecision, expected: Expected): void {
  if ('code' in expected) {
    expect(decision).toEqual({ allowed: false, code: expected.code })
  } else {
    expect(decision).toEqual({ allowed: true, basis: expected.basis, flags: expected.flags ?? {} })
  }
}

function citizenData(subjectPersonId: string, area: ServiceArea, operation: Operation): ActionRequest {
  return { action: `citizen-data:${operation}`, subjectPersonId, area }
}

function actAs(actorId: string, subjectId: string, area: ServiceArea, operation: Operation, f: AccessFacts) {
  return decide({ actor: citizen(actorId), ...citizenData(subjectId, area, operation) }, f)
}

const allAreaOperations = SERVICE_AREAS.flatMap((area) => (['read', 'write'] as const).map((operation) => [area, operation] as const))

describe('self', () => {
  it.each(allAreaOperations)('a citizen may %s/%s their own data', (area, operation) => {
    expectDecision(actAs('anna', 'anna', area, operation, facts({ persons: [person('anna')] })), { basis: 'self' })
  })

  it.each<[string, PersonFacts[], Expected]>([
    ['known and alive', [person('anna')], { basis: 'self' }],
    ['not in the facts (no lookup needed for oneself)', [], { basis: 'self' }],
    ['with a confidential address', [person('anna', { confidentialAddress: true })], { basis: 'self' }],
    ['a child of 5', [person('anna', { birthDate: bornYearsAgo(5) })], { basis: 'self' }],
    ['deceased', [person('anna', { deceased: true })], { code: 'subject-deceased' }],
  ])('%s', (_, persons, expected) => {
    expectDecision(actAs('anna', 'anna', 'messages', 'write', facts({ persons })), expected)
  })

  it('denies an area outside the enum, even for oneself', () => {
    const request = { actor: citizen('anna'), action: 'citizen-data:read', subjectPersonId: 'anna', area: 'journal' }
    expectDecision(decide(request as never, facts({ persons: [person('anna')] })), { code: 'unknown-area' })
  })
})

describe('fullmakt (anna gives, per is the proxy)', () => {
  const anna = person('anna')
  const per = person('per', { birthDate: bornYearsAgo(45) })
  const allAreas = [...SERVICE_AREAS]

  it.each<[string, Partial<Fullmakt>, ServiceArea, Operation, Expected, PersonFacts[]?]>([
    ['reads an area it covers', {}, 'messages', 'read', { basis: 'fullmakt' }],
    ['writes an area it covers', {}, 'messages', 'write', { basis: 'fullmakt' }],
    ['covers only its areas', { areas: ['appointments'] }, 'messages', 'read', { code: 'area-not-covered' }],
    ['covers its one area', { areas: ['appointments'] }, 'appointments', 'write', { basis: 'fullmakt' }],
    ['with no areas covers nothing', { areas: [] }, 'appointments', 'read', { code: 'area-not-covered' }],
    // Consents and reservations are the citizen's own: an ordinary fullmakt is a helper role.
    ['ordinary never reads consents', { areas: allAreas }, 'consents', 'read', { code: 'consents-personal-only' }],
    ['ordinary never writes consents', { areas: allAreas }, 'consents', 'write', { code: 'consents-personal-only' }],
    ['assigned writes consents', { kind: 'assigned', areas: allAreas }, 'consents', 'write', { basis: 'assigned-fullmakt' }],
    ['assigned reads messages', { kind: 'assigned', areas: allAreas }, 'messages', 'read', { basis: 'assigned-fullmakt' }],
    ['assigned is still limited to its areas', { kind: 'assigned' }, 'consents', 'write', { code: 'area-not-covered' }],
    // Validity: validFrom ≤ now < validTo, not revoked.
    ['valid from exactly now', { validFrom: NOW }, 'messages', 'read', { basis: 'fullmakt' }],
    ['not yet valid', { validFrom: daysFrom(NOW, 1 / 86_400_000) }, 'messages', 'read', { code: 'fullmakt-not-yet-valid' }],
    ['valid to exactly now (exclusive)', { validTo: NOW }, 'messages', 'read', { code: 'fullmakt-expired' }],
    ['valid to one millisecond from now', { validTo: daysFrom(NOW, 1 / 86_400_000) }, 'messages', 'read', { basis: 'fullmakt' }],
    ['expired last week', { validTo: daysFrom(NOW, -7) }, 'messages', 'read', { code: 'fullmakt-expired' }],
    ['revoked now', { revokedAt: NOW }, 'messages', 'read', { code: 'fullmakt-revoked' }],
    ['revoked yesterday', { revokedAt: daysFrom(NOW, -1) }, 'messages', 'read', { code: 'fullmakt-revoked' }],
    ['revocation that takes effect tomorrow', { revokedAt: daysFrom(NOW, 1) }, 'messages', 'read', { basis: 'fullmakt' }],
    // Ages at now: giver 16, proxy 18.
    ['giver 16 today', {}, 'messages', 'read', { basis: 'fullmakt' }, [person('anna', { birthDate: bornYearsAgo(16) }), per]],
    ['giver turns 16 tomorrow', {}, 'messages', 'read', { code: 'giver-under-16' }, [person('anna', { birthDate: bornYearsAgo(16, 1) }), per]],
    ['proxy 18 today', {}, 'messages', 'read', { basis: 'fullmakt' }, [anna, person('per', { birthDate: bornYearsAgo(18) })]],
    ['proxy turns 18 tomorrow', {}, 'messages', 'read', { code: 'proxy-under-18' }, [anna, person('per', { birthDate: bornYearsAgo(18, 1) })]],
    // Confidential address on either side ends representation.
    ['giver has a confidential address', {}, 'messages', 'read', { code: 'confidential-address' }, [person('anna', { confidentialAddress: true }), per]],
    ['proxy has a confidential address', {}, 'messages', 'read', { code: 'confidential-address' }, [anna, person('per', { confidentialAddress: true })]],
    // Never more than the principal.
    ['giver is deceased', {}, 'messages', 'read', { code: 'subject-deceased' }, [person('anna', { deceased: true }), per]],
    // Facts the policy cannot check deny.
    ['giver is not in the facts', {}, 'messages', 'read', { code: 'unknown-person' }, [per]],
    ['proxy is not in the facts', {}, 'messages', 'read', { code: 'unknown-person' }, [anna]],
    ['proxy has an invalid birth date', {}, 'messages', 'read', { code: 'invalid-facts' }, [anna, person('per', { birthDate: 'unknown' })]],
  ])('%s', (_, overrides, area, operation, expected, persons = [anna, per]) => {
    const f = facts({ persons, fullmakter: [fullmakt('anna', 'per', overrides)] })
    expectDecision(actAs('per', 'anna', area, operation, f), expected)
  })

  it.each(ORDINARY_AREAS.flatMap((area) => (['read', 'write'] as const).map((op) => [area, op] as const)))(
    'an ordinary fullmakt over all helper areas allows %s/%s',
    (area, operation) => {
      const f = facts({ persons: [anna, per], fullmakter: [fullmakt('anna', 'per')] })
      expectDecision(actAs('per', 'anna', area, operation, f), { basis: 'fullmakt' })
    },
  )

  it.each<[string, Fullmakt[], ServiceArea, Expected]>([
    [
      'assigned wins over ordinary when both allow',
      [fullmakt('anna', 'per'), fullmakt('anna', 'per', { id: 'f2', kind: 'assigned' })],
      'messages',
      { basis: 'assigned-fullmakt' },
    ],
    [
      'an active one wins over an expired one',
      [fullmakt('anna', 'per', { validTo: daysFrom(NOW, -1) }), fullmakt('anna', 'per', { id: 'f2' })],
      'messages',
      { basis: 'fullmakt' },
    ],
    [
      'revoked is reported before expired',
      [fullmakt('anna', 'per', { validTo: daysFrom(NOW, -1) }), fullmakt('anna', 'per', { id: 'f2', revokedAt: NOW })],
      'messages',
      { code: 'fullmakt-revoked' },
    ],
    ['a fullmakt to someone else gives per nothing', [fullmakt('anna', 'ola')], 'messages', { code: 'no-basis' }],
    ['a fullmakt per gave anna does not work backwards', [fullmakt('per', 'anna')], 'messages', { code: 'no-basis' }],
  ])('%s', (_, fullmakter, area, expected) => {
    const f = facts({ persons: [anna, per, person('ola')], fullmakter })
    expectDecision(actAs('per', 'anna', area, 'read', f), expected)
  })
})

describe('parents (mor and far, child kari)', () => {
  type Scenario = {
    childAge?: [years: number, days?: number]
    child?: Partial<PersonFacts>
    mor?: Partial<PersonFacts>
    far?: Partial<PersonFacts>
    morResponsibility?: boolean
    farResponsibility?: boolean
  }

  // By default kari lives with mor; far lives elsewhere; both have parental responsibility.
  function family(s: Scenario): AccessFacts {
    const [years, days] = s.childAge ?? [5, 0]
    return facts({
      persons: [
        person('kari', { birthDate: bornYearsAgo(years, days), addressKey: 'home', ...s.child }),
        person('mor', { addressKey: 'home', ...s.mor }),
        person('far', { addressKey: 'elsewhere', ...s.far }),
      ],
      parentalRelations: [parentOf('mor', 'kari', s.morResponsibility ?? true), parentOf('far', 'kari', s.farResponsibility ?? true)],
    })
  }

  const reduced: Expected = { basis: 'parent', flags: { reducedParentalRights: true } }

  it.each<[string, Scenario, 'mor' | 'far', ServiceArea, Operation, Expected]>([
    // Under 12: full rights, if one parent with responsibility lives at the child's address.
    ['under 12, parent at the address writes messages', {}, 'mor', 'messages', 'write', { basis: 'parent' }],
    ['under 12, the other parent may too', {}, 'far', 'messages', 'write', { basis: 'parent' }],
    ['under 12, parent acts on consents', {}, 'mor', 'consents', 'write', { basis: 'parent' }],
    ['under 12, no parent at the address: nobody (mor)', { mor: { addressKey: 'flat' } }, 'mor', 'messages', 'read', { code: 'no-parent-at-child-address' }],
    ['under 12, no parent at the address: nobody (far)', { mor: { addressKey: 'flat' } }, 'far', 'messages', 'read', { code: 'no-parent-at-child-address' }],
    [
      'under 12, only a parent without responsibility at the address',
      { morResponsibility: false },
      'far',
      'messages',
      'read',
      { code: 'no-parent-at-child-address' },
    ],
    [
      'under 12, child has no registered address',
      { child: { addressKey: null }, mor: { addressKey: null } },
      'mor',
      'messages',
      'read',
      { code: 'no-parent-at-child-address' },
    ],
    ['without parental responsibility', { farResponsibility: false }, 'far', 'messages', 'read', { code: 'no-parental-responsibility' }],
    ['11, turning 12 tomorrow: still full rights', { childAge: [12, 1] }, 'mor', 'messages', 'write', { basis: 'parent' }],
    // 12–15: read appointments, health contacts and letters; nothing else.
    ['12 today: no sending messages', { childAge: [12] }, 'mor', 'messages', 'write', { code: 'reduced-parental-rights' }],
    ['12: no reading messages', { childAge: [12] }, 'mor', 'messages', 'read', { code: 'reduced-parental-rights' }],
    ['12: reads appointments', { childAge: [12] }, 'mor', 'appointments', 'read', reduced],
    ['12: reads health contacts', { childAge: [12] }, 'mor', 'health-contacts', 'read', reduced],
    ['12: reads letters', { childAge: [12] }, 'mor', 'letters', 'read', reduced],
    ['12: does not book or cancel appointments', { childAge: [12] }, 'mor', 'appointments', 'write', { code: 'reduced-parental-rights' }],
    ['12: does not read forms', { childAge: [12] }, 'mor', 'forms', 'read', { code: 'reduced-parental-rights' }],
    ['12: does not read consents', { childAge: [12] }, 'mor', 'consents', 'read', { code: 'reduced-parental-rights' }],
    ['12: does not read the access log', { childAge: [12] }, 'mor', 'access-log', 'read', { code: 'reduced-parental-rights' }],
    ['12: the address rule is for under-12s only', { childAge: [12], mor: { addressKey: 'flat' } }, 'far', 'appointments', 'read', reduced],
    ['15, turning 16 tomorrow: still reduced rights', { childAge: [16, 1] }, 'far', 'appointments', 'read', reduced],
    [
      '12–15 still needs parental responsibility',
      { childAge: [14], farResponsibility: false },
      'far',
      'appointments',
      'read',
      { code: 'no-parental-responsibility' },
    ],
    // From 16: nothing.
    ['16 today: no parental access', { childAge: [16] }, 'mor', 'appointments', 'read', { code: 'child-16-or-older' }],
    ['an adult child', { childAge: [30] }, 'mor', 'letters', 'read', { code: 'child-16-or-older' }],
    // Confidential address, on either side.
    ['child with a confidential address', { child: { confidentialAddress: true } }, 'mor', 'messages', 'read', { code: 'confidential-address' }],
    ['parent with a confidential address', { mor: { confidentialAddress: true } }, 'mor', 'messages', 'read', { code: 'confidential-address' }],
    ['the other parent, not confidential, still may', { mor: { confidentialAddress: true } }, 'far', 'messages', 'read', { basis: 'parent' }],
    ['deceased child', { child: { deceased: true } }, 'mor', 'letters', 'read', { code: 'subject-deceased' }],
    ['child with an invalid birth date', { child: { birthDate: '2020-02-30' } }, 'mor', 'letters', 'read', { code: 'invalid-facts' }],
  ])('%s', (_, scenario, parent, area, operation, expected) => {
    expectDecision(actAs(parent, 'kari', area, operation, family(scenario)), expected)
  })

  it('denies when the child is not in the facts', () => {
    const f = facts({ persons: [person('mor')], parentalRelations: [parentOf('mor', 'kari')] })
    expectDecision(actAs('mor', 'kari', 'messages', 'read', f), { code: 'unknown-person' })
  })

  it('a child never acts for a parent through the parental relation', () => {
    expectDecision(actAs('kari', 'mor', 'messages', 'read', family({ childAge: [17] })), { code: 'no-basis' })
  })
})

describe('no transitivity, no strangers', () => {
  const adults = ['anna', 'per', 'ola', 'mormor', 'mor'].map((id) => person(id))
  const kari = person('kari', { birthDate: bornYearsAgo(5), addressKey: 'address-mor' })

  it.each<[string, AccessFacts, string, string]>([
    [
      'fullmakt anna→per→ola: ola cannot act for anna',
      facts({ persons: adults, fullmakter: [fullmakt('anna', 'per'), fullmakt('per', 'ola')] }),
      'ola',
      'anna',
    ],
    [
      'mormor→mor→kari: a grandparent is not a parent',
      facts({ persons: [...adults, kari], parentalRelations: [parentOf('mormor', 'mor'), parentOf('mor', 'kari')] }),
      'mormor',
      'kari',
    ],
    [
      "a parent's proxy cannot act for the child",
      facts({ persons: [...adults, kari], parentalRelations: [parentOf('mor', 'kari')], fullmakter: [fullmakt('mor', 'per')] }),
      'per',
      'kari',
    ],
    ['a stranger with no relation', facts({ persons: adults }), 'per', 'anna'],
    // A denial never tells a stranger about the subject's confidential address or death.
    ['a stranger, subject with a confidential address', facts({ persons: [person('anna', { confidentialAddress: true }), person('per')] }), 'per', 'anna'],
    ['a stranger, subject deceased', facts({ persons: [person('anna', { deceased: true }), person('per')] }), 'per', 'anna'],
  ])('%s', (_, f, actorId, subjectId) => {
    for (const [area, operation] of allAreaOperations) {
      expectDecision(actAs(actorId, subjectId, area, operation, f), { code: 'no-basis' })
    }
  })
})

describe('citizens on other actions', () => {
  it.each<[ActionRequest, Expected]>([
    [{ action: 'registry:read' }, { basis: 'role' }],
    [{ action: 'patient-data:read', patientPersonId: 'anna' }, { code: 'action-not-permitted' }],
    [{ action: 'patient-data:write', patientPersonId: 'anna' }, { code: 'action-not-permitted' }],
    [{ action: 'organisation-resource:read', organisationId: 'org-tonsberg' }, { code: 'action-not-permitted' }],
    [{ action: 'registry:write', organisationId: 'org-tonsberg' }, { code: 'action-not-permitted' }],
    [{ action: 'governance:read' }, { code: 'action-not-permitted' }],
    [{ action: 'governance:write' }, { code: 'action-not-permitted' }],
    [{ action: 'platform:administer' }, { code: 'action-not-permitted' }],
    [{ action: 'system-clients:manage' }, { code: 'action-not-permitted' }],
  ])('%j → %j', (request, expected) => {
    expectDecision(decide({ actor: citizen('anna'), ...request }, facts({ persons: [person('anna')] })), expected)
  })
})
