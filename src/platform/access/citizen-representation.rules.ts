// Citizens acting on citizen data: for themselves, with a fullmakt, or as a parent. These are
// Helsenorge's representation rules (research/citizen.md §1.2).
import { allow, deny, operationOf } from './access.decision.ts'
import type {
  AccessDecision,
  AccessDenied,
  AccessFacts,
  CitizenActor,
  CitizenDataRequest,
  DenyCode,
  Fullmakt,
  Operation,
  OwnAffairsRequest,
  ParentalRelation,
  PersonFacts,
  RepresentationBasis,
  ServiceArea,
} from './access.types.ts'
import { SERVICE_AREAS } from './access.types.ts'
import { ageOrNull, isActiveAt } from './time.rules.ts'

/** "Over 16" to give a fullmakt: read as having turned 16, the age parents' access ends. */
export const MIN_FULLMAKT_GIVER_AGE = 16
/** "Over 18" to be a proxy: read as having turned 18 (myndig). */
export const MIN_FULLMAKT_PROXY_AGE = 18
/** Below this age parents with parental responsibility represent the child fully. */
export const FULL_PARENTAL_RIGHTS_BELOW_AGE = 12
/** From this age parents have no access at all. */
export const NO_PARENTAL_RIGHTS_FROM_AGE = 16

/** What parents of a child aged 12–15 may still do: see appointments, health contacts and letters. */
export const REDUCED_PARENTAL_READ_AREAS: readonly ServiceArea[] = ['appointments', 'health-contacts', 'letters']

/** When several bases allow, the decision names the strongest, in this order. */
export const REPRESENTATION_BASIS_ORDER: readonly RepresentationBasis[] = ['assigned-fullmakt', 'fullmakt', 'parent']

// When no basis allows, the denial reports the most telling reason: problems with the people
// before problems with one relation, and a relation that nearly applied last.
const DENIAL_PRECEDENCE: readonly DenyCode[] = [
  'subject-deceased',
  'unknown-person',
  'invalid-facts',
  'confidential-address',
  'giver-under-16',
  'proxy-under-18',
  'child-16-or-older',
  'no-parental-responsibility',
  'no-parent-at-child-address',
  'fullmakt-revoked',
  'fullmakt-expired',
  'fullmakt-not-yet-valid',
  'consents-personal-only',
  'area-not-covered',
  'reduced-parental-rights',
]

export function isServiceArea(value: unknown): value is ServiceArea {
  return typeof value === 'string' && (SERVICE_AREAS as readonly string[]).includes(value)
}

/** A citizen may do anything with their own data, in every area, unless deceased. */
export function selfAccess(subjectPersonId: string, facts: AccessFacts): AccessDecision {
  if (facts.persons[subjectPersonId]?.deceased === true) return deny('subject-deceased')
  return allow('self')
}

/** Nobody with a confidential address represents anyone or is represented by anyone. */
export function confidentialAddressBlocks(actor: PersonFacts, subject: PersonFacts): boolean {
  return actor.confidentialAddress || subject.confidentialAddress
}

type Target = { area: ServiceArea; operation: Operation }

/**
 * One fullmakt, from the subject (giver) to the actor (proxy). Valid while validFrom ≤ now <
 * validTo and not revoked; the giver must be 16 and the proxy 18 at `now`; only the areas it
 * names; an ordinary fullmakt is a helper role and never acts on consents, an assigned one may.
 */
export function fullmaktAccess(fullmakt: Fullmakt, target: Target, facts: AccessFacts): AccessDecision {
  const giver = facts.persons[fullmakt.giverPersonId]
  const proxy = facts.persons[fullmakt.proxyPersonId]
  if (giver === undefined || proxy === undefined) return deny('unknown-person')
  if (fullmakt.revokedAt !== null && !(facts.now.getTime() < fullmakt.revokedAt.getTime())) {
    return deny('fullmakt-revoked')
  }
  if (!(fullmakt.validFrom.getTime() <= facts.now.getTime())) return deny('fullmakt-not-yet-valid')
  if (!isActiveAt(fullmakt.validFrom, fullmakt.validTo, facts.now)) return deny('fullmakt-expired')
  const giverAge = ageOrNull(giver.birthDate, facts.now)
  const proxyAge = ageOrNull(proxy.birthDate, facts.now)
  if (giverAge === null || proxyAge === null) return deny('invalid-facts')
  if (giverAge < MIN_FULLMAKT_GIVER_AGE) return deny('giver-under-16')
  if (proxyAge < MIN_FULLMAKT_PROXY_AGE) return deny('proxy-under-18')
  if (target.area === 'consents' && fullmakt.kind !== 'assigned') return deny('consents-personal-only')
  if (!fullmakt.areas.includes(target.area)) return deny('area-not-covered')
  return allow(fullmakt.kind === 'assigned' ? 'assigned-fullmakt' : 'fullmakt')
}

