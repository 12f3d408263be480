import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    -- The address registry (like NHN's Adresseregister): every party that can send or receive messages.
    CREATE TABLE communication_party (
      her_id integer PRIMARY KEY,
      kind text NOT NULL,
      name text NOT NULL,
      parent_her_id integer REFERENCES communication_party (her_id),
      organisation_number text,
      -- The organisation in this installation that owns the party; null for parties of other installations.
      organisation_id uuid REFERENCES organisation (id),
      service_id uuid REFERENCES service (id),
      hpr_number text,
      -- 'local', or the name of the installation that serves the party (reached over AMQP).
      installation text NOT NULL DEFAULT 'local',
      -- Where alerts about overdue receipts go (the service's contact point).
      contact_email text,
      active boolean NOT NULL DEFAULT true,
      CONSTRAINT communication_party_kind_known CHECK (kind IN ('organisation', 'service', 'person')),
      CONSTRAINT communication_party_her_id_positive CHECK (her_id > 0),
      CONSTRAINT communication_party_organisation_number_format CHECK (organisation_number IS NULL OR organisation_number ~ '^[0-9]{9}$'),
      CONSTRAINT communication_party_local_owner CHECK (installation <> 'local' OR organisation_id IS NOT NULL)
    );
    CREATE INDEX communication_party_parent_idx ON communication_party (parent_her_id);
    CREATE INDEX communication_party_organisation_idx ON communication_party (organisation_id);
    CREATE INDEX communication_party_orgnr_idx ON communication_party (organisation_number);

    -- The message processes a party can receive: MsgInfo/Type (kodeverk 8279) and the payload's namespace.
    CREATE TABLE party_process (
      her_id integer NOT NULL REFERENCES communication_party (her_id),
      msg_type text NOT NULL,
      payload_namespace text NOT NULL,
      CONSTRAINT party_process_pk PRIMARY KEY (her_id, msg_type, payload_namespace)
    );

    -- Every business document received or written, byte for byte. One row per (sender, MsgId): duplicates are refused here.
    CREATE TABLE exchange_message (
      id uuid PRIMARY KEY,
      sender_her_id integer NOT NULL,
      msg_id text NOT NULL,
      msg_type text NOT NULL,
      gen_date timestamptz NOT NULL,
      gen_date_text text NOT NULL,
      is_apprec boolean NOT NULL,
      -- For an AppRec: the message it answers.
      original_message_id uuid REFERENCES exchange_message (id),
      ref_to_parent text,
      ref_to_conversation text,
      patient_person_id uuid REFERENCES person (id),
      content_type text NOT NULL,
      document bytea NOT NULL,
      document_sha256 text NOT NULL,
      source text NOT NULL,
      source_system text,
      -- The client id or staff id that submitted it; null for documents Samband wrote or received over AMQP.
      submitted_by text,
      received_at timestamptz NOT NULL,
      CONSTRAINT exchange_message_source_known CHECK (source IN ('msh', 'portal', 'amqp', 'samband')),
      CONSTRAINT exchange_message_sender_msg_id_unique UNIQUE (sender_her_id, msg_id)
    );
    CREATE INDEX exchange_message_sender_idx ON exchange_message (sender_her_id, received_at DESC);
    CREATE INDEX exchange_message_original_idx ON exchange_message (original_message_id);
    CREATE INDEX exchange_message_conversation_idx ON exchange_message (ref_to_conversation);
    CREATE INDEX exchange_message_msg_id_idx ON exchange_message (msg_id);

    -- One row per receiver of a message: the delivery state machine, and the outbox the dispatcher works from.
    CREATE TABLE exchange_delivery (
      message_id uuid NOT NULL REFERENCES exchange_message (id),
      receiver_her_id integer NOT NULL,
      receiver_role text NOT NULL,
      route text NOT NULL,
      status text NOT NULL,
      transport_state text NOT NULL,
      gen_date timestamptz NOT NULL,
      apprec_status text,
      apprec_errors jsonb,
      apprec_message_id uuid REFERENCES exchange_message (id),
      failure_reason text,
      -- When the dispatcher should (re)send: set while the delivery waits for transport; null otherwise.
      next_attempt_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      resends integer NOT NULL DEFAULT 0,
      delivered_at timestamptz,
      read_at timestamptz,
      answered_at timestamptz,
      -- No AppRec by then: resend/overdue. Null for deliveries that expect no AppRec (AppRecs themselves, Ack=N).
      deadline_at timestamptz,
      overdue_at timestamptz,
      CONSTRAINT exchange_delivery_pk PRIMARY KEY (message_id, receiver_her_id),
      CONSTRAINT exchange_delivery_role_known CHECK (receiver_role IN ('primary', 'copy')),
      CONSTRAINT exchange_delivery_route_known CHECK (route IN ('local', 'amqp', 'none')),
      CONSTRAINT exchange_delivery_status_known CHECK (status IN ('received', 'delivered', 'acknowledged', 'rejected', 'failed')),
      CONSTRAINT exchange_delivery_transport_known CHECK (transport_state IN ('Unconfirmed', 'Acknowledged', 'Rejected')),
      CONSTRAINT exchange_delivery_apprec_known CHECK (apprec_status IS NULL OR apprec_status IN ('Ok', 'Rejected', 'OkErrorInMessagePart'))
    );
    CREATE INDEX exchange_delivery_dispatch_idx ON exchange_delivery (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
    CREATE INDEX exchange_delivery_unread_idx ON exchange_delivery (receiver_her_id, gen_date)
      WHERE read_at IS NULL AND status IN ('delivered', 'acknowledged', 'rejected');
    CREATE INDEX exchange_delivery_inbox_idx ON exchange_delivery (receiver_her_id, gen_date DESC);
    CREATE INDEX exchange_delivery_deadline_idx ON exchange_delivery (deadline_at)
      WHERE apprec_status IS NULL AND overdue_at IS NULL AND deadline_at IS NOT NULL;

    -- Alerts to a sending service: a receipt that did not arrive in time.
    CREATE TABLE exchange_alert (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      message_id uuid NOT NULL REFERENCES exchange_message (id),
      receiver_her_id integer NOT NULL,
      sender_her_id integer NOT NULL,
      kind text NOT NULL,
      created_at timestamptz NOT NULL,
      notified_at timestamptz,
      notify_attempts integer NOT NULL DEFAULT 0,
      resolved_at timestamptz,
      CONSTRAINT exchange_alert_kind_known CHECK (kind IN ('apprec-overdue', 'delivery-failed')),
      CONSTRAINT exchange_alert_once UNIQUE (message_id, receiver_her_id, kind)
    );
    CREATE INDEX exchange_alert_sender_idx ON exchange_alert (sender_her_id, created_at DESC);
    CREATE INDEX exchange_alert_unnotified_idx ON exchange_alert (created_at) WHERE notified_at IS NULL;
  `)) {
    await sql.raw(statement).execute(db)
  }
}
