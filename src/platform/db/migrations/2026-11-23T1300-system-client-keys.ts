import { type Kysely, sql } from 'kysely'
import { statements } from './sql-script.ts'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements(`
    -- private_key_jwt clients (as HelseID's) have a public JWKS and no secret; each client has exactly one.
    ALTER TABLE system_client ALTER COLUMN secret_ciphertext DROP NOT NULL;
    ALTER TABLE system_client ADD COLUMN jwks jsonb;
    ALTER TABLE system_client ADD CONSTRAINT system_client_one_credential
      CHECK ((secret_ciphertext IS NULL) <> (jwks IS NULL));

    -- DPoP proof ids seen by the API (RFC 9449 §11.1); kept until the proof's iat window has passed.
    CREATE TABLE dpop_proof_replay (
      jti text PRIMARY KEY,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX dpop_proof_replay_expires_idx ON dpop_proof_replay (expires_at);
  `)) {
    await sql.raw(statement).execute(db)
  }
}
