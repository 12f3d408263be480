import { randomBytes } from 'node:crypto'
import { importJWK } from 'jose'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'
import { NHN_MSH_SCOPE } from './identity.claims.ts'
import type { PeopleDirectory } from './people-directory.ts'
import { open, seal } from './secret-box.ts'

/** Scopes a system client may be given. Kept in step with the access policy's SYSTEM_SCOPES. */
export const DEFAULT_SYSTEM_SCOPES = ['samband/registry.read', 'samband/organisation.read', 'samband/organisation.write']

/** Asymmetric algorithms only, as HelseID: for client assertions and DPoP proofs alike. */
export const SYSTEM_CLIENT_SIGNING_ALGS = ['RS256', 'PS256', 'ES256'] as const

// Members that only private or symmetric keys have: a client's JWKS must never hold a secret.
const SECRET_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']

export const PublicJwkSchema = z
  .looseObject({
    kty: z.enum(['RSA', 'EC'], 'must be RSA or EC'),
    kid: z.string().min(1).max(200).optional(),
    use: z.literal('sig', 'must be sig').optional(),
    alg: z.enum(SYSTEM_CLIENT_SIGNING_ALGS, `must be one of ${SYSTEM_CLIENT_SIGNING_ALGS.join(', ')}`).optional(),
    crv: z.literal('P-256', 'only P-256 (ES256) is supported').optional(),
  })
  .refine((jwk) => SECRET_JWK_MEMBERS.every((m) => !(m in jwk)), 'must be a public key (no private or symmetric key members)')
  .refine((jwk) => jwk.kty !== 'EC' || jwk.crv === 'P-256', { message: 'an EC key needs crv P-256', path: ['crv'] })
export type PublicJwk = z.output<typeof PublicJwkSchema>

/** Input is any list, so a JWKS read from a file or made with jose can be passed as it is. */
export const PublicJwksSchema = z.object({ keys: z.array(z.unknown()).min(1).max(10).pipe(z.array(PublicJwkSchema)) })
export type PublicJwks = z.output<typeof PublicJwksSchema>

export const SystemScopeSchema = z
  .string()
  .refine((s) => /^samband\/[a-z.]+$/.test(s) || s === NHN_MSH_SCOPE, `must look like samband/area.read, or be ${NHN_MSH_SCOPE}`)

export const NewSystemClientSchema = z.object({
  organisationNumber: z.string().regex(/^[0-9]{9}$/, 'must be 9 digits'),
  name: z.string().trim().min(2).max(200),
  scopes: z.array(SystemScopeSchema).min(1).default(DEFAULT_SYSTEM_SCOPES),
  /** A public JWKS makes a private_key_jwt client (no secret); without it the client gets a secret. */
  jwks: PublicJwksSchema.optional(),
})
export type NewSystemClient = z.input<typeof NewSystemClientSchema>

type IssuedBase = { clientId: string; organisationNumber: string; name: string; scopes: string[] }
export type SecretIssuedClient = IssuedBase & { tokenEndpointAuthMethod: 'client_secret_basic'; clientSecret: string }
export type KeyIssuedClient = IssuedBase & { tokenEndpointAuthMethod: 'private_key_jwt'; jwks: PublicJwks }
export type IssuedClient = SecretIssuedClient | KeyIssuedClient

/** What registering a client needs: its table, the key its secret is sealed with, and where organisations are found. */
export type SystemClientDeps = { db: Kysely<DB>; secretKey: string; directory: Pick<PeopleDirectory, 'organisationByNumber'> }

/**
 * Registers a system client. With a public JWKS it authenticates with private_key_jwt and has no
 * secret; otherwise the secret is returned only here, and stored sealed.
 */
