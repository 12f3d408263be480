import type { Kysely } from 'kysely'
import { appendAudit, appendAuditAlone } from '../audit/audit-log.repository.ts'
import type { AuditEntry } from '../audit/audit-chain.rules.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'
import type { Principal } from '../identity/authenticate.ts'
import { decide } from './access.policy.ts'
import type { AccessAllowed, AccessFacts, ActionRequest } from './access.types.ts'

export type AuditTarget = {
  resourceType: string
  resourceId: string | null
  /** Whose personal information this is; its presence makes every allowed access logged too. */
  patientPersonId?: string | null
  requestId: string
}

export type AuthorizeDeps = {
  db: Kysely<DB>
  now: () => Date
  /** Loads the facts the policy needs about these people (and those related to them). */
  loadFacts: (db: Kysely<DB>, personIds: string[], now: Date) => Promise<AccessFacts>
}

/**
 * The one gate in front of every use case: decide, record, and then do the work in the same
 * transaction as its audit entry. A denial is recorded on its own and answered with 403.
 */
export async function withAccess<T>(
  deps: AuthorizeDeps,
  principal: Principal,
  request: ActionRequest,
  target: AuditTarget,
  work: (db: Kysely<DB>, decision: AccessAllowed) => Promise<T>,
): Promise<T> {
  const now = deps.now()
  const personIds = personIdsOf(principal, request)
  const facts: AccessFacts =
    personIds.length > 0 ? await deps.loadFacts(deps.db, personIds, now) : { now, persons: {}, parentalRelations: [], fullmakter: [], careRelations: [] }
  const decision = decide({ actor: principal.actor, ...request } as Parameters<typeof decide>[0], { ...facts, now })
  const entry = auditEntry(principal, request, target, now)
  if (!decision.allowed) {
    await appendAuditAlone(deps.db, { ...entry, decision: 'denied', decisionBasis: decision.code })
    throw new AppError('forbidden', 'Du har ikke tilgang til denne ressursen.')
  }
  // Without personal information there is nothing to record, and no transaction is needed.
  if (!target.patientPersonId) return work(deps.db, decision)
  return deps.db.transaction().execute(async (trx) => {
    const result = await work(trx, decision)
    await appendAudit(trx, {
      ...entry,
      decision: 'allowed',
      decisionBasis: decision.basis,
      emergency: Boolean(decision.flags?.emergency),
      reason: decision.reason ?? entry.reason,
    })
    return result
  })
}

function personIdsOf(principal: Principal, request: ActionRequest): string[] {
  const ids = new Set<string>()
  if (principal.actor.kind === 'citizen') ids.add(principal.actor.personId)
  if (request.action === 'citizen-data:read' || request.action === 'citizen-data:write') ids.add(request.subjectPersonId)
  if (request.action === 'patient-data:read' || request.action === 'patient-data:write') ids.add(request.patientPersonId)
  return [...ids]
}

function auditEntry(principal: Principal, request: ActionRequest, target: AuditTarget, now: Date): AuditEntry {
  const actor = principal.actor
  const actorId = actor.kind === 'citizen' ? actor.personId : actor.kind === 'system' ? actor.clientId : actor.staffId
  const subject = request.action === 'citizen-data:read' || request.action === 'citizen-data:write' ? request.subjectPersonId : null
  return {
    at: now,
    requestId: target.requestId,
    actorType: actor.kind,
    actorId,
    actorName: principal.name,
    actorRole: principal.role,
    onBehalfOfPersonId: actor.kind === 'citizen' && subject && subject !== actor.personId ? subject : null,
    organisationId: principal.organisationId,
    serviceId: principal.serviceId,
    action: request.action,
    resourceType: target.resourceType,
    resourceId: target.resourceId,
    patientPersonId: target.patientPersonId ?? null,
    reason: 'emergency' in request && request.emergency ? request.emergency.reason.trim().slice(0, 1000) : null,
    decision: 'allowed',
    decisionBasis: null,
    emergency: false,
  }
}
