/**
 * Assigned (tildelt) fullmakter: registered by health personnel, typically the GP, for a person who cannot consent,
 * so that a relative may act for them, consents included. Staff act for one service; that service must have an
 * active care relation with the person (the access policy's patient-data rule), and every registration and end is
 * audit-logged with the person as patient.
 */
import { type Caller, NO_ACCESS, type UseCaseAccess, type UseCaseDeps } from '../../platform/access/access-gate.ts'
import { AppError } from '../../platform/http/errors.ts'
import { findPersonByNationalId } from '../../registry/index.ts'
import { findPartyById, findPartyByNationalId, PROXY_LOOKUP, requireValidNationalId } from './fullmakt-parties.ts'
import { refusalError } from './fullmakt-refusals.ts'
import { findFullmakt, insertFullmakt, listAssignedFullmakterOfGiver, listCurrentBetween, lockGiver, revokeFullmakt } from './fullmakt.repository.ts'
import { fullmaktStatus, isCurrent, normaliseAreas, refuseGiver, refuseParties, refuseTerms } from './fullmakt.rules.ts'
import type { AssignedFullmaktList, FullmaktView, RegisterAssignedFullmaktBody } from './fullmakt.schemas.ts'
import { lastDayToValidTo, notifyParties, refuseIf, viewOf } from './fullmakt.service.ts'
import { toFullmaktView } from './fullmakt.views.ts'

type Person = NonNullable<Awaited<ReturnType<typeof findPersonByNationalId>>>

const NOT_ACTING_FOR_SERVICE = 'Du handler ikke for denne tjenesten.'

/**
 * The staff member acting for `serviceId` in this session; anyone else is refused, and logged with the person whose
 * fullmakter they asked about, when there is one.
 */
async function asServiceStaff(
  access: UseCaseAccess,
  caller: Caller,
  serviceId: string,
  operation: 'read' | 'write',
  patientPersonId: string | null = null,
): Promise<{ staffId: string }> {
  await access.require(
    { action: `service-staff:${operation}`, serviceId },
    { resourceType: 'fullmakt', resourceId: null, patientPersonId, auditAllowed: false },
    { refusal: () => new AppError('forbidden', NOT_ACTING_FOR_SERVICE) },
  )
  const actor = caller.principal.actor
  if (actor.kind !== 'staff') throw new Error('assigned fullmakt: service staff that is not staff')
  return { staffId: actor.staffId }
}

/** The service's access to the giver as a patient; an unknown one is refused like one without. */
async function giverAsPatient(access: UseCaseAccess, giver: Person | null, operation: 'read' | 'write', resourceId: string | null) {
  const decision = await access.require(
    { action: `patient-data:${operation}`, patientPersonId: giver?.id ?? null },
    { resourceType: 'fullmakt', resourceId, patientPersonId: giver?.id ?? null },
  )
  if (giver === null) throw new AppError('forbidden', NO_ACCESS)
  return { giver, decision }
}

/** The giver's assigned fullmakter, current first (newest first), then the history (most recently ended first). */
export async function listAssignedFullmakter(deps: UseCaseDeps, caller: Caller, serviceId: string, giverNationalId: string): Promise<AssignedFullmaktList> {
  requireValidNationalId(giverNationalId, 'body.giverNationalId')
  return deps.gate.within(caller, async (trx, access) => {
    const person = await findPersonByNationalId(trx, giverNationalId)
    await asServiceStaff(access, caller, serviceId, 'read', person?.id ?? null)
    const { giver } = await giverAsPatient(access, person, 'read', null)
    const db = trx
    const now = deps.now()
    const views = (await listAssignedFullmakterOfGiver(db, giver.id)).map((r) => toFullmaktView(r, giver.id, now))
    const current = views.filter((v) => isCurrent(v.status)).reverse()
    const history = views.filter((v) => !isCurrent(v.status)).sort((a, b) => Date.parse(b.endedAt ?? '') - Date.parse(a.endedAt ?? ''))
    return {
      giver: { id: giver.id, name: `${giver.givenName} ${giver.familyName}`, birthDate: giver.birthDate },
      items: [...current, ...history],
    }
  })
}

