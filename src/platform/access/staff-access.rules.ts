// Staff and the platform operator. Staff get patient data only for a work-related need
// (tjenstlig behov): a care relation with the service they act for, or emergency access with a
// written reason. Each partner grants its own staff's access, so staff never reach another
// organisation's resources. The operator runs the platform and never reads personal data.
import { allow, deny, operationOf } from './access.decision.ts'
import type {
  AccessDecision,
  AccessFacts,
  ActionRequest,
  OperatorActor,
  OrganisationResourceRequest,
  PatientDataRequest,
  ServiceInboxRequest,
  StaffActor,
} from './access.types.ts'
import { herIdDecision } from './her-id.rules.ts'
import { isActiveAt } from './time.rules.ts'

/** Emergency access needs a written reason with at least this many letters or digits. */
export const MIN_EMERGENCY_REASON_CHARACTERS = 10

/** The trimmed reason if it says something (≥ 10 letters or digits), otherwise null. */
export function meaningfulEmergencyReason(reason: unknown): string | null {
  if (typeof reason !== 'string') return null
  const trimmed = reason.trim().replace(/\s+/gu, ' ')
  const meaningful = trimmed.match(/[\p{L}\p{N}]/gu)?.length ?? 0
  return meaningful >= MIN_EMERGENCY_REASON_CHARACTERS ? trimmed : null
}

/**
 * Patient data for staff: the health_personnel role, then an active care relation between the
 * patient and the very service (and organisation) the staff member acts for. Without one,
 * emergency access (read only) with a meaningful written reason, flagged for the audit log.
 */
export function patientDataForStaff(actor: StaffActor, request: PatientDataRequest, facts: AccessFacts): AccessDecision {
  if (!actor.roles.includes('health_personnel')) return deny('missing-role')
  if (request.patientPersonId === null) return deny('unknown-person')
  const relations = facts.careRelations.filter(
    (c) => c.patientPersonId === request.patientPersonId && c.organisationId === actor.organisationId && c.serviceId === actor.serviceId,
  )
  if (relations.some((c) => isActiveAt(c.validFrom, c.validTo, facts.now))) return allow('care-relation')
  if (request.emergency !== undefined) {
    // Emergency access is for seeing what is needed now; writing follows a care relation.
    if (operationOf(request.action) !== 'read') return deny('emergency-read-only')
    const reason = meaningfulEmergencyReason(request.emergency.reason)
    if (reason === null) return deny('emergency-reason-required')
    return allow('emergency-access', { emergency: true }, reason)
  }
  return deny(relations.length > 0 ? 'care-relation-inactive' : 'no-care-relation')
}

/**
 * Organisation resources for staff: only their own organisation. Any staff member reads them;
 * writing to their own service needs membership of it (acting for it); writing org-wide or to
 * another service of the organisation needs service_admin.
 */
export function organisationResourceForStaff(actor: StaffActor, request: OrganisationResourceRequest): AccessDecision {
  if (request.organisationId !== actor.organisationId) return deny('other-organisation')
  if (operationOf(request.action) === 'read') return allow('role')
  if (request.serviceId !== undefined && request.serviceId === actor.serviceId) return allow('role')
  if (actor.roles.includes('service_admin')) return allow('role')
  return deny(request.serviceId === undefined ? 'missing-role' : 'other-service')
}

/** A service's inbox: health personnel acting for that very service, whatever else they are members of. */
export function serviceInboxForStaff(actor: StaffActor, request: ServiceInboxRequest): AccessDecision {
  if (actor.serviceId !== request.serviceId) return deny('other-service')
  return actor.roles.includes('health_personnel') ? allow('role') : deny('missing-role')
}

export function staffAccess(actor: StaffActor, request: ActionRequest, facts: AccessFacts): AccessDecision {
  switch (request.action) {
    case 'agreement:write':
      if (request.organisationId !== actor.organisationId) return deny('other-organisation')
      return actor.roles.includes('service_admin') ? allow('role') : deny('missing-role')
    // The session acts for one service at a time: work for another needs switching first.
    case 'service-staff:read':
    case 'service-staff:write':
      return actor.serviceId === request.serviceId ? allow('role') : deny('other-service')
    case 'service-inbox:read':
    case 'service-inbox:write':
      return serviceInboxForStaff(actor, request)
    // Messages carry patient information: health personnel only, for their service's HER-ids.
    case 'her-id:read':
    case 'her-id:write':
      return actor.roles.includes('health_personnel') ? herIdDecision(request) : deny('missing-role')
    case 'patient-data:read':
    case 'patient-data:write':
      return patientDataForStaff(actor, request, facts)
    case 'organisation-resource:read':
    case 'organisation-resource:write':
      return organisationResourceForStaff(actor, request)
    // The registries are open to every partner.
    case 'registry:read':
    case 'address-registry:read':
      return allow('role')
    // Collaboration coordinators run governance (solutions, status, deviations, suggestions).
    case 'governance:read':
    case 'governance:write':
      return actor.roles.includes('coordinator') ? allow('role') : deny('missing-role')
    default:
      return deny('action-not-permitted')
  }
}

/** The operator administers the platform, system clients and the registry; no personal data. */
export function operatorAccess(_actor: OperatorActor, request: ActionRequest): AccessDecision {
  switch (request.action) {
    case 'platform:administer':
    case 'agreement:write':
    case 'system-clients:manage':
    case 'registry:read':
    case 'address-registry:read':
    case 'registry:write':
      return allow('role')
    default:
      return deny('action-not-permitted')
  }
}
