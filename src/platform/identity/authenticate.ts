import type { FastifyRequest } from 'fastify'
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose'
import type { Kysely } from 'kysely'
import type { Actor } from '../access/access.types.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'
import { DpopProofError, expectedHtu, rememberDpopJti, verifyDpopProof } from './dpop.ts'
import { CLIENT_ORGNR_CLAIM } from './identity.claims.ts'
import type { PeopleDirectory } from './people-directory.ts'
import { findSession, type Session } from './sessions.repository.ts'

export const SESSION_COOKIE = 'samband_session'
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const AUTHORIZATION = /^(Bearer|DPoP)\s+([A-Za-z0-9._~+/-]+=*)$/i
const DPOP_ALGS = 'RS256 PS256 ES256'

/**
 * A 401 with the RFC 9449 §7.1 challenge in `headers` (Fastify's own error handler sends an
 * error's `headers`; ours needs to copy them for the challenge to reach the client).
 */
function invalidToken(detail: string, error: 'invalid_token' | 'invalid_dpop_proof' = 'invalid_token'): AppError {
  return Object.assign(new AppError('invalid-token', detail), { headers: { 'www-authenticate': `DPoP error="${error}", algs="${DPOP_ALGS}"` } })
}

/** Who is calling, as the access policy sees them, plus what the audit log records of them. */
export type Principal = {
  actor: Actor
  via: 'session' | 'token'
  /** For the audit log: a display name and role, never a national identity number. */
  name: string | null
  role: string | null
  organisationId: string | null
  serviceId: string | null
  session: (Session & { token: string }) | null
}

export type Authenticator = {
  /** The caller, or null when the request carries no credentials. Bad credentials are an error. */
  identify(req: FastifyRequest): Promise<Principal | null>
  /** The caller, or a 401. */
  require(req: FastifyRequest): Promise<Principal>
}