/**
 * One parent–child relation, parent acting. Needs parental responsibility. Under 12: full
 * rights, but only if at least one parent with responsibility is registered at the child's
 * address (if none is, nobody can represent the child). 12–15: read appointments, health
 * contacts and letters only. From 16: nothing.
 */
export function parentAccess(relation: ParentalRelation, target: Target, facts: AccessFacts): AccessDecision {
  const child = facts.persons[relation.childPersonId]
  const parent = facts.persons[relation.parentPersonId]
  if (child === undefined || parent === undefined) return deny('unknown-person')
  if (!relation.parentalResponsibility) return deny('no-parental-responsibility')
  const age = ageOrNull(child.birthDate, facts.now)
  if (age === null) return deny('invalid-facts')
  if (age >= NO_PARENTAL_RIGHTS_FROM_AGE) return deny('child-16-or-older')
  if (age < FULL_PARENTAL_RIGHTS_BELOW_AGE) {
    return parentWithResponsibilityAtAddress(child, facts) ? allow('parent') : deny('no-parent-at-child-address')
  }
  if (target.operation === 'read' && REDUCED_PARENTAL_READ_AREAS.includes(target.area)) {
    return allow('parent', { reducedParentalRights: true })
  }
  return deny('reduced-parental-rights')
}

/** Whether any parent with parental responsibility shares the child's registered address. */
export function parentWithResponsibilityAtAddress(child: PersonFacts, facts: AccessFacts): boolean {
  if (child.addressKey === null) return false
  return facts.parentalRelations.some(
    (r) => r.childPersonId === child.id && r.parentalResponsibility && facts.persons[r.parentPersonId]?.addressKey === child.addressKey,
  )
}

/**
 * A citizen on citizen data: self, or one of the actor's own relations to the subject.
 * Representation is never transitive (only a fullmakt from the subject to the actor, or the
 * actor's own parenthood of the subject, counts) and never gives more than the subject has.
 */
export function citizenDataForCitizen(actor: CitizenActor, request: CitizenDataRequest, facts: AccessFacts): AccessDecision {
  if (!isServiceArea(request.area)) return deny('unknown-area')
  const subjectId = request.subjectPersonId
  if (actor.personId === subjectId) return selfAccess(subjectId, facts)

  const fullmakter = facts.fullmakter.filter((f) => f.giverPersonId === subjectId && f.proxyPersonId === actor.personId)
  const parenthood = facts.parentalRelations.filter((r) => r.childPersonId === subjectId && r.parentPersonId === actor.personId)
  // No relation at all: say only that, so a denial never reveals facts about strangers.
  if (fullmakter.length === 0 && parenthood.length === 0) return deny('no-basis')

  // Never more than the principal: whatever the subject cannot do, nobody does for them.
  const principal = selfAccess(subjectId, facts)
  if (!principal.allowed) return principal

  const actorPerson = facts.persons[actor.personId]
  const subjectPerson = facts.persons[subjectId]
  if (actorPerson === undefined || subjectPerson === undefined) return deny('unknown-person')
  if (confidentialAddressBlocks(actorPerson, subjectPerson)) return deny('confidential-address')

  const target: Target = { area: request.area, operation: operationOf(request.action) }
  const decisions = [...fullmakter.map((f) => fullmaktAccess(f, target, facts)), ...parenthood.map((r) => parentAccess(r, target, facts))]
  return strongest(decisions)
}

/**
 * A citizen's own affairs: only the citizen, for themselves; a representative is refused as anyone else is. For the
 * citizen the rules of their own data still hold (the deceased act no more).
 */
export function ownAffairsForCitizen(actor: CitizenActor, request: OwnAffairsRequest, facts: AccessFacts): AccessDecision {
  if (actor.personId !== request.subjectPersonId) return deny('self-only')
  return selfAccess(request.subjectPersonId, facts)
}

/** The strongest allowing decision, or the most telling denial. */
function strongest(decisions: readonly AccessDecision[]): AccessDecision {
  for (const basis of REPRESENTATION_BASIS_ORDER) {
    const found = decisions.find((d) => d.allowed && d.basis === basis)
    if (found !== undefined) return found
  }
  const codes = decisions.filter((d): d is AccessDenied => !d.allowed).map((d) => d.code)
  return deny(DENIAL_PRECEDENCE.find((code) => codes.includes(code)) ?? 'no-basis')
}
