// Properties of the whole policy over generated facts: never more than the principal, deny
// unless a rule allows, and no transitivity. The generators draw from small pools of ids and
// from times and ages around the rule boundaries, so relations, collisions and edge cases are
// common.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bornYearsAgo, daysFrom, NOW } from './access.fixtures.ts'
import { decide, representableCitizens } from './access.policy.ts'
import type {
  AccessFacts,
  AccessRequest,
  ActionRequest,
  Actor,
  CareRelation,
  CitizenActor,
  Fullmakt,
  HerIdRequest,
  Operation,
  ParentalRelation,
  PersonFacts,
  ServiceArea,
  StaffActor,
} from './access.types.ts'
import { SERVICE_AREAS, STAFF_ROLES, SYSTEM_SCOPES } from './access.types.ts'
import { meaningfulEmergencyReason } from './staff-access.rules.ts'
import { isActiveAt } from './time.rules.ts'

const PEOPLE = ['p0', 'p1', 'p2', 'p3', 'p4'] as const
const ORGANISATIONS = ['o1', 'o2'] as const
const SERVICES = ['s1', 's2'] as const
const HER_IDS = [81, 82, 83]
const REASONS = ['', '   ', 'akutt', 'Bevisstløs pasient, trenger medisinliste', '..........!!!!!!!!!!'] as const

const HOUR_MS = 60 * 60 * 1000
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR_MS)

const personIdArb = fc.constantFrom(...PEOPLE)
const areaArb = fc.constantFrom(...SERVICE_AREAS)
const operationArb = fc.constantFrom<Operation>('read', 'write')
/** A time within five days of NOW, by the hour, so "exactly now" happens. */
const nearTimeArb = fc.integer({ min: -120, max: 120 }).map(at)
/** Relations mostly started before and end after `now` (which is within three days of NOW). */
const startArb = fc.integer({ min: -240, max: 24 }).map(at)
const endArb = fc.integer({ min: -24, max: 240 }).map(at)
const weighted = <T>(common: T, rare: T) => fc.oneof({ weight: 12, arbitrary: fc.constant(common) }, { weight: 1, arbitrary: fc.constant(rare) })

/** Ages spread over children, teenagers and adults, with birthdays a day or two either side. */
const birthDateArb = fc
  .tuple(fc.oneof(fc.constantFrom(0, 5, 11, 12, 13, 15, 16, 17), fc.constantFrom(18, 19, 40, 85)), fc.integer({ min: -2, max: 2 }), fc.boolean())
  .map(([years, days, asDate]) => {
    const iso = bornYearsAgo(years, days)
    return asDate ? new Date(`${iso}T00:00:00Z`) : iso
  })

const personArb = (id: string): fc.Arbitrary<PersonFacts> =>
  fc.record({
    id: fc.constant(id),
    birthDate: birthDateArb,
    confidentialAddress: weighted(false, true),
    addressKey: fc.constantFrom<string | null>('a1', 'a2', null),
    deceased: weighted<boolean | undefined>(undefined, true),
  })

const personsArb: fc.Arbitrary<Record<string, PersonFacts>> = fc
  .tuple(...PEOPLE.map((id) => fc.option(personArb(id), { freq: 20 })))
  .map((people) => Object.fromEntries(people.flatMap((p) => (p === null ? [] : [[p.id, p]]))))

const fullmaktArb: fc.Arbitrary<Fullmakt> = fc.record({
  id: fc.string({ maxLength: 4 }),
  giverPersonId: personIdArb,
  proxyPersonId: personIdArb,
  kind: fc.constantFrom('ordinary' as const, 'assigned' as const),
  areas: fc.subarray([...SERVICE_AREAS]),
  validFrom: startArb,
  validTo: fc.option(endArb),
  revokedAt: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: nearTimeArb }),
})

const parentalRelationArb: fc.Arbitrary<ParentalRelation> = fc.record({
  parentPersonId: personIdArb,
  childPersonId: personIdArb,
  parentalResponsibility: weighted(true, false),
})

