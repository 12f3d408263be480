import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'
import { open, seal } from './secret-box.ts'

/** Scopes a system client may be given. Kept in step with the access policy's SYSTEM_SCOPES. */
export const DEFAULT_SYSTEM_SCOPES = ['samband/registry.read', 'samband/organisation.read', 'samband/organisation.write']

export const NewSystemClientSchema = z.object({
  organisationNumber: z.string().regex(/^[0-9]{9}$/, 'must be 9 digits'),
  name: z.string().trim().min(2).max(200),
  scopes: z.array(z.string().regex(/^samband\/[a-z.]+$/, 'must look like samband/area.read')).min(1).default(DEFAULT_SYSTEM_SCOPES),
})
export type NewSystemClient = z.input<typeof NewSystemClientSchema>

export type IssuedClient = { clientId: string; clientSecret: string; organisationNumber: string; name: string; scopes: string[] }

/** Registers a system client; the secret is returned only here, and stored sealed. */
export async function addSystemClient(
  db: Kysely<DB>,
  secretKey: string,
  input: NewSystemClient,
  fixed?: { clientId: string; clientSecret: string },
): Promise<IssuedClient> {
  const parsed = NewSystemClientSchema.parse(input)
  const organisation = await db
    .selectFrom('organisation')
    .select(['id'])
    .where('organisation_number', '=', parsed.organisationNumber)
    .executeTakeFirst()
  if (!organisation) throw new AppError('not-found', `Ingen organisasjon med organisasjonsnummer ${parsed.organisationNumber}.`)
  const clientId = fixed?.clientId ?? `samband-${randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x')}`
  const clientSecret = fixed?.clientSecret ?? randomBytes(32).toString('base64url')
  await db
    .insertInto('system_client')
    .values({
      client_id: clientId,
      secret_ciphertext: seal(secretKey, clientSecret),
      name: parsed.name,
      organisation_id: organisation.id,
      scopes: parsed.scopes,
    })
    .execute()
  return { clientId, clientSecret, organisationNumber: parsed.organisationNumber, name: parsed.name, scopes: parsed.scopes }
}

export type SystemClientRecord = {
  clientId: string
  clientSecret: string
  name: string
  organisationId: string
  organisationNumber: string
  scopes: string[]
}

export async function findActiveSystemClient(db: Kysely<DB>, secretKey: string, clientId: string): Promise<SystemClientRecord | null> {
  const row = await db
    .selectFrom('system_client as c')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .select(['c.client_id', 'c.secret_ciphertext', 'c.name', 'c.organisation_id', 'o.organisation_number', 'c.scopes'])
    .where('c.client_id', '=', clientId)
    .where('c.revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  return {
    clientId: row.client_id,
    clientSecret: open(secretKey, row.secret_ciphertext),
    name: row.name,
    organisationId: row.organisation_id,
    organisationNumber: row.organisation_number,
    scopes: row.scopes,
  }
}

export async function listSystemClients(db: Kysely<DB>) {
  return db
    .selectFrom('system_client as c')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .select(['c.client_id as clientId', 'c.name', 'o.organisation_number as organisationNumber', 'c.scopes', 'c.created_at as createdAt', 'c.revoked_at as revokedAt'])
    .orderBy('c.created_at')
    .execute()
}

export async function revokeSystemClient(db: Kysely<DB>, clientId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('system_client')
    .set({ revoked_at: at })
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
