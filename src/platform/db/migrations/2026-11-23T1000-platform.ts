import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    CREATE TABLE organisation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_number text NOT NULL,
      name text NOT NULL,
      kind text NOT NULL,
      municipality_number text,
      her_id integer,
      parent_id uuid REFERENCES organisation (id),
      is_partner boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT organisation_number_format CHECK (organisation_number ~ '^[0-9]{9}$'),
      CONSTRAINT organisation_kind_known CHECK (kind IN ('hospital', 'municipality', 'gp_office', 'specialist', 'legevakt', 'other')),
      CONSTRAINT organisation_municipality_number_format CHECK (municipality_number IS NULL OR municipality_number ~ '^[0-9]{4}$'),
      CONSTRAINT organisation_number_unique UNIQUE (organisation_number),
      CONSTRAINT organisation_her_id_unique UNIQUE (her_id)
    );

    CREATE TABLE service (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      name text NOT NULL,
      kind text NOT NULL,
      her_id integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT service_her_id_unique UNIQUE (her_id)
    );
    CREATE INDEX service_organisation_idx ON service (organisation_id);

    CREATE TABLE person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      national_id text NOT NULL,
      given_name text NOT NULL,
      family_name text NOT NULL,
      birth_date date NOT NULL,
      address_line text,
      postal_code text,
      city text,
      municipality_number text,
      confidential_address boolean NOT NULL DEFAULT false,
      deceased_at date,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT person_national_id_format CHECK (national_id ~ '^[0-9]{11}$'),
      CONSTRAINT person_national_id_unique UNIQUE (national_id)
    );

    CREATE TABLE parental_relation (
      parent_person_id uuid NOT NULL REFERENCES person (id),
      child_person_id uuid NOT NULL REFERENCES person (id),
      parental_responsibility boolean NOT NULL DEFAULT true,
      CONSTRAINT parental_relation_pk PRIMARY KEY (parent_person_id, child_person_id),
      CONSTRAINT parental_relation_not_self CHECK (parent_person_id <> child_person_id)
    );
    CREATE INDEX parental_relation_child_idx ON parental_relation (child_person_id);

    CREATE TABLE fullmakt (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      giver_person_id uuid NOT NULL REFERENCES person (id),
      proxy_person_id uuid NOT NULL REFERENCES person (id),
      kind text NOT NULL,
      areas text[] NOT NULL,
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT fullmakt_kind_known CHECK (kind IN ('ordinary', 'assigned')),
      CONSTRAINT fullmakt_not_self CHECK (giver_person_id <> proxy_person_id),
      CONSTRAINT fullmakt_valid_period CHECK (valid_to IS NULL OR valid_to > valid_from)
    );
    CREATE INDEX fullmakt_giver_idx ON fullmakt (giver_person_id);
    CREATE INDEX fullmakt_proxy_idx ON fullmakt (proxy_person_id);

    CREATE TABLE staff (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      hpr_number text,
      national_id text NOT NULL,
      given_name text NOT NULL,
      family_name text NOT NULL,
      profession text,
      is_platform_operator boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT staff_hpr_number_format CHECK (hpr_number IS NULL OR hpr_number ~ '^[0-9]{7,9}$'),
      CONSTRAINT staff_hpr_number_unique UNIQUE (hpr_number),
      CONSTRAINT staff_national_id_unique UNIQUE (national_id)
    );

    CREATE TABLE staff_membership (
      staff_id uuid NOT NULL REFERENCES staff (id),
      service_id uuid NOT NULL REFERENCES service (id),
      roles text[] NOT NULL,
      valid_from timestamptz NOT NULL DEFAULT now(),
      valid_to timestamptz,
      CONSTRAINT staff_membership_pk PRIMARY KEY (staff_id, service_id)
    );
    CREATE INDEX staff_membership_service_idx ON staff_membership (service_id);

    CREATE TABLE care_relation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_person_id uuid NOT NULL REFERENCES person (id),
      service_id uuid NOT NULL REFERENCES service (id),
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      CONSTRAINT care_relation_valid_period CHECK (valid_to IS NULL OR valid_to > valid_from)
    );
    CREATE INDEX care_relation_patient_idx ON care_relation (patient_person_id);

    CREATE TABLE system_client (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id text NOT NULL,
      -- Encrypted (AES-256-GCM under SECRET_KEY): the token endpoint needs to compare it.
      secret_ciphertext text NOT NULL,
      name text NOT NULL,
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      scopes text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      CONSTRAINT system_client_client_id_unique UNIQUE (client_id)
    );

    CREATE TABLE session (
      id text PRIMARY KEY,
      kind text NOT NULL,
      person_id uuid REFERENCES person (id),
      staff_id uuid REFERENCES staff (id),
      service_id uuid REFERENCES service (id),
      csrf_token text NOT NULL,
      id_token_hint text,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CONSTRAINT session_kind_known CHECK (kind IN ('citizen', 'staff')),
      CONSTRAINT session_subject CHECK ((kind = 'citizen' AND person_id IS NOT NULL) OR (kind = 'staff' AND staff_id IS NOT NULL))
    );
    CREATE INDEX session_expires_idx ON session (expires_at);

    -- State of logins in progress (state, nonce, PKCE verifier), so any process can finish a login.
    CREATE TABLE login_attempt (
      state text PRIMARY KEY,
      kind text NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      return_to text NOT NULL,
      expires_at timestamptz NOT NULL
    );

    -- Storage for the embedded OpenID provider (grants, codes, sessions, interactions).
    CREATE TABLE idp_payload (
      model text NOT NULL,
      id text NOT NULL,
      payload jsonb NOT NULL,
      grant_id text,
      user_code text,
      uid text,
      expires_at timestamptz,
      consumed_at timestamptz,
      CONSTRAINT idp_payload_pk PRIMARY KEY (model, id)
    );
    CREATE INDEX idp_payload_grant_idx ON idp_payload (grant_id);
    CREATE INDEX idp_payload_uid_idx ON idp_payload (uid);
    CREATE INDEX idp_payload_expires_idx ON idp_payload (expires_at);

    CREATE TABLE idp_signing_key (
      kid text PRIMARY KEY,
      private_jwk jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      at timestamptz NOT NULL,
      request_id text,
      actor_type text NOT NULL,
      actor_id text,
      actor_name text,
      actor_role text,
      on_behalf_of_person_id uuid,
      organisation_id uuid,
      service_id uuid,
      action text NOT NULL,
      resource_type text NOT NULL,
      resource_id text,
      patient_person_id uuid,
      reason text,
      decision text NOT NULL,
      decision_basis text,
      emergency boolean NOT NULL DEFAULT false,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      CONSTRAINT audit_log_decision_known CHECK (decision IN ('allowed', 'denied')),
      CONSTRAINT audit_log_hash_unique UNIQUE (hash)
    );
    CREATE INDEX audit_log_patient_idx ON audit_log (patient_person_id, at);

    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $fn$;
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

    -- One row: the chain's head. Writers lock it so that links are appended one at a time.
    CREATE TABLE audit_chain_head (
      singleton boolean PRIMARY KEY DEFAULT true,
      seq bigint NOT NULL,
      hash text NOT NULL,
      CONSTRAINT audit_chain_head_singleton CHECK (singleton)
    );
    INSERT INTO audit_chain_head (singleton, seq, hash) VALUES (true, 0, repeat('0', 64));
  `)) {
    await sql.raw(statement).execute(db)
  }
}
