import { type Kysely, sql } from 'kysely'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  // What one user did lately (e.g. how many people they looked up in the last minutes), without reading the whole log.
  await sql`CREATE INDEX audit_log_actor_action_idx ON audit_log (actor_id, action, at)`.execute(db)
}
