/**
 * Citizens' fullmakt use cases: see, give, change and end. Fullmakter are managed only by the person themselves,
 * never through a representation: a proxy never sees or changes the principal's fullmakter (not transitive). Each
 * use case runs in the transaction of its audit entry; every change notifies both parties in that transaction.
 */
import type { Kysely, Transaction } from 'kysely'
import { type AuthorizeDeps, withAccess } from '../../platform/access/authorize.ts'
import { appendAuditAlone } from '../../platform/audit/audit-log.repository.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { Principal } from '../../platform/identity/authenticate.ts'
import { enqueueNotification } from '../notifications/notification.repository.ts'
import { findPartyById, findPartyByNationalId, requireValidNationalId } from './fullmakt-parties.ts'
import { refusalError } from './fullmakt-refusals.ts'
import { findFullmakt, insertFullmakt, listCurrentBetween, listFullmakterOfPerson, lockGiver, revokeFullmakt } from './fullmakt.repository.ts'
import { endingRole, mayChange, normaliseAreas, refuseNewFullmakt, validToFromLastDay } from './fullmakt.rules.ts'
import type { ChangeFullmaktBody, FullmaktLists, FullmaktView, GiveFullmaktBody } from './fullmakt.schemas.ts'
import { toFullmaktLists, toFullmaktView } from './fullmakt.views.ts'

export type FullmaktDeps = AuthorizeDeps

const NOT_FOUND = 'Fullmakten finnes ikke.'

/** The citizen's own fullmakter: given, received and the history. */
export async function listOwnFullmakter(deps: FullmaktDeps, principal: Principal, personId: string, requestId: string): Promise<FullmaktLists> {
  return asSelf(deps, principal, personId, 'read', { resourceId: null, requestId }, async (db) =>
    toFullmaktLists(await listFullmakterOfPerson(db, personId), personId, deps.now()),
  )
}

/** Gives an ordinary fullmakt from the citizen to another person. */
export async function giveFullmakt(
  deps: FullmaktDeps,
  principal: Principal,
  personId: string,
  body: GiveFullmaktBody,
  requestId: string,
): Promise<FullmaktView> {
  requireValidNationalId(body.proxyNationalId, 'body.proxyNationalId')
  const validTo = lastDayToValidTo(body.validTo)
  return asSelf(deps, principal, personId, 'write', { resourceId: null, requestId }, async (db) => {
    const trx = inTransaction(db)
    const now = deps.now()
    await lockGiver(trx, personId)
    const giver = await findPartyById(trx, personId, now)
    const proxy = await findPartyByNationalId(trx, body.proxyNationalId, now)
    if (giver === null) throw new AppError('forbidden', 'Du har ikke tilgang til denne ressursen.')
    const current = proxy === null ? [] : await listCurrentBetween(trx, giver.id, proxy.id, now)
    const areas = normaliseAreas(body.areas)
    const refusal = refuseNewFullmakt({ kind: 'ordinary', giver, proxy, areas, validTo, duplicatesActive: current.length > 0, now })
    if (refusal !== null || proxy === null) throw refusalError(refusal ?? 'not-possible')
    const id = await insertFullmakt(trx, {
      giverPersonId: giver.id,
      proxyPersonId: proxy.id,
      kind: 'ordinary',
      areas,
      validFrom: now,
      validTo,
      replacesId: null,
      registeredByStaffId: null,
      createdAt: now,
    })
    await notifyParties(trx, `fullmakt-given:${id}`, [giver.id, proxy.id])
    return viewOf(trx, id, personId, now)
  })
}

/**
 * Changes a fullmakt the citizen gave: a new fullmakt replaces the old one, which is revoked at the same instant,
 * in one transaction. The proxy stays the same; giving to someone else is a new fullmakt.
 */
export async function changeFullmakt(
  deps: FullmaktDeps,
  principal: Principal,
  personId: string,
  fullmaktId: string,
  body: ChangeFullmaktBody,
  requestId: string,
): Promise<FullmaktView> {
  const validTo = lastDayToValidTo(body.validTo)
  return asSelf(deps, principal, personId, 'write', { resourceId: fullmaktId, requestId }, async (db) => {
    const trx = inTransaction(db)
    const now = deps.now()
    await lockGiver(trx, personId)
    const old = await findFullmakt(trx, fullmaktId)
    // Someone else's fullmakt is answered as if it did not exist.
    if (old === null || (old.giver.id !== personId && old.proxy.id !== personId)) throw new AppError('not-found', NOT_FOUND)
    const dates = { ...old, giverPersonId: old.giver.id, proxyPersonId: old.proxy.id, replaced: old.replacedById !== null }
    if (!mayChange(dates, personId, now)) {
      if (old.giver.id !== personId) throw new AppError('forbidden', 'Bare den som har gitt fullmakten, kan endre den. Du kan avslutte den.')
      if (old.kind === 'assigned') throw new AppError('forbidden', 'En tildelt fullmakt endres av helsepersonell.')
      throw new AppError('conflict', 'Fullmakten er ikke lenger aktiv, og kan ikke endres.')
    }
    const giver = await findPartyById(trx, old.giver.id, now)
    const proxy = await findPartyById(trx, old.proxy.id, now)
    if (giver === null) throw new AppError('not-found', NOT_FOUND)
    const others = (await listCurrentBetween(trx, old.giver.id, old.proxy.id, now)).filter((f) => f.id !== old.id)
    const areas = normaliseAreas(body.areas)
    const refusal = refuseNewFullmakt({ kind: 'ordinary', giver, proxy, areas, validTo, duplicatesActive: others.length > 0, now })
    if (refusal !== null || proxy === null) throw refusalError(refusal ?? 'not-possible')
    if (!(await revokeFullmakt(trx, old.id, now, { personId }))) throw new AppError('conflict', 'Fullmakten er allerede endret eller avsluttet.')
    const id = await insertFullmakt(trx, {
      giverPersonId: giver.id,
      proxyPersonId: proxy.id,
      kind: 'ordinary',
      areas,
      validFrom: now,
      validTo,
      replacesId: old.id,
      registeredByStaffId: null,
      createdAt: now,
    })
    await notifyParties(trx, `fullmakt-changed:${id}`, [giver.id, proxy.id])
    return viewOf(trx, id, personId, now)
  })
}

