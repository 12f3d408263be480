import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    -- Whether the document names a patient at all: reads are audit-logged for every such message, also when the
    -- patient is not in Samband's person registry (patient_person_id is then null).
    ALTER TABLE exchange_message ADD COLUMN has_patient boolean NOT NULL DEFAULT false;
    -- MsgInfo/Ack as sent (kodeverk 7304), null when absent: decides whether the receiver owes an AppRec.
    ALTER TABLE exchange_message ADD COLUMN ack text;
    UPDATE exchange_message SET has_patient = true WHERE patient_person_id IS NOT NULL;
  `)) {
    await sql.raw(statement).execute(db)
  }
}
