import * as oidc from 'openid-client'
import type { Kysely } from 'kysely'
import type { Config } from '../../config.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'
import { CITIZEN_ACR, HELSEID_PID_SCOPE, HPR_CLAIM, HPR_SCOPE, PID_CLAIM } from './identity.claims.ts'
import { bindingHash } from './login-binding.ts'
import type { PeopleDirectory } from './people-directory.ts'
import { createSession, deleteSession, type Session } from './sessions.repository.ts'

export type PortalKind = 'citizen' | 'staff'

/** Why a callback was refused, for the log line (never who it was). */
export type LoginRefusal = 'no-state' | 'no-binding' | 'other-browser' | 'unknown-or-expired'

/** A refused login callback; `reason` is for the log, the caller sees one of a few fixed texts. */
export class LoginRefusedError extends AppError {
  constructor(
    readonly reason: LoginRefusal,
    detail: string,
  ) {
    super('login-failed', detail)
  }
}

const OTHER_BROWSER = 'Innloggingen ble ikke startet i denne nettleseren, eller den er utløpt. Start innloggingen på nytt.'

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
    /** `browserBinding`: the id in the starting browser's binding cookie (login-binding.ts). */
    async start(kind: PortalKind, returnTo: string, now: Date, browserBinding: string): Promise<string> {
      const configuration = await configurationFor(kind)
      const codeVerifier = oidc.randomPKCECodeVerifier()
      const state = oidc.randomState()
      const nonce = oidc.randomNonce()
      await db
        .insertInto('login_attempt')
        .values({
          state,
          kind,
          nonce,
          code_verifier: codeVerifier,
          return_to: returnTo,
          browser_binding: bindingHash(browserBinding),
          expires_at: new Date(now.getTime() + 10 * 60_000),
        })
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

    /**
     * Finishes a login in the browser that started it (`browserBinding` from its cookie, null without one);
     * returns the new session's token and where to go.
     */
    async finish(callbackUrl: URL, now: Date, browserBinding: string | null): Promise<{ token: string; session: Session; returnTo: string }> {
      const state = callbackUrl.searchParams.get('state')
      if (!state) throw new LoginRefusedError('no-state', 'Innloggingen mangler tilstand (state).')
      if (!browserBinding) throw new LoginRefusedError('no-binding', OTHER_BROWSER)
      // Taken only by its own browser: a callback opened elsewhere leaves the attempt to its owner.
      const attempt = await db
        .deleteFrom('login_attempt')
        .where('state', '=', state)
        .where('browser_binding', '=', bindingHash(browserBinding))
        .returningAll()
        .executeTakeFirst()
      if (!attempt) {
        const elsewhere = await db.selectFrom('login_attempt').select('state').where('state', '=', state).executeTakeFirst()
        if (elsewhere) throw new LoginRefusedError('other-browser', OTHER_BROWSER)
        throw new LoginRefusedError('unknown-or-expired', 'Innloggingen er utløpt. Prøv igjen.')
      }
      if (attempt.expires_at.getTime() < now.getTime()) throw new LoginRefusedError('unknown-or-expired', 'Innloggingen er utløpt. Prøv igjen.')
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
