/**
 * Citizens' fullmakt use cases: see, give, change and end. Fullmakter are managed only by the person themselves,
 * never through a representation: a proxy never sees or changes the principal's fullmakter (not transitive). Each
 * use case runs in the transaction of its audit entry; every change notifies both parties in that transaction.
 */
import type { Kysely, Transaction } from 'kysely'
import { type Caller, NO_ACCESS, type UseCaseAccess, type UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { AccessAllowed } from '../../platform/access/access.types.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { enqueueNotification } from '../notifications/notification.repository.ts'
import { findGiverById, findPartyById, findPartyByNationalId, PROXY_LOOKUP, requireValidNationalId } from './fullmakt-parties.ts'
import { refusalError } from './fullmakt-refusals.ts'
import { findFullmakt, insertFullmakt, listCurrentBetween, listFullmakterOfPerson, lockGiver, revokeFullmakt } from './fullmakt.repository.ts'
import {
  endingRole,
  type FullmaktRefusal,
  mayChange,
  normaliseAreas,
  refuseGiver,
  refuseNewFullmakt,
  refuseParties,
  refuseTerms,
  validToFromLastDay,
} from './fullmakt.rules.ts'
import type { ChangeFullmaktBody, FullmaktLists, FullmaktView, GiveFullmaktBody } from './fullmakt.schemas.ts'
import { toFullmaktLists, toFullmaktView } from './fullmakt.views.ts'

export type FullmaktDeps = UseCaseDeps

const NOT_FOUND = 'Fullmakten finnes ikke.'

/** The citizen's own fullmakter: given, received and the history. */
export async function listOwnFullmakter(deps: FullmaktDeps, caller: Caller, personId: string): Promise<FullmaktLists> {
  return asSelf(deps, caller, personId, 'read', null, async (db) => {
    const now = deps.now()
    const self = await findPartyById(db, personId, now)
    const refusal = self === null ? null : refuseGiver(self, now)
    const cannotGive = self?.confidentialAddress ? 'confidential-address' : refusal === 'giver-under-16' ? 'under-16' : null
    return { ...toFullmaktLists(await listFullmakterOfPerson(db, personId), personId, now), cannotGive }
  })
}

/**
 * Gives an ordinary fullmakt from the citizen to another person. What does not depend on the proxy is checked before
 * the proxy is looked up (the look-up is logged and limited); then every reason the proxy cannot be one is one answer.
 */
export async function giveFullmakt(deps: FullmaktDeps, caller: Caller, personId: string, body: GiveFullmaktBody): Promise<FullmaktView> {
  requireValidNationalId(body.proxyNationalId, 'body.proxyNationalId')
  const validTo = lastDayToValidTo(body.validTo)
  const areas = normaliseAreas(body.areas)
  refuseIf(refuseTerms({ kind: 'ordinary', areas, validTo, now: deps.now() }))
  return asSelf(deps, caller, personId, 'write', null, async (trx, access, decision) => {
    const now = deps.now()
    await lockGiver(trx, personId)
    const giver = await findGiverById(trx, personId, now)
    if (giver === null) throw new AppError('forbidden', NO_ACCESS)
    if (giver.nationalId === body.proxyNationalId) throw refusalError('self')
    refuseIf(refuseGiver(giver, now))
    const proxy = await access.lookUp({ action: 'own-affairs:write', subjectPersonId: personId }, decision, PROXY_LOOKUP, () =>
      findPartyByNationalId(trx, body.proxyNationalId, now),
    )
    // The same path for every proxy who cannot be one: the giver's fullmakter are read only for one who can.
    refuseIf(refuseParties({ giver, proxy, duplicatesActive: false, now }))
    if (proxy === null) throw refusalError('not-possible')
    if ((await listCurrentBetween(trx, giver.id, proxy.id, now)).length > 0) throw refusalError('duplicate')
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
  caller: Caller,
  personId: string,
  fullmaktId: string,
  body: ChangeFullmaktBody,
): Promise<FullmaktView> {
  const validTo = lastDayToValidTo(body.validTo)
  return asSelf(deps, caller, personId, 'write', fullmaktId, async (trx) => {
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
export async function endFullmakt(deps: FullmaktDeps, caller: Caller, personId: string, fullmaktId: string): Promise<FullmaktView> {
  return asSelf(deps, caller, personId, 'write', fullmaktId, async (trx) => {
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

/** Throws the answer for a refusal, if there is one. */
export function refuseIf(refusal: FullmaktRefusal | null): void {
  if (refusal !== null) throw refusalError(refusal)
}

/** The end instant for a chosen last day; the schema has already checked the format. */
export function lastDayToValidTo(lastDay: string | null): Date | null {
  if (lastDay === null) return null
  const validTo = validToFromLastDay(lastDay)
  if (validTo === null) throw new AppError('validation-failed', 'Sluttdatoen finnes ikke.', [{ path: 'body.validTo', message: 'ugyldig dato' }])
  return validTo
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
 * audit-logged. For the person themselves the policy still decides (e.g. the deceased).
 */
function asSelf<T>(
  deps: FullmaktDeps,
  caller: Caller,
  personId: string,
  operation: 'read' | 'write',
  resourceId: string | null,
  work: (trx: Transaction<DB>, access: UseCaseAccess, decision: AccessAllowed) => Promise<T>,
): Promise<T> {
  return deps.gate.within(caller, async (trx, access) => {
    const decision = await access.require(
      { action: `own-affairs:${operation}`, subjectPersonId: personId },
      { resourceType: 'fullmakt', resourceId, patientPersonId: personId },
      { refusal: (code) => new AppError('forbidden', code === 'self-only' ? 'Fullmakter kan bare ses og endres av personen selv.' : NO_ACCESS) },
    )
    return work(trx, access, decision)
  })
}
