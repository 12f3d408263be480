import type { Transaction } from 'kysely'
import { PgBoss, fromKysely, fromPglite } from 'pg-boss'
import type { DatabaseHandle } from '../db/database.ts'
import type { DB } from '../db/schema.ts'

/**
 * Durable background work on the same database (pg-boss): retries, schedules, and jobs enqueued
 * in the transaction that causes them, so a job exists exactly when its cause was committed.
 */
export type JobQueue = {
  boss: PgBoss
  /** Enqueue inside `trx`; never with the outer handle (on PGlite that waits forever). */
  sendInTransaction(trx: Transaction<DB>, queue: string, data: object, options?: { singletonKey?: string }): Promise<string | null>
  stop(): Promise<void>
}

export async function startJobQueue(database: DatabaseHandle): Promise<JobQueue> {
  const boss = database.pglite
    ? new PgBoss({ backend: 'pglite', db: fromPglite(database.pglite), schema: 'pgboss' })
    : new PgBoss({ connectionString: database.url as string, schema: 'pgboss', max: 4 })
  // pg-boss reports faults as events; without a listener Node would treat them as unhandled.
  boss.on('error', (error: Error) => process.emitWarning(`job queue: ${error.name}: ${error.message}`))
  await boss.start()
  return {
    boss,
    sendInTransaction: (trx, queue, data, options) => boss.send(queue, data, { ...(options ?? {}), db: fromKysely(trx) }),
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  }
}
