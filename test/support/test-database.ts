import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { inject } from 'vitest'
import type { Database } from '../../src/config.ts'
import type { StartServerOptions } from '../../src/server.ts'
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.ts'
import { createDatabase, databaseUrl, fillTemplate, type TemplateName, type TestDatabaseTemplates, withAdmin } from './database-templates.ts'

export type TestDatabase = DatabaseHandle & { config: Database }

/**
 * A database of its own for one test file, dropped again on close: in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (CI runs both). It is a copy of a template the global setup made
 * once for the run (test/support/global-setup.ts): `migrated` (the default) has every migration and no rows, `demo`
 * adds the Vestfold demo as startTestApp seeds it. Outside a run with that setup it is made here, the slow way.
 */
export async function openTestDatabase(template: TemplateName = 'migrated'): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    const config: Database = { kind: 'pglite', dataDir: null }
    const dump = await pgliteTemplateDump(template)
    const handle = await openDatabase(config, dump ? { loadDataDir: dump } : {})
    if (!dump) await fillTemplate(handle.db, template)
    return { ...handle, config }
  }
  const copy = await copyPostgresTemplate(serverUrl, template)
  const config: Database = { kind: 'postgres', url: copy.url }
  const handle = await openDatabase(config)
  if (!copy.filled) await fillTemplate(handle.db, template)
  return {
    ...handle,
    config,
    async close() {
      await handle.close()
      await copy.drop()
    },
  }
}

/**
 * For a whole server (startServer) on a copy of `template`, as openTestDatabase makes one: the options to pass to
 * startServer, and `drop` to call once the server has closed. The server runs the migrations and seeds itself; from
 * the template there is nothing left for it to migrate.
 */
export async function testServerDatabase(
  template: TemplateName = 'migrated',
): Promise<{ options: Pick<StartServerOptions, 'databaseUrl' | 'loadDataDir'>; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    const dump = await pgliteTemplateDump(template)
    return { options: dump ? { loadDataDir: dump } : {}, drop: async () => {} }
  }
  const copy = await copyPostgresTemplate(serverUrl, template)
  return { options: { databaseUrl: copy.url }, drop: copy.drop }
}

/** The run's PGlite dump of `template`, for PGlite.create's loadDataDir; undefined when the run made none. */
export async function pgliteTemplateDump(template: TemplateName): Promise<Blob | undefined> {
  const templates: TestDatabaseTemplates | undefined = inject('sambandTestDatabases')
  return templates?.kind === 'pglite' ? new Blob([await readFile(templates.dumps[template])]) : undefined
}

type ServerDatabase = { url: string; filled: boolean; drop(): Promise<void> }

/**
 * A new database on the server named by `serverUrl`: a copy of the run's `template` (filled), or without the global
 * setup an empty one (not filled).
 */
async function copyPostgresTemplate(serverUrl: string, template: TemplateName): Promise<ServerDatabase> {
  const templates: TestDatabaseTemplates | undefined = inject('sambandTestDatabases')
  if (templates?.kind !== 'postgres' || templates.serverUrl !== serverUrl) {
    const name = `samband_test_${randomBytes(6).toString('hex')}`
    await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`))
    return { url: databaseUrl(serverUrl, name), filled: false, drop: () => dropDatabase(serverUrl, name) }
  }
  const name = `${templates.runPrefix}${randomBytes(6).toString('hex')}`
  await withAdmin(serverUrl, (admin) => createDatabase(admin, name, templates.databases[template], templates.comment))
  return { url: databaseUrl(serverUrl, name), filled: true, drop: () => dropDatabase(serverUrl, name) }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}
