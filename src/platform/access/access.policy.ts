// The access policy: the one place that answers "may this actor do this to this resource".
// Deny by default: every branch that no rule claims ends in a denial.
import { allow, deny } from './access.decision.ts'
import type {
  AccessDecision,
  AccessFacts,
  AccessRequest,
  ActionRequest,
  Actor,
  CitizenActor,
  Operation,
  Representation,
  RepresentationBasis,
  ServiceArea,
} from './access.types.ts'
import { SERVICE_AREAS } from './access.types.ts'
import { citizenDataForCitizen, ownAffairsForCitizen, REPRESENTATION_BASIS_ORDER } from './citizen-representation.rules.ts'
import { operatorAccess, staffAccess } from './staff-access.rules.ts'
import { systemAccess } from './system-access.rules.ts'

/** May `request.actor` do what `request` asks? Pure: decides only from `facts`, clock included. */
export function decide(request: AccessRequest, facts: AccessFacts): AccessDecision {
  const actor: Actor = request.actor
  switch (actor.kind) {
    case 'citizen':
      return citizenAccess(actor, request, facts)
    case 'staff':
      return staffAccess(actor, request, facts)
    case 'operator':
      return operatorAccess(actor, request)
    case 'system':
      return systemAccess(actor, request, facts)
    default:
      return deny('action-not-permitted')
  }
}

function citizenAccess(actor: CitizenActor, request: ActionRequest, facts: AccessFacts): AccessDecision {
  switch (request.action) {
    case 'citizen-data:read':
    case 'citizen-data:write':
      return citizenDataForCitizen(actor, request, facts)
    case 'own-affairs:read':
    case 'own-affairs:write':
      return ownAffairsForCitizen(actor, request, facts)
    // The address registry is open to everyone authenticated.
    case 'registry:read':
      return allow('role')
    default:
      return deny('action-not-permitted')
  }
}

const OPERATIONS: readonly Operation[] = ['read', 'write']

/**
 * Everyone `actorPersonId` may act for on `now` (default: facts.now), with the bases and the
 * areas, for the citizen home page. It asks `decide` for every area and operation, so the list
 * can never disagree with the decisions themselves. Sorted by person id.
 */
export function representableCitizens(actorPersonId: string, facts: AccessFacts, now: Date = facts.now): Representation[] {
  const at: AccessFacts = { ...facts, now }
  const actor: CitizenActor = { kind: 'citizen', personId: actorPersonId }
  const candidates = new Set<string>([
    ...facts.fullmakter.filter((f) => f.proxyPersonId === actorPersonId).map((f) => f.giverPersonId),
    ...facts.parentalRelations.filter((r) => r.parentPersonId === actorPersonId).map((r) => r.childPersonId),
  ])
  candidates.delete(actorPersonId)

  const result: Representation[] = []
  for (const personId of [...candidates].sort()) {
    const bases = new Set<RepresentationBasis>()
    const granted: Record<Operation, ServiceArea[]> = { read: [], write: [] }
    let reducedParentalRights = false
    for (const area of SERVICE_AREAS) {
      for (const operation of OPERATIONS) {
        const decision = decide({ actor, action: `citizen-data:${operation}`, subjectPersonId: personId, area }, at)
        if (!decision.allowed) continue
        granted[operation].push(area)
        if (decision.basis === 'parent' || decision.basis === 'fullmakt' || decision.basis === 'assigned-fullmakt') {
          bases.add(decision.basis)
        }
        if (decision.flags.reducedParentalRights === true) reducedParentalRights = true
      }
    }
    if (granted.read.length === 0 && granted.write.length === 0) continue
    result.push({
      personId,
      bases: REPRESENTATION_BASIS_ORDER.filter((b) => bases.has(b)),
      read: granted.read,
      write: granted.write,
      reducedParentalRights,
    })
  }
  return result
}
