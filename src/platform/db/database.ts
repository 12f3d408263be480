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

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
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
    // Same text representation of dates as on PostgreSQL above.
    parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
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
