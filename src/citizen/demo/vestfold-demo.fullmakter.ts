/** The demo's fullmakter (Per for his mother Ingrid; Liv's assigned one for her father Odd), with their fixed ids. */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { DEMO_FULLMAKTER, DEMO_VALID_FROM } from '../../registry/index.ts'

export async function seedDemoFullmakter(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('fullmakt')
    .values(
      Object.values(DEMO_FULLMAKTER).map((f) => ({
        id: f.id,
        giver_person_id: f.giverPersonId,
        proxy_person_id: f.proxyPersonId,
        kind: f.kind,
        areas: [...f.areas],
        valid_from: f.validFrom,
        valid_to: f.validTo,
        revoked_at: f.revokedAt,
        // created_at as every demo row's: a fixed instant, so two seeded databases are equal row for row.
        created_at: DEMO_VALID_FROM,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}
