import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.ts'
import { migrateToLatest } from '../../src/platform/db/migrate.ts'
import type { Database } from '../../src/config.ts'

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (CI runs both), dropped again on close.
 */
export async function openTestDatabase(): Promise<DatabaseHandle & { config: Database }> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    const config: Database = { kind: 'pglite', dataDir: null }
    const handle = await openDatabase(config)
    await migrateToLatest(handle.db)
    return { ...handle, config }
  }
  const fresh = await createFreshPostgresDatabase(serverUrl)
  const config: Database = { kind: 'postgres', url: fresh.url }
  const handle = await openDatabase(config)
  await migrateToLatest(handle.db)
  return {
    ...handle,
    config,
    async close() {
      await handle.close()
      await fresh.drop()
    },
  }
}

/** A new, empty database on the server named by `serverUrl`, and a way to drop it again. */
export async function createFreshPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `samband_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl })
      await cleanup.connect()
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await cleanup.end()
    },
  }
}
