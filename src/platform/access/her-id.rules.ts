// Messages in the exchange belong to communication parties (HER-ids), not to people: an actor reaches a message
// because it sends or receives for one of the message's parties (research/messaging.md, NHN's rule for its API).
import { allow, deny } from './access.decision.ts'
import type { AccessDecision, HerIdRequest } from './access.types.ts'

/** 'all': every asked HER-id is the actor's; 'any': the actor is one of the message's parties. Asking for none gets nothing. */
export function herIdDecision(request: HerIdRequest): AccessDecision {
  const owned = new Set(request.ownedHerIds)
  if (request.match === 'all') {
    return request.herIds.length > 0 && request.herIds.every((h) => owned.has(h)) ? allow('her-id-party') : deny('her-id-not-owned')
  }
  return request.herIds.some((h) => owned.has(h)) ? allow('her-id-party') : deny('not-a-party')
}
