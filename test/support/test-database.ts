import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { inject } from 'vitest'
import type { Database } from '../../src/config.ts'
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
  const templates: TestDatabaseTemplates | undefined = inject('sambandTestDatabases')
  if (!serverUrl) {
    const config: Database = { kind: 'pglite', dataDir: null }
    if (templates?.kind === 'pglite') {
      const dump = new Blob([await readFile(templates.dumps[template])])
      return { ...(await openDatabase(config, { loadDataDir: dump })), config }
    }
    const handle = await openDatabase(config)
    await fillTemplate(handle.db, template)
    return { ...handle, config }
  }
  const copy =
    templates?.kind === 'postgres' && templates.serverUrl === serverUrl
      ? await copyPostgresTemplate(serverUrl, templates.runPrefix, templates.databases[template], templates.comment)
      : await createFreshPostgresDatabase(serverUrl)
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

type ServerDatabase = { url: string; filled: boolean; drop(): Promise<void> }

/** A new database on the server named by `serverUrl`, copied from `template`. */
async function copyPostgresTemplate(serverUrl: string, runPrefix: string, template: string, comment: string): Promise<ServerDatabase> {
  const name = `${runPrefix}${randomBytes(6).toString('hex')}`
  await withAdmin(serverUrl, (admin) => createDatabase(admin, name, template, comment))
  return { url: databaseUrl(serverUrl, name), filled: true, drop: () => dropDatabase(serverUrl, name) }
}

/** A new, empty database on the server named by `serverUrl`, and a way to drop it again. */
export async function createFreshPostgresDatabase(serverUrl: string): Promise<ServerDatabase> {
  const name = `samband_test_${randomBytes(6).toString('hex')}`
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`))
  return { url: databaseUrl(serverUrl, name), filled: false, drop: () => dropDatabase(serverUrl, name) }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}
