/**
 * Assigned (tildelt) fullmakter: registered by health personnel, typically the GP, for a person who cannot consent,
 * so that a relative may act for them, consents included. Staff act for one service; that service must have an
 * active care relation with the person (the access policy's patient-data rule), and every registration and end is
 * audit-logged with the person as patient.
 */
import { type AuthorizeDeps, withAccess } from '../../platform/access/authorize.ts'
import { appendAudit } from '../../platform/audit/audit-log.repository.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { Principal } from '../../platform/identity/authenticate.ts'
import { findPersonByNationalId } from '../../registry/registry.repository.ts'
import { findPartyById, findPartyByNationalId, requireValidNationalId } from './fullmakt-parties.ts'
import { refusalError } from './fullmakt-refusals.ts'
import { findFullmakt, insertFullmakt, listAssignedFullmakterOfGiver, listCurrentBetween, lockGiver, revokeFullmakt } from './fullmakt.repository.ts'
import { fullmaktStatus, isCurrent, normaliseAreas, refuseNewFullmakt } from './fullmakt.rules.ts'
import type { AssignedFullmaktList, FullmaktView, RegisterAssignedFullmaktBody } from './fullmakt.schemas.ts'
import { inTransaction, lastDayToValidTo, notifyParties, viewOf } from './fullmakt.service.ts'
import { toFullmaktView } from './fullmakt.views.ts'

const NO_ACCESS = 'Du har ikke tilgang til denne ressursen.'
// Stands in for an unknown person, so that an unknown number is refused and audit-logged like one without access.
const NOBODY = '00000000-0000-0000-0000-000000000000'

/** The staff member acting for `serviceId` in this session; anyone else is refused. */
function staffOf(principal: Principal, serviceId: string): { staffId: string } {
  const actor = principal.actor
  if (actor.kind !== 'staff' || actor.serviceId !== serviceId) throw new AppError('forbidden', 'Du handler ikke for denne tjenesten.')
  return { staffId: actor.staffId }
}

/** The giver by national id; an unknown one is refused (and logged) exactly like one without a care relation. */
async function giverByNationalId(deps: AuthorizeDeps, principal: Principal, nationalId: string, field: string, write: boolean, requestId: string) {
  requireValidNationalId(nationalId, field)
  const giver = await findPersonByNationalId(deps.db, nationalId)
  if (giver === null) {
    await withAccess(
      deps,
      principal,
      { action: write ? 'patient-data:write' : 'patient-data:read', patientPersonId: NOBODY },
      { resourceType: 'fullmakt', resourceId: null, requestId },
      async () => null,
    )
    throw new AppError('forbidden', NO_ACCESS)
  }
  return giver
}

/** The giver's assigned fullmakter, current first (newest first), then the history (most recently ended first). */
export async function listAssignedFullmakter(
  deps: AuthorizeDeps,
  principal: Principal,
  serviceId: string,
  giverNationalId: string,
  requestId: string,
): Promise<AssignedFullmaktList> {
  staffOf(principal, serviceId)
  const giver = await giverByNationalId(deps, principal, giverNationalId, 'body.giverNationalId', false, requestId)
  return withAccess(
    deps,
    principal,
    { action: 'patient-data:read', patientPersonId: giver.id },
    { resourceType: 'fullmakt', resourceId: null, patientPersonId: giver.id, requestId },
    async (db) => {
      const now = deps.now()
      const views = (await listAssignedFullmakterOfGiver(db, giver.id)).map((r) => toFullmaktView(r, giver.id, now))
      const current = views.filter((v) => isCurrent(v.status)).reverse()
      const history = views.filter((v) => !isCurrent(v.status)).sort((a, b) => Date.parse(b.endedAt ?? '') - Date.parse(a.endedAt ?? ''))
      return {
        giver: { id: giver.id, name: `${giver.givenName} ${giver.familyName}`, birthDate: giver.birthDate },
        items: [...current, ...history],
      }
    },
  )
}

/**
 * Registers an assigned fullmakt. An ordinary fullmakt from the same person to the same proxy is replaced by it (the
 * stronger kind takes over); a second current assigned one is refused. The written reason goes into the audit log,
 * on its own entry for the fullmakt, not on the patient's access log.
 */
