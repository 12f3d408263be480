// Bytes in and out of the database (attachments, exchange documents) on PGlite and on PostgreSQL: exact, as Buffers,
// also in slices, and fast enough for a message with 25 MB of attachments.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts'

let t: TestDatabase

beforeAll(async () => {
  t = await openTestDatabase()
  await sql`CREATE TABLE bytea_round_trip (id int PRIMARY KEY, content bytea NOT NULL)`.execute(t.db)
}, 60_000)

afterAll(async () => {
  await t?.close()
}, 60_000)

describe('bytea', { timeout: 60_000 }, () => {
  it('every byte value goes in and comes back as the same Buffer, whole and in slices', async () => {
    const content = Buffer.from(Array.from({ length: 3 * 256 + 7 }, (_, i) => i % 256))
    await sql`INSERT INTO bytea_round_trip VALUES (1, ${content})`.execute(t.db)
    const { rows } = await sql<{ content: Buffer; slice: Buffer }>`
      SELECT content, substring(content FROM 257 FOR 256) AS slice FROM bytea_round_trip WHERE id = 1`.execute(t.db)
    expect(Buffer.isBuffer(rows[0]?.content)).toBe(true)
    expect(rows[0]?.content.equals(content)).toBe(true)
    expect(rows[0]?.slice.equals(content.subarray(256, 512))).toBe(true)
  })

  it('five megabytes go in and out in well under a second each way', async () => {
    const content = Buffer.alloc(5_000_000, 0xa5)
    const started = performance.now()
    await sql`INSERT INTO bytea_round_trip VALUES (2, ${content})`.execute(t.db)
    const { rows } = await sql<{ content: Buffer }>`SELECT content FROM bytea_round_trip WHERE id = 2`.execute(t.db)
    const ms = performance.now() - started
    expect(rows[0]?.content.length).toBe(content.length)
    // PGlite's own converters took tens of seconds for this on a busy machine; Buffer's hex takes milliseconds.
    expect(ms).toBeLessThan(5_000)
  })
})