/**
 * Registers an assigned fullmakt. An ordinary fullmakt from the same person to the same proxy is replaced by it (the
 * stronger kind takes over); a second current assigned one is refused. The written reason goes into the audit log,
 * on its own entry for the fullmakt, not on the patient's access log.
 */
export async function registerAssignedFullmakt(
  deps: UseCaseDeps,
  caller: Caller,
  serviceId: string,
  body: RegisterAssignedFullmaktBody,
): Promise<FullmaktView> {
  // What does not depend on the people first: these answers are the same whoever the numbers belong to.
  requireValidNationalId(body.giverNationalId, 'body.giverNationalId')
  requireValidNationalId(body.proxyNationalId, 'body.proxyNationalId')
  const validTo = lastDayToValidTo(body.validTo)
  const areas = normaliseAreas(body.areas)
  refuseIf(refuseTerms({ kind: 'assigned', areas, validTo, now: deps.now() }))
  if (body.giverNationalId === body.proxyNationalId) throw refusalError('self')
  return deps.gate.within(caller, async (trx, access) => {
    const found = await findPersonByNationalId(trx, body.giverNationalId)
    const { staffId } = await asServiceStaff(access, caller, serviceId, 'write', found?.id ?? null)
    const { giver: person, decision } = await giverAsPatient(access, found, 'write', null)
    const now = deps.now()
    await lockGiver(trx, person.id)
    const giver = await findPartyById(trx, person.id, now)
    if (giver === null) throw new AppError('forbidden', NO_ACCESS)
    refuseIf(refuseGiver(giver, now))
    const proxy = await access.lookUp({ action: 'patient-data:write', patientPersonId: person.id }, decision, PROXY_LOOKUP, () =>
      findPartyByNationalId(trx, body.proxyNationalId, now),
    )
    // The same path for every proxy who cannot be one: the giver's fullmakter are read only for one who can.
    refuseIf(refuseParties({ giver, proxy, duplicatesActive: false, now }))
    if (proxy === null) throw refusalError('not-possible')
    const current = await listCurrentBetween(trx, giver.id, proxy.id, now)
    if (current.some((f) => f.kind === 'assigned'))
      throw new AppError('conflict', 'Personen har allerede en tildelt fullmakt til denne fullmektigen. Avslutt den før du registrerer en ny.')
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
    // The written reason goes on an entry of its own for the fullmakt, not on the patient's access log.
    access.record({ action: 'patient-data:write', patientPersonId: person.id }, decision, {
      action: 'assigned-fullmakt:register',
      resourceType: 'fullmakt',
      resourceId: id,
      reason: body.reason,
    })
    await notifyParties(trx, replaced ? `fullmakt-changed:${id}` : `fullmakt-given:${id}`, [giver.id, proxy.id])
    return viewOf(trx, id, giver.id, now)
  })
}

/** Ends an assigned fullmakt now, on behalf of the service with the care relation. */
export async function endAssignedFullmakt(deps: UseCaseDeps, caller: Caller, serviceId: string, fullmaktId: string): Promise<FullmaktView> {
  return deps.gate.within(caller, async (trx, access) => {
    const { staffId } = await asServiceStaff(access, caller, serviceId, 'write')
    const found = await findFullmakt(trx, fullmaktId)
    if (found === null || found.kind !== 'assigned') throw new AppError('not-found', 'Fullmakten finnes ikke.')
    const giverId = found.giver.id
    await access.require(
      { action: 'patient-data:write', patientPersonId: giverId },
      { resourceType: 'fullmakt', resourceId: fullmaktId, patientPersonId: giverId },
    )
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
  })
}
