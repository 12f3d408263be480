import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../test/support/test-database.ts'
import type { DatabaseHandle } from '../db/database.ts'
import { type JobQueue, startJobQueue } from './job-queue.ts'

// The smoke test ARCHITECTURE.md asks for: migrate → transactional enqueue → worker → shutdown,
// on PGlite and (with DATABASE_URL) on PostgreSQL.

let database: DatabaseHandle
let queue: JobQueue

beforeAll(async () => {
  database = await openTestDatabase()
  await sql`CREATE TABLE smoke_note (id serial PRIMARY KEY, text text NOT NULL)`.execute(database.db)
  queue = await startJobQueue(database)
  await queue.boss.createQueue('smoke')
}, 60_000)

afterAll(async () => {
  await queue?.stop()
  await database?.close()
})

async function waitFor<T>(check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('job queue on the same database', () => {
  it('delivers a job enqueued in a committed transaction to a worker, and none from a rolled-back one', async () => {
    const received: string[] = []
    await queue.boss.work<{ note: string }>('smoke', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) received.push(job.data.note)
    })

    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('smoke_note' as never)
          .values({ text: 'rolled back' } as never)
          .execute()
        await queue.sendInTransaction(trx, 'smoke', { note: 'rolled back' })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')

    await database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('smoke_note' as never)
        .values({ text: 'committed' } as never)
        .execute()
      await queue.sendInTransaction(trx, 'smoke', { note: 'committed' })
    })

    await waitFor(() => (received.includes('committed') ? true : undefined))
    // Give a wrongly enqueued job the same chance to arrive before asserting it never does.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(received).toEqual(['committed'])
    const notes = await sql<{ text: string }>`SELECT text FROM smoke_note`.execute(database.db)
    expect(notes.rows.map((r) => r.text)).toEqual(['committed'])
  }, 30_000)
})
