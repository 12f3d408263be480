/**
 * A task that runs at most once every `everyMs` across all processes (e.g. the sweep of expired sessions), on the same
 * polling model as every other worker. Each pass locks the task's row in `periodic_task` (FOR UPDATE SKIP LOCKED: a
 * process that finds it locked leaves it to the one running it), runs the task if its last run is at least `everyMs`
 * ago, and records the run — all in one transaction, so a task that fails is not recorded and is tried at the next
 * poll. The row is the schedule: no process needs to be the scheduler.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import { createPollingWorker, type Worker } from './polling-loop.ts'

export type PeriodicTaskOptions = {
  /** The row's key, e.g. 'platform.sweep-expired'. */
  name: string
  db: Kysely<DB>
  now: () => Date
  /** At most one run this often, across processes. */
  everyMs: number
  /** How often each process looks whether a run is due; a tenth of everyMs by default. */
  pollMs?: number
  /** The work, inside the transaction that holds the task's row. Keep it short: it holds the lock. */
  task: (trx: Transaction<DB>, now: Date) => Promise<void>
  onError?: (error: unknown) => void
}

/** Whether the task ran in this pass (false: not due yet, or another process has it). */
export type PeriodicTaskWorker = Worker<boolean>

export function createPeriodicTask(options: PeriodicTaskOptions): PeriodicTaskWorker {
  const { db, name } = options
  let known = false

  async function pass(): Promise<boolean> {
    if (!known) {
      // Outside the run's transaction: two processes starting at once must not wait for each other here.
      await db
        .insertInto('periodic_task')
        .values({ name, last_run_at: new Date(0) })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute()
      known = true
    }
    return db.transaction().execute(async (trx) => {
      const now = options.now()
      const row = await sql<{ last_run_at: Date }>`
        SELECT last_run_at FROM periodic_task WHERE name = ${name} FOR UPDATE SKIP LOCKED
      `.execute(trx)
      const last = row.rows[0]
      if (!last || now.getTime() - new Date(last.last_run_at).getTime() < options.everyMs) return false
      await options.task(trx, now)
      await trx.updateTable('periodic_task').set({ last_run_at: now }).where('name', '=', name).execute()
      return true
    })
  }

  return createPollingWorker({
    name,
    pass,
    more: () => false,
    pollMs: options.pollMs ?? Math.max(1_000, Math.floor(options.everyMs / 10)),
    onError: options.onError,
  })
}