const careRelationArb: fc.Arbitrary<CareRelation> = fc.record({
  patientPersonId: personIdArb,
  organisationId: fc.constantFrom(...ORGANISATIONS),
  serviceId: fc.constantFrom(...SERVICES),
  validFrom: startArb,
  validTo: fc.option(endArb),
})

const factsArb: fc.Arbitrary<AccessFacts> = fc.record({
  now: fc.integer({ min: -72, max: 72 }).map(at),
  persons: personsArb,
  parentalRelations: fc.array(parentalRelationArb, { maxLength: 5 }),
  fullmakter: fc.array(fullmaktArb, { maxLength: 6 }),
  careRelations: fc.array(careRelationArb, { maxLength: 4 }),
})

const citizenArb: fc.Arbitrary<CitizenActor> = personIdArb.map((personId) => ({ kind: 'citizen', personId }))

const actorArb: fc.Arbitrary<Actor> = fc.oneof(
  citizenArb,
  fc.record({
    kind: fc.constant('staff' as const),
    staffId: fc.constant('staff-1'),
    organisationId: fc.constantFrom(...ORGANISATIONS),
    serviceId: fc.constantFrom(...SERVICES),
    roles: fc.subarray([...STAFF_ROLES]),
  }),
  fc.constant({ kind: 'operator' as const, staffId: 'operator-1' }),
  fc.record({
    kind: fc.constant('system' as const),
    clientId: fc.constant('epj-1'),
    organisationId: fc.constantFrom(...ORGANISATIONS),
    scopes: fc.subarray([...Object.values(SYSTEM_SCOPES), 'samband/everything', 'openid']),
  }),
)

const actionRequestArb: fc.Arbitrary<ActionRequest> = fc.oneof(
  fc.record({
    action: fc.constantFrom('citizen-data:read' as const, 'citizen-data:write' as const),
    subjectPersonId: personIdArb,
    area: areaArb,
  }),
  fc.record(
    {
      action: fc.constantFrom('patient-data:read' as const, 'patient-data:write' as const),
      patientPersonId: fc.option(personIdArb, { freq: 8 }),
      emergency: fc.record({ reason: fc.oneof(fc.constantFrom(...REASONS), fc.string()) }),
    },
    { requiredKeys: ['action', 'patientPersonId'] },
  ),
  fc.record(
    {
      action: fc.constantFrom('organisation-resource:read' as const, 'organisation-resource:write' as const),
      organisationId: fc.constantFrom(...ORGANISATIONS),
      serviceId: fc.constantFrom(...SERVICES),
    },
    { requiredKeys: ['action', 'organisationId'] },
  ),
  fc.record({ action: fc.constantFrom('own-affairs:read' as const, 'own-affairs:write' as const), subjectPersonId: personIdArb }),
  fc.record({
    action: fc.constantFrom('service-inbox:read' as const, 'service-inbox:write' as const),
    serviceId: fc.constantFrom(...SERVICES),
    organisationId: fc.option(fc.constantFrom(...ORGANISATIONS), { freq: 6 }),
  }),
  fc.record({
    action: fc.constantFrom('her-id:read' as const, 'her-id:write' as const),
    herIds: fc.subarray(HER_IDS),
    ownedHerIds: fc.subarray(HER_IDS),
    match: fc.constantFrom('all' as const, 'any' as const),
  }),
  fc.constant({ action: 'registry:read' as const }),
  fc.record({ action: fc.constant('registry:write' as const), organisationId: fc.constantFrom(...ORGANISATIONS) }),
  fc.constantFrom({ action: 'governance:read' as const }, { action: 'governance:write' as const }),
  fc.constant({ action: 'platform:administer' as const }),
  fc.constant({ action: 'system-clients:manage' as const }),
)

/** Facts with an (actor, subject) pair of distinct people, often a pair the facts relate. */
const factsWithPairArb: fc.Arbitrary<[AccessFacts, string, string]> = factsArb.chain((f) => {
  const related: [string, string][] = [
    ...f.fullmakter.map((m): [string, string] => [m.proxyPersonId, m.giverPersonId]),
    ...f.parentalRelations.map((r): [string, string] => [r.parentPersonId, r.childPersonId]),
  ].filter(([a, b]) => a !== b)
  const anyPair = fc.tuple(personIdArb, personIdArb).filter(([a, b]) => a !== b)
  const pair = related.length === 0 ? anyPair : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...related) }, anyPair)
  return pair.map(([actorId, subjectId]): [AccessFacts, string, string] => [f, actorId, subjectId])
})

