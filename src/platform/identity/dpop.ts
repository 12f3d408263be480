import { createHash } from 'node:crypto'
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, errors, type JWK, jwtVerify } from 'jose'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { SYSTEM_CLIENT_SIGNING_ALGS } from './system-clients.ts'

/** How far a proof's iat may be from our clock (RFC 9449 §11.1 leaves the window to the server). */
export const DPOP_IAT_WINDOW_SECONDS = 5 * 60
const MAX_PROOF_LENGTH = 8192
const MAX_JTI_LENGTH = 256
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
// Members only private or symmetric keys have; a proof must carry its public key only.
const SECRET_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']

/** A proof that fails a check; `message` is bokmål and safe to show (it names no personal data). */
export class DpopProofError extends Error {
  override readonly name = 'DpopProofError'
}

export type VerifiedDpopProof = {
  /** RFC 7638 SHA-256 thumbprint of the proof's key: must equal the token's cnf.jkt. */
  jkt: string
  jti: string
  /** Until when the jti must be remembered: after that its iat is outside the window anyway. */
  replayUntil: Date
}

/** The URL a proof's htu must name: the public origin and the request's path, no query or fragment. */
export function expectedHtu(publicUrl: string, requestUrl: string): string {
  const path = requestUrl.split(/[?#]/, 1)[0] || '/'
  // Concatenated, not resolved: a path like //host/x must stay a path on our origin.
  return normaliseHtu(`${new URL(publicUrl).origin}${path.startsWith('/') ? path : `/${path}`}`) as string
}

/** htu compared as URLs (case of scheme and host, default port, dot segments), without query or fragment. */
export function normaliseHtu(value: string): string | null {
  const url = URL.parse(value)
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null
  url.search = ''
  url.hash = ''
  return url.href
}

export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url')
}

/**
 * Checks a DPoP proof (RFC 9449 §4.3) for one request: signature by the public key in its own
 * header, typ, an asymmetric alg, htm, htu, iat within the window and ath. Replay (jti) and the
 * token's binding are the caller's: see rememberDpopJti and the token's cnf.jkt.
 */
export async function verifyDpopProof(
  proof: string | string[] | undefined,
  expected: { method: string; htu: string; accessToken: string; now: Date },
): Promise<VerifiedDpopProof> {
  if (proof === undefined || proof === '') throw new DpopProofError('DPoP-beviset mangler (DPoP-headeren).')
  if (typeof proof !== 'string' || proof.length > MAX_PROOF_LENGTH || !COMPACT_JWS.test(proof)) {
    throw new DpopProofError('DPoP-headeren må inneholde nøyaktig ett DPoP-bevis (en signert JWT).')
  }
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(proof)
  } catch {
    throw new DpopProofError('DPoP-beviset kan ikke leses.')
  }
  if (header.typ !== 'dpop+jwt') throw new DpopProofError('DPoP-beviset må ha typ «dpop+jwt».')
  if (!(SYSTEM_CLIENT_SIGNING_ALGS as readonly string[]).includes(String(header.alg))) {
    throw new DpopProofError(`DPoP-beviset må være signert med ${SYSTEM_CLIENT_SIGNING_ALGS.join(', ')}.`)
  }
  const jwk = header.jwk as Record<string, unknown> | undefined
  if (!jwk || typeof jwk !== 'object' || (jwk.kty !== 'RSA' && jwk.kty !== 'EC')) {
    throw new DpopProofError('DPoP-beviset må ha en offentlig RSA- eller EC-nøkkel i «jwk».')
  }
  if (SECRET_JWK_MEMBERS.some((m) => m in jwk)) throw new DpopProofError('DPoP-beviset inneholder en privat nøkkel; bare den offentlige skal sendes.')

  let payload: Record<string, unknown>
  try {
    // EmbeddedJWK verifies with the header's own key and refuses private and symmetric keys.
    ;({ payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: [...SYSTEM_CLIENT_SIGNING_ALGS], currentDate: expected.now }))
  } catch (error) {
    if (error instanceof errors.JWTClaimValidationFailed) throw new DpopProofError(`DPoP-beviset har en ugyldig ${error.claim}.`)
    if (error instanceof errors.JWSSignatureVerificationFailed) throw new DpopProofError('Signaturen på DPoP-beviset er ugyldig.')
    throw new DpopProofError('DPoP-beviset er ugyldig (nøkkel eller signatur).')
  }

  const { jti, iat, htm, htu, ath } = payload
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) throw new DpopProofError('DPoP-beviset mangler en gyldig jti.')
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new DpopProofError('DPoP-beviset mangler iat.')
  const nowSeconds = expected.now.getTime() / 1000
  if (Math.abs(nowSeconds - iat) > DPOP_IAT_WINDOW_SECONDS) throw new DpopProofError('DPoP-beviset er for gammelt eller datert fram i tid (iat).')
  if (htm !== expected.method) throw new DpopProofError('DPoP-beviset gjelder en annen HTTP-metode (htm).')
  if (typeof htu !== 'string' || normaliseHtu(htu) !== expected.htu) throw new DpopProofError('DPoP-beviset gjelder en annen adresse (htu).')
  if (ath !== accessTokenHash(expected.accessToken)) throw new DpopProofError('DPoP-beviset gjelder en annen tilgangsnøkkel (ath).')

  return {
    jkt: await calculateJwkThumbprint(jwk as JWK, 'sha256'),
    jti,
    replayUntil: new Date((Math.max(iat, nowSeconds) + DPOP_IAT_WINDOW_SECONDS + 1) * 1000),
  }
}

/**
 * Records a proof's jti; false when it was seen before and is still remembered. One statement:
 * a row whose time has passed is taken over, so expired rows never block a proof.
 */
export async function rememberDpopJti(db: Kysely<DB>, jti: string, until: Date, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('dpop_proof_replay')
    .values({ jti, expires_at: until })
    .onConflict((oc) =>
      oc
        .column('jti')
        .doUpdateSet({ expires_at: (eb) => eb.ref('excluded.expires_at') })
        .where('dpop_proof_replay.expires_at', '<=', now),
    )
    .returning('jti')
    .executeTakeFirst()
  return row !== undefined
}

export async function deleteExpiredDpopJtis(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db.deleteFrom('dpop_proof_replay').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