export function createAuthenticator(opts: {
  db: Kysely<DB>
  directory: PeopleDirectory
  systemIssuer: string
  apiAudience: string
  /** The embedded provider's keys; without them the issuer's JWKS is fetched. */
  localJwks: { keys: Record<string, unknown>[] } | null
  /** Where clients reach us: a DPoP proof's htu is this origin plus the request's path. */
  publicUrl: string
  /** Refuse system tokens that are not DPoP-bound (cnf.jkt). */
  requireDpop: boolean
  now: () => Date
}): Authenticator {
  const { db, directory } = opts
  const ownOrigin = new URL(opts.publicUrl).origin
  const organisationIds = organisationIdCache(directory)
  let keys: JWTVerifyGetKey | null = null
  async function keySet(): Promise<JWTVerifyGetKey> {
    if (keys) return keys
    if (opts.localJwks) {
      keys = createLocalJWKSet(opts.localJwks as never)
    } else {
      const discovery = await fetch(`${opts.systemIssuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
      const metadata = (await discovery.json()) as { jwks_uri?: string }
      if (!metadata.jwks_uri) throw new Error('The system token issuer publishes no jwks_uri')
      keys = createRemoteJWKSet(new URL(metadata.jwks_uri))
    }
    return keys
  }

  // A system reuses its token for many calls: its signature is checked once and remembered until it expires
  // (expiry is still checked on every call, and revocation is still looked up). Bounded, so it cannot grow.
  const verifiedTokens = new Map<string, Record<string, unknown>>()
  function rememberVerified(token: string, payload: Record<string, unknown>): void {
    if (typeof payload.exp !== 'number') return
    if (verifiedTokens.size >= 5000) verifiedTokens.delete(verifiedTokens.keys().next().value as string)
    verifiedTokens.set(token, payload)
  }

  async function fromToken(req: FastifyRequest, scheme: 'bearer' | 'dpop', token: string): Promise<Principal> {
    const now = opts.now()
    let payload: Record<string, unknown>
    const verified = verifiedTokens.get(token)
    if (verified && typeof verified.exp === 'number' && verified.exp * 1000 > now.getTime()) {
      payload = verified
    } else {
      try {
        ;({ payload } = await jwtVerify(token, await keySet(), { issuer: opts.systemIssuer, audience: opts.apiAudience, currentDate: now }))
      } catch {
        throw invalidToken('Tilgangsnøkkelen er ugyldig eller utløpt.')
      }
      rememberVerified(token, payload)
    }
    // Sender-constrained tokens (RFC 9449): a bound token is worthless without its key's proof.
    const cnf = payload.cnf as { jkt?: unknown } | undefined
    const jkt = typeof cnf?.jkt === 'string' ? cnf.jkt : null
    let replay: { jti: string; until: Date } | null = null
    if (scheme === 'bearer') {
      if (jkt) throw invalidToken('Tilgangsnøkkelen er DPoP-bundet: send den som «Authorization: DPoP <token>» med et DPoP-bevis.')
      if (opts.requireDpop) throw invalidToken('Tilgangsnøkkelen må være DPoP-bundet (RFC 9449); hent den med et DPoP-bevis.')
    } else {
      if (!jkt) throw invalidToken('Tilgangsnøkkelen er ikke DPoP-bundet og kan ikke sendes som DPoP.')
      try {
        const proof = await verifyDpopProof(req.headers.dpop, { method: req.method, htu: expectedHtu(opts.publicUrl, req.url), accessToken: token, now })
        if (proof.jkt !== jkt) throw new DpopProofError('DPoP-beviset er signert med en annen nøkkel enn den tilgangsnøkkelen er bundet til.')
        replay = { jti: proof.jti, until: proof.replayUntil }
      } catch (error) {
        if (error instanceof DpopProofError) throw invalidToken(error.message, 'invalid_dpop_proof')
        throw error
      }
    }
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : null
    const orgnr = payload[CLIENT_ORGNR_CLAIM]
    if (!clientId || typeof orgnr !== 'string') throw new AppError('invalid-token', 'Tilgangsnøkkelen mangler klient eller organisasjon.')
    // Clients registered here can be revoked before their tokens expire; HelseID's are not in the table, and their
    // organisation is found by its number (remembered: the hot path stays one round trip per call).
    const registered = await db
      .selectFrom('system_client')
      .select(['organisation_id', 'organisation_number', 'revoked_at', 'name'])
      .where('client_id', '=', clientId)
      .executeTakeFirst()
    if (registered && registered.organisation_number !== orgnr) throw new AppError('invalid-token', 'Organisasjonen i tilgangsnøkkelen er ukjent.')
    const organisationId = registered?.organisation_id ?? (await organisationIds.get(orgnr))
    if (!organisationId) throw new AppError('invalid-token', 'Organisasjonen i tilgangsnøkkelen er ukjent.')
    const organisation = { id: organisationId }
    if (registered?.revoked_at) throw new AppError('invalid-token', 'Klienten er trukket tilbake.')
    // Last, so that a proof refused for another reason is not used up.
    if (replay && !(await rememberDpopJti(db, replay.jti, replay.until, now))) {
      throw invalidToken('DPoP-beviset er brukt før (jti); lag et nytt bevis for hvert kall.', 'invalid_dpop_proof')
    }
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : []
    const herIds = delegatedHerIds(payload.herid)
    return {
      actor: { kind: 'system', clientId, organisationId: organisation.id, scopes, ...(herIds && { herIds }) },
      via: 'token',
      name: registered?.name ?? clientId,
      role: 'system',
      organisationId: organisation.id,
      serviceId: null,
      session: null,
    }
  }

  async function fromSession(req: FastifyRequest, token: string): Promise<Principal | null> {
    const session = await findSession(db, token, opts.now())
    if (!session) return null
    // Cookies ride along on cross-site requests; a write must also prove it came from our pages: the CSRF token,
    // and as a second line what the browser says of where the request came from.
    if (UNSAFE_METHODS.has(req.method)) {
      if (req.headers['x-csrf-token'] !== session.csrfToken) throw new AppError('csrf-failed')
      if (!fromOwnPages(req.headers.origin, req.headers['sec-fetch-site'], ownOrigin)) throw new AppError('cross-site-request')
    }
    const withToken = { ...session, token }
    if (session.kind === 'citizen' && session.personId) {
      const person = await directory.person(session.personId)
      if (!person) return null
      return {
        actor: { kind: 'citizen', personId: session.personId },
        via: 'session',
        name: `${person.givenName} ${person.familyName}`,
        role: 'citizen',
        organisationId: null,
        serviceId: null,
        session: withToken,
      }
    }
    if (!session.staffId) return null
    const staff = await directory.staff(session.staffId)
    if (!staff) return null
    const name = `${staff.givenName} ${staff.familyName}`
    // Checked on every request, not only at login: a membership that has ended no longer acts for the service.
    const membership = session.serviceId
      ? (await directory.activeMemberships(session.staffId, opts.now())).find((m) => m.serviceId === session.serviceId)
      : undefined
    if (membership) {
      const roles = membership.roles
      return {
        actor: { kind: 'staff', staffId: session.staffId, organisationId: membership.organisationId, serviceId: membership.serviceId, roles },
        via: 'session',
        name,
        role: staff.profession ?? roles[0] ?? null,
        organisationId: membership.organisationId,
        serviceId: session.serviceId,
        session: withToken,
      }
    }
    if (staff.isPlatformOperator) {
      return {
        actor: { kind: 'operator', staffId: session.staffId },
        via: 'session',
        name,
        role: 'platform_operator',
        organisationId: null,
        serviceId: null,
        session: withToken,
      }
    }
    return null
  }

  // The outcome, failures included, is kept per request: a DPoP proof's jti is used up at the
  // first check, and the rate limiter and the route both ask.
  const cache = new WeakMap<FastifyRequest, Promise<Principal | null>>()
  function identify(req: FastifyRequest): Promise<Principal | null> {
    let principal = cache.get(req)
    if (!principal) {
      principal = identifyOnce(req)
      cache.set(req, principal)
    }
    return principal
  }
  async function identifyOnce(req: FastifyRequest): Promise<Principal | null> {
    const authorization = req.headers.authorization
    if (authorization) {
      const match = AUTHORIZATION.exec(authorization)
      if (!match?.[1] || !match[2]) throw invalidToken('Authorization må være «DPoP <token>» (med DPoP-bevis) eller «Bearer <token>».')
      return fromToken(req, match[1].toLowerCase() === 'dpop' ? 'dpop' : 'bearer', match[2])
    }
    const token = req.cookies?.[SESSION_COOKIE]
    return token ? fromSession(req, token) : null
  }

  return {
    identify,
    async require(req) {
      const principal = await identify(req)
      if (!principal) throw new AppError('unauthenticated')
      return principal
    },
  }
}

/**
 * Whether a browser's write came from our own pages (ADR 0014). Origin, when sent, must be ours ("null" is not);
 * Sec-Fetch-Site may be same-origin or none (typed or bookmarked), same-site only with our own Origin, never
 * cross-site. A client that sends neither (not a browser) is left to the CSRF token.
 */
export function fromOwnPages(origin: string | string[] | undefined, fetchSite: string | string[] | undefined, ownOrigin: string): boolean {
  if (Array.isArray(origin) || Array.isArray(fetchSite)) return false
  if (origin !== undefined && origin !== ownOrigin) return false
  if (fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none') return true
  return fetchSite === 'same-site' && origin === ownOrigin
}

/**
 * HelseID's `herid` claim (NHN message API): `0` or absent for every HER-id of the organisation, otherwise a
 * hyphen-separated list ("123-456"). Anything else restricts to nothing rather than to everything.
 */
export function delegatedHerIds(claim: unknown): number[] | undefined {
  if (claim === undefined || claim === null || claim === 0 || claim === '0') return undefined
  const text = typeof claim === 'number' ? String(claim) : typeof claim === 'string' ? claim : ''
  if (!/^[1-9][0-9]{0,9}(-[1-9][0-9]{0,9})*$/.test(text)) return []
  return text.split('-').map(Number)
}

/** Organisation numbers to ids, remembered a while: an organisation keeps its number, and tokens name it on every call. */
function organisationIdCache(directory: PeopleDirectory) {
  const TTL_MS = 5 * 60_000
  const known = new Map<string, { id: string; until: number }>()
  return {
    async get(organisationNumber: string): Promise<string | null> {
      const hit = known.get(organisationNumber)
      if (hit && hit.until > Date.now()) return hit.id
      const organisation = await directory.organisationByNumber(organisationNumber)
      if (!organisation) return null
      if (known.size >= 1000) known.clear()
      known.set(organisationNumber, { id: organisation.id, until: Date.now() + TTL_MS })
      return organisation.id
    },
  }
}