const citizenDataRequest = (actorPersonId: string, subjectPersonId: string, area: ServiceArea, operation: Operation): AccessRequest => ({
  actor: { kind: 'citizen', personId: actorPersonId },
  action: `citizen-data:${operation}`,
  subjectPersonId,
  area,
})

const RUNS = { numRuns: 2000 }

describe('property: never more than the principal', () => {
  it('whatever a proxy or parent may do on P’s data, P may do themselves', () => {
    fc.assert(
      fc.property(factsWithPairArb, areaArb, operationArb, ([f, actorId, principalId], area, op) => {
        const asRepresentative = decide(citizenDataRequest(actorId, principalId, area, op), f)
        if (!asRepresentative.allowed) return
        expect(['parent', 'fullmakt', 'assigned-fullmakt']).toContain(asRepresentative.basis)
        expect(decide(citizenDataRequest(principalId, principalId, area, op), f).allowed).toBe(true)
      }),
      RUNS,
    )
  })
})

/**
 * The explicit allow-list for a world with no persons and no relations: only grants that need
 * no facts. Everything else must be denied.
 */
function allowedWithoutFacts(actor: Actor, request: ActionRequest): boolean {
  switch (actor.kind) {
    case 'citizen':
      return (
        request.action === 'registry:read' ||
        ((request.action === 'citizen-data:read' ||
          request.action === 'citizen-data:write' ||
          request.action === 'own-affairs:read' ||
          request.action === 'own-affairs:write') &&
          request.subjectPersonId === actor.personId)
      )
    case 'staff':
      return staffAllowedWithoutFacts(actor, request)
    case 'operator':
      return ['platform:administer', 'system-clients:manage', 'registry:read', 'registry:write'].includes(request.action)
    case 'system': {
      if (request.action === 'registry:read') return actor.scopes.includes(SYSTEM_SCOPES.registryRead)
      if (request.action === 'organisation-resource:read') {
        return actor.scopes.includes(SYSTEM_SCOPES.organisationRead) && request.organisationId === actor.organisationId
      }
      if (request.action === 'organisation-resource:write') {
        return actor.scopes.includes(SYSTEM_SCOPES.organisationWrite) && request.organisationId === actor.organisationId
      }
      if (request.action === 'service-inbox:read' || request.action === 'service-inbox:write') {
        const scope = request.action === 'service-inbox:read' ? SYSTEM_SCOPES.patientRead : SYSTEM_SCOPES.patientWrite
        return actor.scopes.includes(scope) && request.organisationId === actor.organisationId
      }
      if (request.action === 'her-id:read' || request.action === 'her-id:write') {
        return (actor.scopes.includes(SYSTEM_SCOPES.exchange) || actor.scopes.includes(SYSTEM_SCOPES.nhnMessageApi)) && ownsHerIds(request)
      }
      return false
    }
  }
}

function staffAllowedWithoutFacts(actor: StaffActor, request: ActionRequest): boolean {
  switch (request.action) {
    case 'registry:read':
      return true
    case 'governance:read':
    case 'governance:write':
      return actor.roles.includes('coordinator')
    case 'organisation-resource:read':
      return request.organisationId === actor.organisationId
    case 'organisation-resource:write':
      return request.organisationId === actor.organisationId && (request.serviceId === actor.serviceId || actor.roles.includes('service_admin'))
    case 'patient-data:read':
      return (
        actor.roles.includes('health_personnel') &&
        request.patientPersonId !== null &&
        request.emergency !== undefined &&
        meaningfulEmergencyReason(request.emergency.reason) !== null
      )
    case 'service-inbox:read':
    case 'service-inbox:write':
      return actor.roles.includes('health_personnel') && request.serviceId === actor.serviceId
    case 'her-id:read':
    case 'her-id:write':
      return actor.roles.includes('health_personnel') && ownsHerIds(request)
    default:
      return false
  }
}

