import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../test/support/test-database.ts'
import type { DatabaseHandle } from '../../platform/db/database.ts'
import type { DB } from '../../platform/db/schema.ts'
import { DEMO, seedRegistryDemo } from '../../registry/index.ts'
import { seedDemoFullmakter } from './vestfold-demo.fullmakter.ts'

let handle: DatabaseHandle
let db: Kysely<DB>

beforeAll(async () => {
  handle = await openTestDatabase()
  db = handle.db
  await seedRegistryDemo(db)
  await seedDemoFullmakter(db)
  // Idempotent: a second run adds nothing.
  await seedDemoFullmakter(db)
})

afterAll(async () => {
  await handle?.close()
})

describe('seedDemoFullmakter', () => {
  it("stores Per's ordinary fullmakt from Ingrid and Liv's assigned one from Odd", async () => {
    const rows = await db.selectFrom('fullmakt').selectAll().orderBy('id').execute()
    expect(rows).toMatchObject([
      {
        giver_person_id: DEMO.people.ingridBerg.id,
        proxy_person_id: DEMO.people.perBerg.id,
        kind: 'ordinary',
        areas: ['messages', 'appointments', 'health-contacts', 'home-visits', 'letters'],
        valid_from: new Date('2024-12-31T23:00:00Z'),
        valid_to: null,
        revoked_at: null,
      },
      { giver_person_id: DEMO.people.oddDahl.id, proxy_person_id: DEMO.people.livDahl.id, kind: 'assigned' },
    ])
    expect(rows[1]?.areas).toContain('consents')
  })

  it('stores each of the demo constants once', async () => {
    const rows = await db.selectFrom('fullmakt').select('id').orderBy('id').execute()
    expect(rows.map((r) => r.id)).toEqual(
      Object.values(DEMO.fullmakter)
        .map((f) => f.id)
        .sort(),
    )
  })
})
