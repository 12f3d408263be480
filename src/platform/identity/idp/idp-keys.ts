import { exportJWK, generateKeyPair, type JWK } from 'jose'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'

/**
 * The embedded provider's signing key lives in the database, so every process signs and verifies
 * with the same key and tokens outlive restarts. Made once, on first start.
 */
export async function loadOrCreateSigningKey(db: Kysely<DB>): Promise<JWK> {
  const existing = await db.selectFrom('idp_signing_key').select('private_jwk').orderBy('created_at', 'desc').limit(1).executeTakeFirst()
  if (existing) return existing.private_jwk as JWK
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: `samband-${Date.now().toString(36)}` }
  await db
    .insertInto('idp_signing_key')
    .values({ kid: jwk.kid, private_jwk: JSON.stringify(jwk) })
    .onConflict((oc) => oc.doNothing())
    .execute()
  // Another process may have won the race: use whatever is stored.
  const stored = await db.selectFrom('idp_signing_key').select('private_jwk').orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow()
  return stored.private_jwk as JWK
}

export function publicJwkOf(privateJwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = privateJwk
  return publicPart
}
