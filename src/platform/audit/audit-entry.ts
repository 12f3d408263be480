/** The one place an audit row is made from who asked, what for, and the decision. */
import type { AccessDecision, ActionRequest } from '../access/access.types.ts'
import type { Principal } from '../identity/authenticate.ts'
import type { AuditEntry } from './audit-chain.rules.ts'

export type AuditSubject = {
  resourceType: string
  resourceId: string | null
  /** Whose personal information this is. */
  patientPersonId: string | null
  /** What the row calls the action; the request's action by default (e.g. 'exchange.message.read'). */
  action?: string
  /** Why, in the actor's words (a registration's reason); an emergency access records its reason by itself. */
  reason?: string | null
}

export function auditEntry(
  principal: Principal,
  request: ActionRequest,
  subject: AuditSubject,
  decision: AccessDecision,
  requestId: string,
  at: Date,
): AuditEntry {
  const actor = principal.actor
  const actorId = actor.kind === 'citizen' ? actor.personId : actor.kind === 'system' ? actor.clientId : actor.staffId
  // A citizen acting for someone else: whose data it was.
  const subjectPerson =
    request.action === 'citizen-data:read' ||
    request.action === 'citizen-data:write' ||
    request.action === 'own-affairs:read' ||
    request.action === 'own-affairs:write'
      ? request.subjectPersonId
      : null
  const emergencyReason = 'emergency' in request && request.emergency ? request.emergency.reason.trim().slice(0, 1000) : null
  return {
    at,
    requestId,
    actorType: actor.kind,
    actorId,
    actorName: principal.name,
    actorRole: principal.role,
    onBehalfOfPersonId: actor.kind === 'citizen' && subjectPerson && subjectPerson !== actor.personId ? subjectPerson : null,
    organisationId: principal.organisationId,
    serviceId: principal.serviceId,
    action: subject.action ?? request.action,
    resourceType: subject.resourceType,
    resourceId: subject.resourceId,
    patientPersonId: subject.patientPersonId,
    reason: subject.reason !== undefined ? subject.reason : decision.allowed ? (decision.reason ?? emergencyReason) : emergencyReason,
    decision: decision.allowed ? 'allowed' : 'denied',
    decisionBasis: decision.allowed ? decision.basis : decision.code,
    emergency: decision.allowed && decision.flags.emergency === true,
  }
}
