import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    -- Login CSRF: a login attempt belongs to the browser that started it. Only a hash of that browser's
    -- binding cookie is stored; attempts from before this column (at most ten minutes old) cannot finish.
    ALTER TABLE login_attempt ADD COLUMN browser_binding text;
  `)) {
    await sql.raw(statement).execute(db)
  }
}
