import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    -- Staff's work on citizen threads (issue 10, item 18): who in the service has the thread, internal notes, and the
    -- service's answer templates. None of it is ever shown to citizens.
    ALTER TABLE citizen_thread ADD COLUMN assigned_staff_id uuid REFERENCES staff (id);
    ALTER TABLE citizen_thread ADD COLUMN assigned_at timestamptz;
    CREATE INDEX citizen_thread_assigned_idx ON citizen_thread (service_id, assigned_staff_id) WHERE assigned_staff_id IS NOT NULL;
    CREATE INDEX citizen_thread_service_citizen_idx ON citizen_thread (service_id, citizen_person_id);

    CREATE TABLE citizen_thread_note (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      thread_id uuid NOT NULL REFERENCES citizen_thread (id),
      body text NOT NULL,
      written_by_staff_id uuid NOT NULL REFERENCES staff (id),
      author_name text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX citizen_thread_note_thread_idx ON citizen_thread_note (thread_id, created_at);

    CREATE TABLE service_answer_template (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      service_id uuid NOT NULL REFERENCES service (id),
      title text NOT NULL,
      body text NOT NULL,
      updated_by_staff_id uuid NOT NULL REFERENCES staff (id),
      updated_at timestamptz NOT NULL,
      CONSTRAINT service_answer_template_title_unique UNIQUE (service_id, title)
    );
  `)) {
    await sql.raw(statement).execute(db)
  }
}
