/** The fullmakter the access policy weighs: every fullmakt given or received by these people, whatever its validity. */
import type { Kysely, Selectable } from 'kysely'
import { type Fullmakt, toServiceAreas } from '../../platform/access/access.types.ts'
import type { DB, FullmaktTable } from '../../platform/db/schema.ts'

export function toFullmakt(row: Selectable<FullmaktTable>): Fullmakt {
  return {
    id: row.id,
    giverPersonId: row.giver_person_id,
    proxyPersonId: row.proxy_person_id,
    kind: row.kind,
    areas: toServiceAreas(row.areas),
    validFrom: row.valid_from,
    validTo: row.valid_to,
    revokedAt: row.revoked_at,
  }
}

/** The policy judges validity against its clock, and can then say why (expired, revoked, not yet valid). */
export async function loadFullmaktFacts(db: Kysely<DB>, personIds: readonly string[]): Promise<Fullmakt[]> {
  const ids = [...new Set(personIds)]
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('fullmakt')
    .selectAll()
    .where((eb) => eb.or([eb('giver_person_id', 'in', ids), eb('proxy_person_id', 'in', ids)]))
    .orderBy('id')
    .execute()
  return rows.map(toFullmakt)
}