export async function registerAssignedFullmakt(
  deps: AuthorizeDeps,
  principal: Principal,
  serviceId: string,
  body: RegisterAssignedFullmaktBody,
  requestId: string,
): Promise<FullmaktView> {
  const { staffId } = staffOf(principal, serviceId)
  requireValidNationalId(body.proxyNationalId, 'body.proxyNationalId')
  const validTo = lastDayToValidTo(body.validTo)
  const person = await giverByNationalId(deps, principal, body.giverNationalId, 'body.giverNationalId', true, requestId)
  return withAccess(
    deps,
    principal,
    { action: 'patient-data:write', patientPersonId: person.id },
    { resourceType: 'fullmakt', resourceId: null, patientPersonId: person.id, requestId },
    async (db, decision) => {
      const trx = inTransaction(db)
      const now = deps.now()
      await lockGiver(trx, person.id)
      const giver = await findPartyById(trx, person.id, now)
      const proxy = await findPartyByNationalId(trx, body.proxyNationalId, now)
      if (giver === null) throw new AppError('forbidden', NO_ACCESS)
      const current = proxy === null ? [] : await listCurrentBetween(trx, giver.id, proxy.id, now)
      const areas = normaliseAreas(body.areas)
      const refusal = refuseNewFullmakt({ kind: 'assigned', giver, proxy, areas, validTo, duplicatesActive: current.some((f) => f.kind === 'assigned'), now })
      if (refusal === 'duplicate')
        throw new AppError('conflict', 'Personen har allerede en tildelt fullmakt til denne fullmektigen. Avslutt den før du registrerer en ny.')
      if (refusal !== null || proxy === null) throw refusalError(refusal ?? 'not-possible')
      const replaced = current.find((f) => f.kind === 'ordinary') ?? null
      for (const f of current) await revokeFullmakt(trx, f.id, now, { staffId })
      const id = await insertFullmakt(trx, {
        giverPersonId: giver.id,
        proxyPersonId: proxy.id,
        kind: 'assigned',
        areas,
        validFrom: now,
        validTo,
        replacesId: replaced?.id ?? null,
        registeredByStaffId: staffId,
        createdAt: now,
      })
      await appendAudit(trx, {
        at: now,
        requestId,
        actorType: 'staff',
        actorId: staffId,
        actorName: principal.name,
        actorRole: principal.role,
        onBehalfOfPersonId: null,
        organisationId: principal.organisationId,
        serviceId: principal.serviceId,
        action: 'assigned-fullmakt:register',
        resourceType: 'fullmakt',
        resourceId: id,
        patientPersonId: null,
        reason: body.reason,
        decision: 'allowed',
        decisionBasis: decision.basis,
        emergency: false,
      })
      await notifyParties(trx, replaced ? `fullmakt-changed:${id}` : `fullmakt-given:${id}`, [giver.id, proxy.id])
      return viewOf(trx, id, giver.id, now)
    },
  )
}

/** Ends an assigned fullmakt now, on behalf of the service with the care relation. */
export async function endAssignedFullmakt(
  deps: AuthorizeDeps,
  principal: Principal,
  serviceId: string,
  fullmaktId: string,
  requestId: string,
): Promise<FullmaktView> {
  const { staffId } = staffOf(principal, serviceId)
  const found = await findFullmakt(deps.db, fullmaktId)
  if (found === null || found.kind !== 'assigned') throw new AppError('not-found', 'Fullmakten finnes ikke.')
  const giverId = found.giver.id
  return withAccess(
    deps,
    principal,
    { action: 'patient-data:write', patientPersonId: giverId },
    { resourceType: 'fullmakt', resourceId: fullmaktId, patientPersonId: giverId, requestId },
    async (db) => {
      const trx = inTransaction(db)
      const now = deps.now()
      await lockGiver(trx, giverId)
      const record = await findFullmakt(trx, fullmaktId)
      if (record === null) throw new AppError('not-found', 'Fullmakten finnes ikke.')
      const status = fullmaktStatus({ ...record, replaced: record.replacedById !== null }, now)
      if (!isCurrent(status) || !(await revokeFullmakt(trx, record.id, now, { staffId }))) {
        throw new AppError('conflict', 'Fullmakten er allerede avsluttet.')
      }
      await notifyParties(trx, `fullmakt-ended:${record.id}`, [record.giver.id, record.proxy.id])
      return viewOf(trx, record.id, giverId, now)
    },
  )
}
