import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    -- The organisation number a client acts for, as its tokens carry it: identity reads its clients without the
    -- registry's organisation table. A number is an organisation's lasting identity (Enhetsregisteret).
    ALTER TABLE system_client ADD COLUMN organisation_number text;
    UPDATE system_client c SET organisation_number = o.organisation_number FROM organisation o WHERE o.id = c.organisation_id;
    ALTER TABLE system_client ALTER COLUMN organisation_number SET NOT NULL;
  `)) {
    await sql.raw(statement).execute(db)
  }
}
