/**
 * A periodic task on a real database (PGlite, or PostgreSQL with DATABASE_URL): at most one run per interval, however
 * many processes poll, and a failed run is not counted. Replaces pg-boss's schedule for the sweep of expired sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../test/support/test-database.ts'
import type { DatabaseHandle } from '../db/database.ts'
import { DEMO_PEOPLE, seedRegistryDemo } from '../../registry/index.ts'
import { createSession, deleteExpiredSessions, findSession } from '../identity/sessions.repository.ts'
import { createPeriodicTask } from './periodic-task.ts'

const T0 = new Date('2026-11-23T12:00:00Z')
const MINUTE = 60_000

let database: DatabaseHandle

beforeAll(async () => {
  database = await openTestDatabase()
  await seedRegistryDemo(database.db)
}, 60_000)

afterAll(async () => {
  await database?.close()
})

describe('createPeriodicTask', () => {
  it('runs at most once per interval, also when two processes poll at the same moment', async () => {
    let now = T0
    const runs: Date[] = []
    const process = () =>
      createPeriodicTask({
        name: 'test.once-per-interval',
        db: database.db,
        now: () => now,
        everyMs: 10 * MINUTE,
        task: async (_trx, at) => {
          runs.push(at)
          // Long enough for the other process to find the row locked.
          await new Promise((r) => setTimeout(r, 20))
        },
      })
    const [a, b] = [process(), process()]
    expect((await Promise.all([a.runOnce(), b.runOnce()])).sort()).toEqual([false, true])
    expect(await a.runOnce()).toBe(false)
    now = new Date(T0.getTime() + 9 * MINUTE)
    expect(await b.runOnce()).toBe(false)
    now = new Date(T0.getTime() + 10 * MINUTE)
    expect((await Promise.all([a.runOnce(), b.runOnce()])).sort()).toEqual([false, true])
    expect(runs).toEqual([T0, new Date(T0.getTime() + 10 * MINUTE)])
  })

  it('a run that fails is not counted: the next poll tries again', async () => {
    let fail = true
    let runs = 0
    const task = createPeriodicTask({
      name: 'test.failing',
      db: database.db,
      now: () => T0,
      everyMs: 10 * MINUTE,
      task: async () => {
        runs++
        if (fail) throw new Error('database hiccup')
      },
    })
    await expect(task.runOnce()).rejects.toThrow('database hiccup')
    fail = false
    expect(await task.runOnce()).toBe(true)
    expect(await task.runOnce()).toBe(false)
    expect(runs).toBe(2)
  })

  it('as the sweep of expired sessions: they go, live ones stay, in the task’s transaction', async () => {
    const input = { kind: 'citizen' as const, personId: DEMO_PEOPLE.kariNordmann.id, staffId: null, serviceId: null, idTokenHint: null }
    const old = await createSession(database.db, input, 5, new Date(T0.getTime() - 60 * MINUTE))
    const live = await createSession(database.db, input, 60, T0)
    const sweep = createPeriodicTask({
      name: 'platform.sweep-expired',
      db: database.db,
      now: () => T0,
      everyMs: 10 * MINUTE,
      task: async (trx, at) => {
        await deleteExpiredSessions(trx, at)
      },
    })
    expect(await sweep.runOnce()).toBe(true)
    expect(await database.db.selectFrom('session').select('id').execute()).toHaveLength(1)
    expect(await findSession(database.db, live.token, T0)).not.toBeNull()
    expect(await findSession(database.db, old.token, new Date(0))).toBeNull()
  })

  it('polls on its own once started, and stops cleanly', async () => {
    let runs = 0
    const task = createPeriodicTask({
      name: 'test.polling',
      db: database.db,
      now: () => new Date(T0.getTime() + runs * 10 * MINUTE),
      everyMs: 10 * MINUTE,
      pollMs: 1_000,
      task: async () => {
        runs++
      },
    })
    await task.start()
    for (let i = 0; i < 100 && runs === 0; i++) await new Promise((r) => setTimeout(r, 20))
    await task.stop()
    expect(runs).toBe(1)
  })
})
