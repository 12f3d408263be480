// System clients (EPJ and other systems, OAuth2 client credentials). Each action needs its
// scope, and a client is bound to one organisation: it sees patient data only where that
// organisation has a care relation with the patient, and only its own organisation's resources.
import { allow, deny } from './access.decision.ts'
import type { AccessDecision, AccessFacts, ActionName, ActionRequest, SystemActor, SystemScope } from './access.types.ts'
import { SYSTEM_SCOPES } from './access.types.ts'
import { herIdDecision } from './her-id.rules.ts'
import { isActiveAt } from './time.rules.ts'

/** The scopes each action needs, any one of them; actions not listed are never open to systems. */
export const SYSTEM_SCOPE_FOR_ACTION: Readonly<Partial<Record<ActionName, readonly SystemScope[]>>> = {
  'registry:read': [SYSTEM_SCOPES.registryRead],
  'address-registry:read': [SYSTEM_SCOPES.registryRead],
  'patient-data:read': [SYSTEM_SCOPES.patientRead],
  'patient-data:write': [SYSTEM_SCOPES.patientWrite],
  'service-inbox:read': [SYSTEM_SCOPES.patientRead],
  'service-inbox:write': [SYSTEM_SCOPES.patientWrite],
  'organisation-resource:read': [SYSTEM_SCOPES.organisationRead],
  'organisation-resource:write': [SYSTEM_SCOPES.organisationWrite],
  'message-api:use': [SYSTEM_SCOPES.exchange, SYSTEM_SCOPES.nhnMessageApi],
  'her-id:read': [SYSTEM_SCOPES.exchange, SYSTEM_SCOPES.nhnMessageApi],
  'her-id:write': [SYSTEM_SCOPES.exchange, SYSTEM_SCOPES.nhnMessageApi],
}

export function systemAccess(actor: SystemActor, request: ActionRequest, facts: AccessFacts): AccessDecision {
  const scopes = SYSTEM_SCOPE_FOR_ACTION[request.action]
  if (scopes === undefined) return deny('action-not-permitted')
  if (!scopes.some((scope) => actor.scopes.includes(scope))) return deny('missing-scope')
  switch (request.action) {
    case 'registry:read':
    case 'address-registry:read':
    case 'message-api:use':
      return allow('scope')
    case 'her-id:read':
    case 'her-id:write':
      return herIdDecision(request)
    // The EPJ of the organisation that runs the service.
    case 'service-inbox:read':
    case 'service-inbox:write':
      return request.organisationId === actor.organisationId ? allow('scope') : deny('other-organisation')
    case 'organisation-resource:read':
    case 'organisation-resource:write':
      return request.organisationId === actor.organisationId ? allow('scope') : deny('other-organisation')
    case 'patient-data:read':
    case 'patient-data:write': {
      if (request.patientPersonId === null) return deny('unknown-person')
      // Emergency access is a person's judgement, so a system's `emergency` field counts for nothing.
      const relations = facts.careRelations.filter((c) => c.patientPersonId === request.patientPersonId && c.organisationId === actor.organisationId)
      if (relations.some((c) => isActiveAt(c.validFrom, c.validTo, facts.now))) return allow('care-relation')
      return deny(relations.length > 0 ? 'care-relation-inactive' : 'no-care-relation')
    }
    default:
      return deny('action-not-permitted')
  }
}
