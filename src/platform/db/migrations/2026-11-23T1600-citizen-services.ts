import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    -- Samband's own parties (the citizen services) are local but owned by no organisation, so that no EPJ client can
    -- send in their name.
    ALTER TABLE communication_party ADD COLUMN platform_party boolean NOT NULL DEFAULT false;
    ALTER TABLE communication_party DROP CONSTRAINT communication_party_local_owner;
    ALTER TABLE communication_party ADD CONSTRAINT communication_party_local_owner
      CHECK (installation <> 'local' OR organisation_id IS NOT NULL OR platform_party);

    -- A service whose name alone reveals something sensitive (e.g. a rus team) is never named in SMS or e-mail.
    ALTER TABLE service ADD COLUMN sensitive_name boolean NOT NULL DEFAULT false;

    -- What a citizen needs to reach a service: shown on the health-contacts page.
    CREATE TABLE service_contact_info (
      service_id uuid PRIMARY KEY REFERENCES service (id),
      phone text,
      email text,
      visiting_address text,
      postal_code text,
      city text,
      opening_hours text,
      about text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- The citizen's primary contact (primærkontakt) in a service, e.g. a named nurse in hjemmetjenesten.
    CREATE TABLE primary_contact (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_person_id uuid NOT NULL REFERENCES person (id),
      service_id uuid NOT NULL REFERENCES service (id),
      staff_id uuid NOT NULL REFERENCES staff (id),
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      CONSTRAINT primary_contact_valid_period CHECK (valid_to IS NULL OR valid_to > valid_from)
    );
    CREATE INDEX primary_contact_patient_idx ON primary_contact (patient_person_id);

    -- A change to a fullmakt is a new fullmakt that replaces the old one (the old one is revoked); who registered and
    -- who ended it are kept for the history the citizen sees.
    ALTER TABLE fullmakt ADD COLUMN replaces_fullmakt_id uuid REFERENCES fullmakt (id);
    ALTER TABLE fullmakt ADD COLUMN registered_by_staff_id uuid REFERENCES staff (id);
    ALTER TABLE fullmakt ADD COLUMN revoked_by_person_id uuid REFERENCES person (id);
    ALTER TABLE fullmakt ADD COLUMN revoked_by_staff_id uuid REFERENCES staff (id);

    -- ---------------------------------------------------------------------------------------------------------------
    -- Municipality onboarding (CIT-13, CIT-14)

    -- Versions of the general terms, the special terms of each digital service and the data processing agreement.
    CREATE TABLE terms_version (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      document text NOT NULL,
      -- For special terms: the digital service they are for; null for the general terms and the DPA.
      digital_service text,
      version text NOT NULL,
      title text NOT NULL,
      change_log text NOT NULL,
      published_at timestamptz NOT NULL,
      effective_from timestamptz NOT NULL,
      CONSTRAINT terms_version_document_known CHECK (document IN ('general', 'special', 'dpa')),
      CONSTRAINT terms_version_special_has_service CHECK ((document = 'special') = (digital_service IS NOT NULL)),
      CONSTRAINT terms_version_unique UNIQUE (title, version)
    );

    -- One row per municipality that has ordered the connection.
    CREATE TABLE municipality_onboarding (
      organisation_id uuid PRIMARY KEY REFERENCES organisation (id),
      connection_ordered_at timestamptz NOT NULL,
      connected_at timestamptz,
      digifin_member boolean NOT NULL DEFAULT false,
      connection_fee_nok integer,
      epj_product text,
      -- The digital services the municipality's EPJ supports; activation is refused for any other.
      epj_supported_services text[] NOT NULL DEFAULT '{}',
      -- A DPA is needed where the operator processes personal data on the municipality's behalf.
      dpa_required boolean NOT NULL DEFAULT true,
      CONSTRAINT municipality_onboarding_fee_nonnegative CHECK (connection_fee_nok IS NULL OR connection_fee_nok >= 0)
    );

    CREATE TABLE terms_acceptance (
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      terms_version_id uuid NOT NULL REFERENCES terms_version (id),
      accepted_at timestamptz NOT NULL,
      accepted_by_name text NOT NULL,
      CONSTRAINT terms_acceptance_pk PRIMARY KEY (organisation_id, terms_version_id)
    );

    -- A service opened for a digital service (e.g. messages). Deactivation ends the row; reactivation adds a new one.
    CREATE TABLE digital_service_activation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      service_id uuid NOT NULL REFERENCES service (id),
      digital_service text NOT NULL,
      activated_at timestamptz NOT NULL,
      activated_by_staff_id uuid REFERENCES staff (id),
      deactivated_at timestamptz,
      CONSTRAINT digital_service_activation_period CHECK (deactivated_at IS NULL OR deactivated_at >= activated_at)
    );
    CREATE UNIQUE INDEX digital_service_activation_active_unique ON digital_service_activation (service_id, digital_service)
      WHERE deactivated_at IS NULL;

    CREATE TABLE municipality_termination (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      initiated_by text NOT NULL,
      notice_given_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      reason text,
      recorded_by_staff_id uuid REFERENCES staff (id),
      withdrawn_at timestamptz,
      CONSTRAINT municipality_termination_initiator_known CHECK (initiated_by IN ('municipality', 'operator')),
      CONSTRAINT municipality_termination_period CHECK (ends_at > notice_given_at)
    );
    CREATE UNIQUE INDEX municipality_termination_one_active ON municipality_termination (organisation_id)
      WHERE withdrawn_at IS NULL;

    -- ---------------------------------------------------------------------------------------------------------------
    -- Messages between citizens and municipal services (CIT-1, CIT-8)

    CREATE TABLE citizen_thread (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- The municipality always addresses the citizen, also when a proxy wrote.
      citizen_person_id uuid NOT NULL REFERENCES person (id),
      service_id uuid NOT NULL REFERENCES service (id),
      subject text NOT NULL,
      status text NOT NULL DEFAULT 'open',
      -- MsgId of the dialogue's first Dialogmelding: RefToConversation of every later one in the EPJ.
      conversation_ref text NOT NULL,
      created_at timestamptz NOT NULL,
      last_message_at timestamptz NOT NULL,
      -- When the oldest unanswered citizen message should be answered; null while nothing waits for the service.
      answer_due_at timestamptz,
      closed_at timestamptz,
      closed_by_name text,
      CONSTRAINT citizen_thread_status_known CHECK (status IN ('open', 'closed')),
      CONSTRAINT citizen_thread_closed_consistent CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
      CONSTRAINT citizen_thread_conversation_ref_unique UNIQUE (conversation_ref)
    );
    CREATE INDEX citizen_thread_citizen_idx ON citizen_thread (citizen_person_id, last_message_at DESC);
    CREATE INDEX citizen_thread_service_idx ON citizen_thread (service_id, last_message_at DESC);

    CREATE TABLE citizen_message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      thread_id uuid NOT NULL REFERENCES citizen_thread (id),
      from_side text NOT NULL,
      body text NOT NULL,
      -- Who actually wrote it: the citizen or a representative (person), a staff member, or an EPJ (system client).
      written_by_person_id uuid REFERENCES person (id),
      written_by_staff_id uuid REFERENCES staff (id),
      written_by_client_id text,
      author_name text NOT NULL,
      -- For a citizen-side message: self, fullmakt, assigned-fullmakt or parent.
      representation_basis text,
      created_at timestamptz NOT NULL,
      -- Read by the other side (the service for a citizen message; the citizen or a representative otherwise).
      read_at timestamptz,
      -- MsgId of this message's Dialogmelding in the message exchange.
      msg_id text NOT NULL,
      -- For messages sent on to the service's EPJ: pending until handed to the exchange, then the exchange's id.
      exchange_state text NOT NULL DEFAULT 'none',
      exchange_message_id uuid,
      -- The caller's Idempotency-Key, so a retried POST does not write a message twice.
      idempotency_key text,
      CONSTRAINT citizen_message_side_known CHECK (from_side IN ('citizen', 'service')),
      CONSTRAINT citizen_message_exchange_state_known CHECK (exchange_state IN ('none', 'pending', 'submitted')),
      CONSTRAINT citizen_message_one_writer CHECK (num_nonnulls(written_by_person_id, written_by_staff_id, written_by_client_id) = 1),
      CONSTRAINT citizen_message_msg_id_unique UNIQUE (msg_id)
    );
    CREATE INDEX citizen_message_thread_idx ON citizen_message (thread_id, created_at);
    CREATE INDEX citizen_message_exchange_pending_idx ON citizen_message (created_at) WHERE exchange_state = 'pending';
    CREATE UNIQUE INDEX citizen_message_idempotency_unique ON citizen_message (thread_id, idempotency_key)
      WHERE idempotency_key IS NOT NULL;

    CREATE TABLE citizen_message_attachment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      message_id uuid NOT NULL REFERENCES citizen_message (id),
      file_name text NOT NULL,
      content_type text NOT NULL,
      byte_size integer NOT NULL,
      sha256 text NOT NULL,
      content bytea NOT NULL,
      CONSTRAINT citizen_message_attachment_type_known CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
      CONSTRAINT citizen_message_attachment_size CHECK (byte_size > 0 AND byte_size = octet_length(content))
    );
    CREATE INDEX citizen_message_attachment_message_idx ON citizen_message_attachment (message_id);
  `)) {
    await sql.raw(statement).execute(db)
  }
}
