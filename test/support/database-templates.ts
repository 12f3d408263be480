import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { type Config, loadConfig } from '../../src/config.ts'
import { seedDemoData } from '../../src/demo-data.ts'
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.ts'
import { migrateToLatest } from '../../src/platform/db/migrate.ts'
import type { DB } from '../../src/platform/db/schema.ts'
import { DEMO } from '../../src/registry/index.ts'

/**
 * The databases a test file starts from, made once per test run (test/support/global-setup.ts) and
 * copied for each test file: initdb, the migrations and the demo seed cost seconds, a copy a fraction.
 *
 * - `migrated`: all migrations, no rows;
 * - `demo`: `migrated` plus the Vestfold demo as startTestApp needs it ({@link seedTestDemo}).
 */
export type TemplateName = 'migrated' | 'demo'

/** What the global setup hands to the test files (vitest's provide/inject; plain JSON). */
export type TestDatabaseTemplates =
  /** Files holding PGlite's `dumpDataDir()` tarballs, loaded with `loadDataDir`. */
  | { kind: 'pglite'; dumps: Record<TemplateName, string> }
  /** Databases on `serverUrl` to `CREATE DATABASE … TEMPLATE`; nobody stays connected to them. */
  | { kind: 'postgres'; serverUrl: string; runPrefix: string; comment: string; databases: Record<TemplateName, string> }

declare module 'vitest' {
  export interface ProvidedContext {
    sambandTestDatabases: TestDatabaseTemplates
  }
}

/**
 * The configuration the demo template is seeded with: startTestApp's without a test's own settings. Of it the demo
 * seed reads only the secret key (the demo clients' sealed secrets), so a test app with that key can use the template.
 */
export function templateConfig(): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: ':memory:', DEMO_DATA: 'false' })
}

/**
 * The demo as startTestApp seeds it (no citizen threads), except the contact register: its confirmation dates count
 * back from each test's clock, so startTestApp seeds it itself with `now()`.
 */
export async function seedTestDemo(db: Kysely<DB>, config: Config): Promise<void> {
  await seedDemoData(db, config, DEMO.now, { threads: false })
  await db.deleteFrom('contact_register_entry').execute()
}

/** Brings a fresh migrated database up to `template`. */
export async function fillTemplate(db: Kysely<DB>, template: TemplateName): Promise<void> {
  await migrateToLatest(db)
  if (template === 'demo') await seedTestDemo(db, templateConfig())
}

const TEMPLATES: TemplateName[] = ['migrated', 'demo']

/** Both templates as PGlite dumps in a new temporary folder; `remove` deletes it. */
export async function createPgliteTemplates(): Promise<{ templates: TestDatabaseTemplates; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'samband-test-templates-'))
  const dumps = { migrated: join(dir, 'migrated.tar'), demo: join(dir, 'demo.tar') }
  const handle = await openDatabase({ kind: 'pglite', dataDir: null })
  try {
    // One database, dumped after each step: `demo` is `migrated` plus the seed.
    for (const template of TEMPLATES) {
      if (template === 'migrated') await migrateToLatest(handle.db)
      else await seedTestDemo(handle.db, templateConfig())
      await writeFile(dumps[template], await dumpOf(handle))
    }
  } finally {
    await handle.close()
  }
  return { templates: { kind: 'pglite', dumps }, remove: () => rm(dir, { recursive: true, force: true }) }
}

async function dumpOf(handle: DatabaseHandle): Promise<Uint8Array> {
  if (!handle.pglite) throw new Error('not a PGlite database')
  // Uncompressed: loading a plain tar is faster than gunzipping one for every test file.
  const dump = await handle.pglite.dumpDataDir('none')
  return new Uint8Array(await dump.arrayBuffer())
}

// Every database of one run is named `samband_test_<run id>_…` and carries a comment naming the host and process of
// the run, so that a later run on the same host can drop what a killed run left behind, and nothing of anyone else's.
const RUN_COMMENT = 'samband test run'

/** Both templates as databases on the PostgreSQL server at `serverUrl`; `remove` drops them and every copy of this run. */
export async function createPostgresTemplates(serverUrl: string): Promise<{ templates: TestDatabaseTemplates; remove(): Promise<void> }> {
  await dropStaleRuns(serverUrl)
  const runPrefix = `samband_test_${randomBytes(4).toString('hex')}_`
  const comment = `${RUN_COMMENT} ${JSON.stringify({ host: hostname(), pid: process.pid })}`
  const databases = { migrated: `${runPrefix}migrated`, demo: `${runPrefix}demo` }
  const remove = () => dropRun(serverUrl, runPrefix)
  try {
    let previous: string | null = null
    for (const template of TEMPLATES) {
      const name = databases[template]
      await withAdmin(serverUrl, (admin) => createDatabase(admin, name, previous, comment))
      const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(serverUrl, name) })
      try {
        await fillTemplate(handle.db, template)
      } finally {
        // CREATE DATABASE … TEMPLATE refuses a template anyone is connected to.
        await handle.close()
      }
      previous = name
    }
  } catch (error) {
    await remove()
    throw error
  }
  return { templates: { kind: 'postgres', serverUrl, runPrefix, comment, databases }, remove }
}

/** Creates database `name` (a copy of `template`, or empty) with the run's comment. */
export async function createDatabase(admin: pg.Client, name: string, template: string | null, comment: string): Promise<void> {
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`)
  await admin.query(`COMMENT ON DATABASE ${name} IS ${admin.escapeLiteral(comment)}`)
}

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export async function withAdmin<T>(serverUrl: string, use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    return await use(admin)
  } finally {
    await admin.end()
  }
}

async function dropRun(serverUrl: string, runPrefix: string): Promise<void> {
  await withAdmin(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [runPrefix])
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
  })
}

/** Drops the databases of earlier runs on this host whose process is gone (killed before its teardown). */
async function dropStaleRuns(serverUrl: string): Promise<void> {
  await withAdmin(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string; comment: string }>(
      `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database
       WHERE datname ~ '^samband_test_[0-9a-f]{8}_' AND starts_with(shobj_description(oid, 'pg_database'), $1)`,
      [`${RUN_COMMENT} `],
    )
    for (const { datname, comment } of rows) {
      const owner = ownerOf(comment)
      if (owner && owner.host === hostname() && typeof owner.pid === 'number' && !isAlive(owner.pid)) {
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
      }
    }
  })
}

function ownerOf(comment: string): { host?: unknown; pid?: unknown } | null {
  try {
    return JSON.parse(comment.slice(RUN_COMMENT.length + 1)) as { host?: unknown; pid?: unknown }
  } catch {
    return null
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
