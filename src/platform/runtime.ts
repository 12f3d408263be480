import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.ts'
import type { Config } from '../config.ts'
import { seedDemoAddressRegistry } from '../exchange/address-registry/vestfold-demo.parties.ts'
import { seedDemoMessages } from '../exchange/demo/vestfold-demo.messages.ts'
import { seedVestfoldDemo } from '../registry/demo/vestfold-demo.ts'
import { seedDemoCitizenServices } from '../citizen/demo/vestfold-demo.citizen-services.ts'
import { seedDemoContactRegister } from '../citizen/notifications/demo-contact-register.ts'
import { seedDemoThreads } from '../citizen/demo/vestfold-demo.threads.ts'
import { type DatabaseHandle, type OpenDatabaseOptions, openDatabase } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { seedDemoSystemClients } from './demo-clients.ts'
import { deleteExpiredSessions } from './identity/sessions.repository.ts'
import { type JobQueue, startJobQueue } from './jobs/job-queue.ts'

export type Runtime = { config: Config; database: DatabaseHandle; jobs: JobQueue; app: FastifyInstance; close(): Promise<void> }

const SWEEP_QUEUE = 'platform.sweep-expired'

/** The composition root: config → database → migrate → (demo data) → jobs → HTTP; closed in reverse. */
export async function startRuntime(config: Config, opts: { listen: boolean } & OpenDatabaseOptions): Promise<Runtime> {
  const database = await openDatabase(config.database, { loadDataDir: opts.loadDataDir })
  let jobs: JobQueue | null = null
  try {
    await migrateToLatest(database.db)
    if (config.demoData) await seedDemo(database, config)
    jobs = await startJobQueue(database)
    await scheduleSweeps(jobs, database)
    const app = await buildApp({ config, db: database.db })
    if (config.demoData) await seedDemoMessages(app.exchange.deps)
    if (opts.listen) await app.listen({ host: config.host, port: config.port })
    else await app.ready()
    return {
      config,
      database,
      jobs,
      app,
      async close() {
        await app.close()
        await jobs?.stop()
        await database.close()
      },
    }
  } catch (error) {
    await jobs?.stop()
    await database.close()
    throw error
  }
}

/** Expired sessions, logins and provider records hold nothing worth keeping; one process sweeps. */
async function scheduleSweeps(jobs: JobQueue, database: DatabaseHandle): Promise<void> {
  await jobs.boss.createQueue(SWEEP_QUEUE)
  await jobs.boss.schedule(SWEEP_QUEUE, '*/10 * * * *')
  await jobs.boss.work(SWEEP_QUEUE, async () => {
    await deleteExpiredSessions(database.db, new Date())
  })
}

export async function seedDemo(database: DatabaseHandle, config: Config): Promise<{ inserted: boolean; clients: number; parties: number }> {
  const { inserted } = await seedVestfoldDemo(database.db)
  const clients = await seedDemoSystemClients(database.db, config.secretKey)
  const parties = await seedDemoAddressRegistry(database.db)
  await seedDemoCitizenServices(database.db)
  await seedDemoContactRegister(database.db)
  await seedDemoThreads(database.db)
  return { inserted, clients, parties }
}
