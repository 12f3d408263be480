import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    -- The embedded stand-in for the contact and reservation register (KRR). It is the register's own storage, not a
    -- copy in Samband: the notification worker asks it at every send and keeps nothing of the answer. Keyed by
    -- national id with no reference to person, because the register lives outside Samband's person registry.
    CREATE TABLE contact_register_entry (
      national_id text PRIMARY KEY,
      email text,
      mobile text,
      reserved boolean NOT NULL DEFAULT false,
      -- When the person last confirmed the contact details; after 18 months they count as passive (KRR's rule).
      last_confirmed_at timestamptz NOT NULL,
      CONSTRAINT contact_register_entry_national_id_format CHECK (national_id ~ '^[0-9]{11}$'),
      CONSTRAINT contact_register_entry_mobile_format CHECK (mobile IS NULL OR mobile ~ '^\\+[0-9]{8,15}$')
    );

    -- The citizen's chosen notification level; no row means the default ('normal').
    CREATE TABLE notification_preference (
      person_id uuid PRIMARY KEY REFERENCES person (id),
      level text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT notification_preference_level_known CHECK (level IN ('begrenset', 'normal', 'full'))
    );

    -- SMS and e-mail notifications waiting to go out. Written in the transaction that causes them; holds no content
    -- and no contact details (those are looked up in the register when the row is sent).
    CREATE TABLE notification_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- The caller's name for the event (e.g. 'citizen-message:<id>'): the same event is enqueued once per person.
      event_key text NOT NULL,
      person_id uuid NOT NULL REFERENCES person (id),
      kind text NOT NULL,
      -- Null when the sender is marked sensitive: the name is then not even kept.
      sender_name text,
      sender_sensitive boolean NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      next_attempt_at timestamptz NOT NULL,
      completed_at timestamptz,
      channel text,
      -- Why a row was skipped or failed, as a code (never an address).
      outcome_reason text,
      CONSTRAINT notification_outbox_event_once UNIQUE (event_key, person_id),
      CONSTRAINT notification_outbox_status_known CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
      CONSTRAINT notification_outbox_channel_known CHECK (channel IS NULL OR channel IN ('sms', 'email')),
      CONSTRAINT notification_outbox_attempts_nonnegative CHECK (attempts >= 0)
    );
    CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX notification_outbox_person_idx ON notification_outbox (person_id, created_at);
  `)) {
    await sql.raw(statement).execute(db)
  }
}