/** Ends a fullmakt now: the giver may end one they gave, the proxy one they received. */
export async function endFullmakt(deps: FullmaktDeps, principal: Principal, personId: string, fullmaktId: string, requestId: string): Promise<FullmaktView> {
  return asSelf(deps, principal, personId, 'write', { resourceId: fullmaktId, requestId }, async (db) => {
    const trx = inTransaction(db)
    const now = deps.now()
    const found = await findFullmakt(trx, fullmaktId)
    if (found === null || (found.giver.id !== personId && found.proxy.id !== personId)) throw new AppError('not-found', NOT_FOUND)
    await lockGiver(trx, found.giver.id)
    const record = await findFullmakt(trx, fullmaktId)
    if (record === null) throw new AppError('not-found', NOT_FOUND)
    const role = endingRole(
      { ...record, giverPersonId: record.giver.id, proxyPersonId: record.proxy.id, replaced: record.replacedById !== null },
      personId,
      now,
    )
    if (role === null || !(await revokeFullmakt(trx, record.id, now, { personId }))) {
      throw new AppError('conflict', 'Fullmakten er allerede avsluttet.')
    }
    await notifyParties(trx, `fullmakt-ended:${record.id}`, [record.giver.id, record.proxy.id])
    return viewOf(trx, record.id, personId, now)
  })
}

// ---------------------------------------------------------------------------------------------------------------

/** The end instant for a chosen last day; the schema has already checked the format. */
export function lastDayToValidTo(lastDay: string | null): Date | null {
  if (lastDay === null) return null
  const validTo = validToFromLastDay(lastDay)
  if (validTo === null) throw new AppError('validation-failed', 'Sluttdatoen finnes ikke.', [{ path: 'body.validTo', message: 'ugyldig dato' }])
  return validTo
}

/** withAccess hands the work its transaction as a Kysely handle whenever the target names a person. */
export function inTransaction(db: Kysely<DB>): Transaction<DB> {
  if (!db.isTransaction) throw new Error('fullmakt: expected to run inside the audit entry’s transaction')
  return db as Transaction<DB>
}

/** Both parties hear that something changed, and nothing more; one notification per change and person. */
export async function notifyParties(trx: Transaction<DB>, eventKey: string, personIds: readonly string[]): Promise<void> {
  for (const personId of new Set(personIds)) {
    await enqueueNotification(trx, { eventKey, personId, kind: 'fullmakt-changed', senderName: null, senderSensitive: false })
  }
}

export async function viewOf(db: Kysely<DB>, id: string, personId: string, now: Date): Promise<FullmaktView> {
  const record = await findFullmakt(db, id)
  if (record === null) throw new Error('fullmakt: the row just written is gone')
  return toFullmaktView(record, personId, now)
}

/**
 * Only the person themselves: a representative (parent, proxy) is refused as anyone else is, and the denial is
 * audit-logged like the policy's own. For the person themselves the policy still decides (e.g. the deceased).
 */
async function asSelf<T>(
  deps: FullmaktDeps,
  principal: Principal,
  personId: string,
  operation: 'read' | 'write',
  target: { resourceId: string | null; requestId: string },
  work: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const action = `citizen-data:${operation}` as const
  const actor = principal.actor
  if (actor.kind !== 'citizen' || actor.personId !== personId) {
    await appendAuditAlone(deps.db, {
      at: deps.now(),
      requestId: target.requestId,
      actorType: actor.kind,
      actorId: actor.kind === 'citizen' ? actor.personId : actor.kind === 'system' ? actor.clientId : actor.staffId,
      actorName: principal.name,
      actorRole: principal.role,
      onBehalfOfPersonId: actor.kind === 'citizen' ? personId : null,
      organisationId: principal.organisationId,
      serviceId: principal.serviceId,
      action,
      resourceType: 'fullmakt',
      resourceId: target.resourceId,
      patientPersonId: personId,
      reason: null,
      decision: 'denied',
      decisionBasis: 'no-basis',
      emergency: false,
    })
    throw new AppError('forbidden', 'Fullmakter kan bare ses og endres av personen selv.')
  }
  // Managing one's fullmakter is as personal as consents: only the citizen's own right covers it.
  return withAccess(
    deps,
    principal,
    { action, subjectPersonId: personId, area: 'consents' },
    { resourceType: 'fullmakt', resourceId: target.resourceId, patientPersonId: personId, requestId: target.requestId },
    (db) => work(db),
  )
}
