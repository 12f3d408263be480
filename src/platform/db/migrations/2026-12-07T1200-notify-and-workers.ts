import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    -- The development mailbox: what would have been e-mailed or sent by SMS where no SMTP server or SMS gateway is
    -- configured (development and demos only; production refuses it). The recipient is kept as the contact register
    -- gave it; the demo's people are synthetic.
    CREATE TABLE dev_mailbox_message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- Orders messages that share a time (a fixed test clock): newest first is sent_at, then seq.
      seq bigint GENERATED ALWAYS AS IDENTITY,
      channel text NOT NULL,
      recipient text NOT NULL,
      subject text,
      body text NOT NULL,
      kind text,
      sent_at timestamptz NOT NULL,
      CONSTRAINT dev_mailbox_message_channel_known CHECK (channel IN ('email', 'sms')),
      CONSTRAINT dev_mailbox_message_subject_is_email CHECK ((subject IS NOT NULL) = (channel = 'email'))
    );
    CREATE INDEX dev_mailbox_message_newest_idx ON dev_mailbox_message (sent_at DESC, seq DESC);

    -- Tasks that run at most once per interval across all processes (the sweep of expired sessions): a process locks
    -- the task's row (FOR UPDATE SKIP LOCKED), runs it when last_run_at is old enough, and moves last_run_at.
    CREATE TABLE periodic_task (
      name text PRIMARY KEY,
      last_run_at timestamptz NOT NULL
    );

    -- The alert e-mails go through the shared outbox worker, which leases a row while it sends it (no transaction
    -- is held open across the SMTP call) and sets the next attempt by backoff after a failure. Null: due from
    -- created_at, the first attempt.
    ALTER TABLE exchange_alert ADD COLUMN next_attempt_at timestamptz;

    -- Background work runs on the polling model alone (ADR 0011); pg-boss ran only the session sweep, and its own
    -- tables go with it.
    DROP SCHEMA IF EXISTS pgboss CASCADE;
  `)) {
    await sql.raw(statement).execute(db)
  }
}
