/** SQL of fullmakter: read them with the names the lists show, register, and revoke. Nothing is ever deleted. */
import { type Kysely, sql } from 'kysely'
import type { FullmaktKind, ServiceArea } from '../../platform/access/access.types.ts'
import { toServiceAreas } from '../../platform/access/access.types.ts'
import type { DB } from '../../platform/db/schema.ts'
import { findPersonsByIds, findStaffByIds } from '../../registry/index.ts'

/** A fullmakt row with everything the views need: both people, who registered it, who ended it, what replaced it. */
export type FullmaktRecord = {
  id: string
  kind: FullmaktKind
  giver: { id: string; name: string; birthDate: string }
  proxy: { id: string; name: string; birthDate: string }
  areas: ServiceArea[]
  validFrom: Date
  validTo: Date | null
  revokedAt: Date | null
  revokedBy: { kind: 'person'; id: string; name: string } | { kind: 'staff'; id: string; name: string } | null
  replacesId: string | null
  replacedById: string | null
  registeredBy: { name: string; profession: string | null } | null
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('fullmakt as f')
    .select((eb) => [
      'f.id',
      'f.kind',
      'f.areas',
      'f.valid_from',
      'f.valid_to',
      'f.revoked_at',
      'f.replaces_fullmakt_id',
      'f.giver_person_id',
      'f.proxy_person_id',
      'f.revoked_by_person_id',
      'f.revoked_by_staff_id',
      'f.registered_by_staff_id',
      eb.selectFrom('fullmakt as n').select('n.id').whereRef('n.replaces_fullmakt_id', '=', 'f.id').orderBy('n.created_at').limit(1).as('replaced_by_id'),
    ])
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number]

/** The rows with the names of the people and staff they name, looked up in the registry (one query each). */
async function toRecords(db: Kysely<DB>, rows: readonly Row[]): Promise<FullmaktRecord[]> {
  const people = await findPersonsByIds(
    db,
    rows.flatMap((r) => [r.giver_person_id, r.proxy_person_id, ...(r.revoked_by_person_id ? [r.revoked_by_person_id] : [])]),
  )
  const staff = await findStaffByIds(
    db,
    rows.flatMap((r) => [r.revoked_by_staff_id, r.registered_by_staff_id].filter((id): id is string => id !== null)),
  )
  const name = (p: { givenName: string; familyName: string } | undefined) => (p ? `${p.givenName} ${p.familyName}`.trim() : '')
  const person = (id: string) => {
    const p = people.get(id)
    return { id, name: name(p), birthDate: p?.birthDate ?? '' }
  }
  return rows.map((r) => {
    const registrar = r.registered_by_staff_id ? staff.get(r.registered_by_staff_id) : undefined
    return {
      id: r.id,
      kind: r.kind,
      giver: person(r.giver_person_id),
      proxy: person(r.proxy_person_id),
      areas: toServiceAreas(r.areas),
      validFrom: r.valid_from,
      validTo: r.valid_to,
      revokedAt: r.revoked_at,
      revokedBy: r.revoked_by_person_id
        ? { kind: 'person', id: r.revoked_by_person_id, name: name(people.get(r.revoked_by_person_id)) }
        : r.revoked_by_staff_id
          ? { kind: 'staff', id: r.revoked_by_staff_id, name: name(staff.get(r.revoked_by_staff_id)) }
          : null,
      replacesId: r.replaces_fullmakt_id,
      replacedById: r.replaced_by_id ?? null,
      registeredBy: registrar ? { name: name(registrar), profession: registrar.profession ?? null } : null,
    }
  })
}

/** Every fullmakt the person gave or received, whatever its state, oldest first. */
export async function listFullmakterOfPerson(db: Kysely<DB>, personId: string): Promise<FullmaktRecord[]> {
  const rows = await baseQuery(db)
    .where((eb) => eb.or([eb('f.giver_person_id', '=', personId), eb('f.proxy_person_id', '=', personId)]))
    .orderBy('f.valid_from')
    .orderBy('f.id')
    .execute()
  return toRecords(db, rows)
}

/** The person's assigned fullmakter as giver, whatever their state, oldest first. */
export async function listAssignedFullmakterOfGiver(db: Kysely<DB>, giverPersonId: string): Promise<FullmaktRecord[]> {
  const rows = await baseQuery(db)
    .where('f.giver_person_id', '=', giverPersonId)
    .where('f.kind', '=', 'assigned')
    .orderBy('f.valid_from')
    .orderBy('f.id')
    .execute()
  return toRecords(db, rows)
}

export async function findFullmakt(db: Kysely<DB>, id: string): Promise<FullmaktRecord | null> {
  const row = await baseQuery(db).where('f.id', '=', id).executeTakeFirst()
  return row === undefined ? null : ((await toRecords(db, [row]))[0] ?? null)
}

/**
 * Locks the giver's fullmakter for the rest of the transaction: every registration, change and end of a giver's
 * fullmakter takes this lock first, so two at once cannot both pass the duplicate check. An advisory lock on the
 * giver's id, so it needs no row of the registry's.
 */
export async function lockGiver(trx: Kysely<DB>, giverPersonId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`fullmakt-giver:${giverPersonId}`}, 0))`.execute(trx)
}

/** Fullmakter from the giver to the proxy not revoked and not expired at `now` (a current one may start later). */
export async function listCurrentBetween(trx: Kysely<DB>, giverPersonId: string, proxyPersonId: string, now: Date) {
  return trx
    .selectFrom('fullmakt')
    .select(['id', 'kind'])
    .where('giver_person_id', '=', giverPersonId)
    .where('proxy_person_id', '=', proxyPersonId)
    .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', now)]))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .execute()
}

export type NewFullmaktRow = {
  giverPersonId: string
  proxyPersonId: string
  kind: FullmaktKind
  areas: readonly ServiceArea[]
  validFrom: Date
  validTo: Date | null
  replacesId: string | null
  registeredByStaffId: string | null
  createdAt: Date
}

export async function insertFullmakt(trx: Kysely<DB>, f: NewFullmaktRow): Promise<string> {
  const row = await trx
    .insertInto('fullmakt')
    .values({
      giver_person_id: f.giverPersonId,
      proxy_person_id: f.proxyPersonId,
      kind: f.kind,
      areas: [...f.areas],
      valid_from: f.validFrom,
      valid_to: f.validTo,
      revoked_at: null,
      created_at: f.createdAt,
      replaces_fullmakt_id: f.replacesId,
      registered_by_staff_id: f.registeredByStaffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * Revokes a fullmakt that is still unrevoked; false when someone else got there first (the caller answers 409).
 */
export async function revokeFullmakt(trx: Kysely<DB>, id: string, at: Date, by: { personId: string } | { staffId: string }): Promise<boolean> {
  const result = await trx
    .updateTable('fullmakt')
    .set({
      revoked_at: at,
      revoked_by_person_id: 'personId' in by ? by.personId : null,
      revoked_by_staff_id: 'staffId' in by ? by.staffId : null,
    })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
