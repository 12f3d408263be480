import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database as DatabaseConfig } from '../../config.ts'
import type { DB } from './schema.ts'

/** The database handle, and how it was opened (tools and tests that open another handle on the same database read these). */
export type DatabaseHandle = {
  db: Kysely<DB>
  /** Set on PGlite: the single embedded instance. */
  pglite: PGlite | null
  /** Set on PostgreSQL: the connection string. */
  url: string | null
  close(): Promise<void>
}

// PostgreSQL returns `date` as text so birth dates never shift with the process time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v)
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v))

/** Where a new PGlite database starts from: `loadDataDir` is a `dumpDataDir()` tarball, copied instead of running initdb. */
export type OpenDatabaseOptions = { loadDataDir?: Blob }

export async function openDatabase(config: DatabaseConfig, options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: 10 })
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool discards it and the next query opens a new one.
    pool.on('error', (error: Error & { code?: string }) => process.emitWarning(`database connection lost (${error.code ?? error.name})`))
    // Fail fast with a clear message when the server is not there.
    const client = await pool.connect()
    client.release()
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { db, pglite: null, url: config.url, close: () => db.destroy() }
  }
  const pglite = await PGlite.create(config.dataDir ?? undefined, {
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // Same text representation of dates as on PostgreSQL above. bytea (17) in and out through Buffer's native hex:
    // PGlite's own converters go byte by byte through JavaScript strings, minutes for a message with 25 MB of
    // attachments (and gigabytes of garbage on the way).
    parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v), 17: (v: string) => Buffer.from(v.slice(2), 'hex') },
    serializers: { 17: (v: unknown) => `\\x${hexOf(v)}` },
  })
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
  return {
    db,
    pglite,
    url: null,
    close: async () => {
      await db.destroy()
      if (!pglite.closed) await pglite.close()
    },
  }
}

/** A bytea parameter's bytes as hex; anything else is refused (as PGlite's own serializer does). */
function hexOf(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError('bytea takes a Buffer or Uint8Array')
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')
}