/** Acting as every HER-id asked for, or being one of a message's parties. */
function ownsHerIds(request: HerIdRequest): boolean {
  const owned = (h: number) => request.ownedHerIds.includes(h)
  return request.match === 'all' ? request.herIds.length > 0 && request.herIds.every(owned) : request.herIds.some(owned)
}

describe('property: deny unless a rule allows', () => {
  const emptyFacts = (now: Date): AccessFacts => ({ now, persons: {}, parentalRelations: [], fullmakter: [], careRelations: [] })

  it('with empty facts, exactly the fact-free grants are allowed', () => {
    fc.assert(
      fc.property(actorArb, actionRequestArb, nearTimeArb, (actor, request, now) => {
        const decision = decide({ actor, ...request }, emptyFacts(now))
        expect(decision.allowed).toBe(allowedWithoutFacts(actor, request))
        if (decision.allowed) expect(['self', 'role', 'scope', 'emergency-access', 'her-id-party']).toContain(decision.basis)
      }),
      RUNS,
    )
  })

  it('every grant that rests on a relation has that relation in the facts', () => {
    fc.assert(
      fc.property(factsArb, actorArb, actionRequestArb, (f, actor, request) => {
        const decision = decide({ actor, ...request }, f)
        if (!decision.allowed) return
        const active = (from: Date, to: Date | null) => isActiveAt(from, to, f.now)
        switch (decision.basis) {
          case 'self':
            expect(actor.kind === 'citizen' && 'subjectPersonId' in request && request.subjectPersonId === actor.personId).toBe(true)
            break
          case 'fullmakt':
          case 'assigned-fullmakt': {
            if (actor.kind !== 'citizen' || !('area' in request)) throw new Error('fullmakt for a non-citizen')
            const kind = decision.basis === 'fullmakt' ? 'ordinary' : 'assigned'
            const witness = f.fullmakter.some(
              (m) =>
                m.giverPersonId === request.subjectPersonId &&
                m.proxyPersonId === actor.personId &&
                m.kind === kind &&
                m.areas.includes(request.area) &&
                active(m.validFrom, m.validTo) &&
                (m.revokedAt === null || f.now < m.revokedAt),
            )
            expect(witness).toBe(true)
            break
          }
          case 'parent': {
            if (actor.kind !== 'citizen' || !('subjectPersonId' in request)) throw new Error('parent for a non-citizen')
            const witness = f.parentalRelations.some(
              (r) => r.parentPersonId === actor.personId && r.childPersonId === request.subjectPersonId && r.parentalResponsibility,
            )
            expect(witness).toBe(true)
            break
          }
          case 'care-relation': {
            if (!('patientPersonId' in request) || (actor.kind !== 'staff' && actor.kind !== 'system')) {
              throw new Error('care relation outside patient data')
            }
            const witness = f.careRelations.some(
              (c) =>
                c.patientPersonId === request.patientPersonId &&
                c.organisationId === actor.organisationId &&
                (actor.kind === 'system' || c.serviceId === actor.serviceId) &&
                active(c.validFrom, c.validTo),
            )
            expect(witness).toBe(true)
            break
          }
          case 'emergency-access':
            expect(actor.kind).toBe('staff')
            expect(request.action).toBe('patient-data:read')
            expect(decision.flags.emergency).toBe(true)
            break
          case 'role':
          case 'scope':
          case 'her-id-party':
            expect(allowedWithoutFacts(actor, request)).toBe(true)
            break
        }
      }),
      RUNS,
    )
  })

  it('nobody with a confidential address represents or is represented', () => {
    fc.assert(
      fc.property(factsWithPairArb, areaArb, operationArb, ([f, actorId, subjectId], area, op) => {
        fc.pre(f.persons[actorId]?.confidentialAddress === true || f.persons[subjectId]?.confidentialAddress === true)
        expect(decide(citizenDataRequest(actorId, subjectId, area, op), f).allowed).toBe(false)
      }),
      RUNS,
    )
  })

  it('removing relations never grants more', () => {
    const subsetArb = factsArb.chain((f) =>
      fc
        .record({
          parentalRelations: fc.subarray([...f.parentalRelations]),
          fullmakter: fc.subarray([...f.fullmakter]),
          careRelations: fc.subarray([...f.careRelations]),
        })
        .map((fewer) => [f, { ...f, ...fewer }] as const),
    )
    fc.assert(
      fc.property(subsetArb, actorArb, actionRequestArb, ([full, fewer], actor, request) => {
        if (decide({ actor, ...request }, fewer).allowed) {
          expect(decide({ actor, ...request }, full).allowed).toBe(true)
        }
      }),
      RUNS,
    )
  })

  it('representableCitizens lists exactly what decide allows', () => {
    fc.assert(
      fc.property(factsArb, personIdArb, (f, actorId) => {
        const listed = new Map(representableCitizens(actorId, f).map((r) => [r.personId, r]))
        for (const subjectId of PEOPLE) {
          if (subjectId === actorId) {
            expect(listed.has(subjectId)).toBe(false)
            continue
          }
          for (const area of SERVICE_AREAS) {
            for (const op of ['read', 'write'] as const) {
              const allowed = decide(citizenDataRequest(actorId, subjectId, area, op), f).allowed
              expect(listed.get(subjectId)?.[op].includes(area) ?? false).toBe(allowed)
            }
          }
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('property: no transitivity', () => {
  // A chain c0 ← c1 ← … ← ck where c(i+1) represents c(i), each link a valid fullmakt (all
  // areas) or parenthood of a 5-year-old living with the parent, plus unrelated noise.
  type Link = 'fullmakt' | 'parent'
  const chainArb = fc
    .array(fc.constantFrom<Link>('fullmakt', 'parent'), { minLength: 2, maxLength: 5 })
    // A proxy must be an adult, so a fullmakt link is never followed by a child.
    .map((links) => {
      const fixed = [...links]
      for (let i = fixed.length - 2; i >= 0; i--) if (fixed[i + 1] === 'parent') fixed[i] = 'parent'
      return fixed
    })

  function chainFacts(links: readonly Link[], noise: AccessFacts): AccessFacts {
    const ids = Array.from({ length: links.length + 1 }, (_, i) => `c${i}`)
    const address = (i: number): string => (links[i] === 'parent' ? address(i + 1) : `home-c${i}`)
    const persons = ids.map(
      (id, i): PersonFacts => ({
        id,
        birthDate: bornYearsAgo(links[i] === 'parent' ? 5 : 40),
        confidentialAddress: false,
        addressKey: address(i),
      }),
    )
    return {
      now: NOW,
      persons: { ...noise.persons, ...Object.fromEntries(persons.map((p) => [p.id, p])) },
      parentalRelations: [
        ...noise.parentalRelations,
        ...links.flatMap((link, i) => (link === 'parent' ? [{ parentPersonId: `c${i + 1}`, childPersonId: `c${i}`, parentalResponsibility: true }] : [])),
      ],
      fullmakter: [
        ...noise.fullmakter,
        ...links.flatMap((link, i): Fullmakt[] =>
          link === 'fullmakt'
            ? [
                {
                  id: `chain-${i}`,
                  giverPersonId: `c${i}`,
                  proxyPersonId: `c${i + 1}`,
                  kind: 'assigned',
                  areas: [...SERVICE_AREAS],
                  validFrom: daysFrom(NOW, -1),
                  validTo: null,
                  revokedAt: null,
                },
              ]
            : [],
        ),
      ],
      careRelations: noise.careRelations,
    }
  }

  it('a representative of a representative never acts for the first', () => {
    fc.assert(
      fc.property(chainArb, factsArb, areaArb, operationArb, (links, noise, area, op) => {
        const f = chainFacts(links, noise)
        for (let i = 0; i < links.length; i++) {
          // The direct link works (so the chain is real) ...
          expect(decide(citizenDataRequest(`c${i + 1}`, `c${i}`, 'letters', 'read'), f).allowed).toBe(true)
          // ... and nothing further up the chain does.
          for (let j = i + 2; j <= links.length; j++) {
            expect(decide(citizenDataRequest(`c${j}`, `c${i}`, area, op), f)).toEqual({ allowed: false, code: 'no-basis' })
          }
        }
      }),
      { numRuns: 500 },
    )
  })
})