export async function addSystemClient(deps: SystemClientDeps, input: NewSystemClient & { jwks: NonNullable<NewSystemClient['jwks']> }): Promise<KeyIssuedClient>
export async function addSystemClient(
  deps: SystemClientDeps,
  input: NewSystemClient & { jwks?: undefined },
  fixed?: { clientId: string; clientSecret: string },
): Promise<SecretIssuedClient>
export async function addSystemClient(deps: SystemClientDeps, input: NewSystemClient): Promise<IssuedClient>
export async function addSystemClient(
  deps: SystemClientDeps,
  input: NewSystemClient,
  fixed?: { clientId: string; clientSecret: string },
): Promise<IssuedClient> {
  const { db, secretKey } = deps
  const parsed = NewSystemClientSchema.parse(input)
  if (parsed.jwks) await assertUsableKeys(parsed.jwks)
  const organisation = await deps.directory.organisationByNumber(parsed.organisationNumber)
  if (!organisation) throw new AppError('not-found', `Ingen organisasjon med organisasjonsnummer ${parsed.organisationNumber}.`)
  const clientId =
    fixed?.clientId ??
    `samband-${randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`
  const clientSecret = parsed.jwks ? null : (fixed?.clientSecret ?? randomBytes(32).toString('base64url'))
  await db
    .insertInto('system_client')
    .values({
      client_id: clientId,
      secret_ciphertext: clientSecret === null ? null : seal(secretKey, clientSecret),
      jwks: parsed.jwks ? JSON.stringify(parsed.jwks) : null,
      name: parsed.name,
      organisation_id: organisation.id,
      organisation_number: parsed.organisationNumber,
      scopes: parsed.scopes,
    })
    .execute()
  const base = { clientId, organisationNumber: parsed.organisationNumber, name: parsed.name, scopes: parsed.scopes }
  return parsed.jwks
    ? { ...base, tokenEndpointAuthMethod: 'private_key_jwt', jwks: parsed.jwks }
    : { ...base, tokenEndpointAuthMethod: 'client_secret_basic', clientSecret: clientSecret as string }
}

/** Every key must be one the token endpoint can verify with, so a broken JWKS fails at registration. */
async function assertUsableKeys(jwks: PublicJwks): Promise<void> {
  for (const [index, jwk] of jwks.keys.entries()) {
    const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256')
    const unusable = (message: string) =>
      new AppError('validation-failed', `Nøkkel nr. ${index + 1} i JWKS-en kan ikke brukes: ${message}.`, [{ path: `jwks.keys.${index}`, message }])
    try {
      await importJWK(jwk as never, alg)
    } catch {
      throw unusable('ugyldig offentlig nøkkel')
    }
    if (jwk.kty === 'RSA' && Buffer.from(String(jwk.n), 'base64url').length * 8 < 2048) throw unusable('RSA-nøkkelen må være minst 2048 bit')
  }
}

export type SystemClientRecord = {
  clientId: string
  /** Null for a private_key_jwt client. */
  clientSecret: string | null
  /** The public keys of a private_key_jwt client; null for a secret client. */
  jwks: { keys: Record<string, unknown>[] } | null
  name: string
  organisationId: string
  organisationNumber: string
  scopes: string[]
}

export async function findActiveSystemClient(db: Kysely<DB>, secretKey: string, clientId: string): Promise<SystemClientRecord | null> {
  const row = await db
    .selectFrom('system_client')
    .select(['client_id', 'secret_ciphertext', 'jwks', 'name', 'organisation_id', 'organisation_number', 'scopes'])
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  return {
    clientId: row.client_id,
    clientSecret: row.secret_ciphertext === null ? null : open(secretKey, row.secret_ciphertext),
    jwks: row.jwks,
    name: row.name,
    organisationId: row.organisation_id,
    organisationNumber: row.organisation_number,
    scopes: row.scopes,
  }
}

export async function listSystemClients(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('system_client')
    .select([
      'client_id as clientId',
      'name',
      'organisation_number as organisationNumber',
      'scopes',
      'jwks',
      'created_at as createdAt',
      'revoked_at as revokedAt',
    ])
    .orderBy('created_at')
    .execute()
  return rows.map(({ jwks, ...row }) => ({
    ...row,
    tokenEndpointAuthMethod: jwks ? ('private_key_jwt' as const) : ('client_secret_basic' as const),
  }))
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
