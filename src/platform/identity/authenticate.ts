import type { FastifyRequest } from 'fastify'
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose'
import type { Kysely } from 'kysely'
import type { Actor, StaffRole } from '../access/access.types.ts'
import { STAFF_ROLES } from '../access/access.types.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'
import { CLIENT_ORGNR_CLAIM } from './identity.claims.ts'
import { findSession, type Session } from './sessions.repository.ts'

export const SESSION_COOKIE = 'samband_session'
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

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
  systemIssuer: string
  apiAudience: string
  /** The embedded provider's keys; without them the issuer's JWKS is fetched. */
  localJwks: { keys: Record<string, unknown>[] } | null
  now: () => Date
}): Authenticator {
  const { db } = opts
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

  async function fromToken(token: string): Promise<Principal> {
    let payload: Record<string, unknown>
    try {
      ;({ payload } = await jwtVerify(token, await keySet(), { issuer: opts.systemIssuer, audience: opts.apiAudience, currentDate: opts.now() }))
    } catch {
      throw new AppError('invalid-token')
    }
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : null
    const orgnr = payload[CLIENT_ORGNR_CLAIM]
    if (!clientId || typeof orgnr !== 'string') throw new AppError('invalid-token', 'Tilgangsnøkkelen mangler klient eller organisasjon.')
    const organisation = await db.selectFrom('organisation').select(['id']).where('organisation_number', '=', orgnr).executeTakeFirst()
    if (!organisation) throw new AppError('invalid-token', 'Organisasjonen i tilgangsnøkkelen er ukjent.')
    // Clients registered here can be revoked before their tokens expire.
    const registered = await db.selectFrom('system_client').select(['revoked_at', 'name']).where('client_id', '=', clientId).executeTakeFirst()
    if (registered?.revoked_at) throw new AppError('invalid-token', 'Klienten er trukket tilbake.')
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : []
    return {
      actor: { kind: 'system', clientId, organisationId: organisation.id, scopes },
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
    // Cookies ride along on cross-site requests; a write must also prove it came from our pages.
    if (UNSAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) throw new AppError('csrf-failed')
    const withToken = { ...session, token }
    if (session.kind === 'citizen' && session.personId) {
      const person = await db.selectFrom('person').select(['given_name', 'family_name']).where('id', '=', session.personId).executeTakeFirst()
      if (!person) return null
      return {
        actor: { kind: 'citizen', personId: session.personId },
        via: 'session',
        name: `${person.given_name} ${person.family_name}`,
        role: 'citizen',
        organisationId: null,
        serviceId: null,
        session: withToken,
      }
    }
    if (!session.staffId) return null
    const staff = await db
      .selectFrom('staff')
      .select(['given_name', 'family_name', 'is_platform_operator', 'profession'])
      .where('id', '=', session.staffId)
      .executeTakeFirst()
    if (!staff) return null
    const name = `${staff.given_name} ${staff.family_name}`
    const membership = session.serviceId
      ? await db
          .selectFrom('staff_membership as m')
          .innerJoin('service as s', 's.id', 'm.service_id')
          .select(['m.roles', 's.organisation_id'])
          .where('m.staff_id', '=', session.staffId)
          .where('m.service_id', '=', session.serviceId)
          .executeTakeFirst()
      : undefined
    if (membership) {
      const roles = membership.roles.filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r))
      return {
        actor: { kind: 'staff', staffId: session.staffId, organisationId: membership.organisation_id, serviceId: session.serviceId as string, roles },
        via: 'session',
        name,
        role: staff.profession ?? roles[0] ?? null,
        organisationId: membership.organisation_id,
        serviceId: session.serviceId,
        session: withToken,
      }
    }
    if (staff.is_platform_operator) {
      return { actor: { kind: 'operator', staffId: session.staffId }, via: 'session', name, role: 'platform_operator', organisationId: null, serviceId: null, session: withToken }
    }
    return null
  }

  const cache = new WeakMap<FastifyRequest, Principal | null>()
  async function identify(req: FastifyRequest): Promise<Principal | null> {
    if (cache.has(req)) return cache.get(req) ?? null
    const authorization = req.headers.authorization
    let principal: Principal | null = null
    if (authorization) {
      const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization)
      if (!match?.[1]) throw new AppError('invalid-token', 'Authorization må være «Bearer <token>».')
      principal = await fromToken(match[1])
    } else {
      const token = req.cookies?.[SESSION_COOKIE]
      if (token) principal = await fromSession(req, token)
    }
    cache.set(req, principal)
    return principal
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
