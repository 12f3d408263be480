import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.ts'
import type { Config } from '../config.ts'
import { seedVestfoldDemo } from '../registry/demo/vestfold-demo.ts'
import { type DatabaseHandle, openDatabase } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { seedDemoSystemClients } from './demo-clients.ts'
import { deleteExpiredSessions } from './identity/sessions.repository.ts'

export type Runtime = { config: Config; database: DatabaseHandle; app: FastifyInstance; close(): Promise<void> }

/** The composition root: config → database → migrate → (demo data) → HTTP; closed in reverse. */
export async function startRuntime(config: Config, opts: { listen: boolean }): Promise<Runtime> {
  const database = await openDatabase(config.database)
  try {
    await migrateToLatest(database.db)
    if (config.demoData) await seedDemo(database, config)
    const app = await buildApp({ config, db: database.db })
    if (opts.listen) await app.listen({ host: config.host, port: config.port })
    else await app.ready()
    // Expired sessions, logins and provider records are of no use and hold nothing worth keeping.
    const sweeper = setInterval(() => {
      deleteExpiredSessions(database.db, new Date()).catch((error: Error) => app.log.warn({ err: { type: error.name } }, 'session sweep failed'))
    }, 10 * 60_000)
    sweeper.unref()
    return {
      config,
      database,
      app,
      async close() {
        clearInterval(sweeper)
        await app.close()
        await database.close()
      },
    }
  } catch (error) {
    await database.close()
    throw error
  }
}

export async function seedDemo(database: DatabaseHandle, config: Config): Promise<{ inserted: boolean; clients: number }> {
  const { inserted } = await seedVestfoldDemo(database.db)
  const clients = await seedDemoSystemClients(database.db, config.secretKey)
  return { inserted, clients }
}
