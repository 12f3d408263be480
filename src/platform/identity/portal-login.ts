import * as oidc from 'openid-client'
import type { Kysely } from 'kysely'
import type { Config } from '../../config.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'
import { CITIZEN_ACR, HELSEID_PID_SCOPE, HPR_CLAIM, HPR_SCOPE, PID_CLAIM } from './identity.claims.ts'
import type { PeopleDirectory } from './people-directory.ts'
import { createSession, deleteSession, type Session } from './sessions.repository.ts'

export type PortalKind = 'citizen' | 'staff'

/**
 * Samband as OpenID relying party for its two portals: citizens through ID-porten, staff through
 * HelseID (authorization code + PKCE). Login state is kept in the database, not in memory.
 */
export function createPortalLogin(db: Kysely<DB>, directory: PeopleDirectory, config: Config) {
  const redirectUri = `${config.publicUrl}/auth/callback`
  const discovered = new Map<PortalKind, Promise<oidc.Configuration>>()

  function configurationFor(kind: PortalKind): Promise<oidc.Configuration> {
    let pending = discovered.get(kind)
    if (!pending) {
      const { issuer, clientId, clientSecret } = config.identity[kind]
      const url = new URL(issuer)
      pending = oidc
        .discovery(url, clientId, clientSecret, undefined, url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined)
        .catch(() => {
          // Not cached: the next login tries again. An unreachable provider is an outage, not a bug.
          discovered.delete(kind)
          throw new AppError('unavailable', 'Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen om litt.')
        })
      discovered.set(kind, pending)
    }
    return pending
  }

  return {
    async start(kind: PortalKind, returnTo: string, now: Date): Promise<string> {
      const configuration = await configurationFor(kind)
      const codeVerifier = oidc.randomPKCECodeVerifier()
      const state = oidc.randomState()
      const nonce = oidc.randomNonce()
      await db
        .insertInto('login_attempt')
        .values({ state, kind, nonce, code_verifier: codeVerifier, return_to: returnTo, expires_at: new Date(now.getTime() + 10 * 60_000) })
        .execute()
      const scope = kind === 'citizen' ? 'openid profile' : `openid profile ${HPR_SCOPE} ${HELSEID_PID_SCOPE}`
      return oidc
        .buildAuthorizationUrl(configuration, {
          redirect_uri: redirectUri,
          scope,
          state,
          nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          // Shared computers: every portal login asks who you are, even with a live provider session.
          prompt: 'login',
          ...(kind === 'citizen' ? { acr_values: CITIZEN_ACR } : {}),
        })
        .toString()
    },

    /** Ends a portal session. */
    async logout(sessionToken: string): Promise<void> {
      await deleteSession(db, sessionToken)
    },

    /** Finishes a login; returns the new session's token and where to go. */
    async finish(callbackUrl: URL, now: Date): Promise<{ token: string; session: Session; returnTo: string }> {
      const state = callbackUrl.searchParams.get('state')
      if (!state) throw new AppError('login-failed', 'Innloggingen mangler tilstand (state).')
      const attempt = await db.deleteFrom('login_attempt').where('state', '=', state).returningAll().executeTakeFirst()
      if (!attempt || attempt.expires_at.getTime() < now.getTime()) throw new AppError('login-failed', 'Innloggingen er utløpt. Prøv igjen.')
      if (callbackUrl.searchParams.get('error')) throw new AppError('login-failed', 'Innloggingen ble avbrutt.')
      const configuration = await configurationFor(attempt.kind)
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>
      try {
        tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
          pkceCodeVerifier: attempt.code_verifier,
          expectedState: state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        })
      } catch {
        throw new AppError('login-failed', 'Innloggingen kunne ikke bekreftes.')
      }
      const claims = tokens.claims()
      if (!claims) throw new AppError('login-failed', 'Innloggingen ga ingen identitet.')
      const base = { idTokenHint: tokens.id_token ?? null }
      if (attempt.kind === 'citizen') {
        // High assurance is required for health data (ID-porten level high).
        if (claims.acr !== CITIZEN_ACR) throw new AppError('login-failed', 'Innloggingen må være på sikkerhetsnivå høyt.')
        const pid = claims[PID_CLAIM]
        const person = typeof pid === 'string' ? await directory.personByNationalId(pid) : null
        if (!person) throw new AppError('login-failed', 'Vi fant deg ikke i folkeregisteret for helsefellesskapet.')
        const created = await createSession(
          db,
          { ...base, kind: 'citizen', personId: person.id, staffId: null, serviceId: null },
          config.sessionTtlMinutes,
          now,
        )
        return { ...created, returnTo: attempt.return_to }
      }
      const hpr = claims[HPR_CLAIM]
      const staffId = String(claims.sub).replace(/^staff:/, '')
      const staff = typeof hpr === 'string' ? await directory.staffByHpr(hpr) : /^[0-9a-f-]{36}$/.test(staffId) ? await directory.staff(staffId) : null
      if (!staff) throw new AppError('login-failed', 'Du er ikke registrert som ansatt i helsefellesskapet.')
      // Staff act for one service at a time; the first active membership until they choose another.
      const [membership] = await directory.activeMemberships(staff.id, now)
      const created = await createSession(
        db,
        { ...base, kind: 'staff', personId: null, staffId: staff.id, serviceId: membership?.serviceId ?? null },
        config.sessionTtlMinutes,
        now,
      )
      return { ...created, returnTo: attempt.return_to }
    },
  }
}

export type PortalLogin = ReturnType<typeof createPortalLogin>
