import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Kysely } from 'kysely'
import Provider, { type Configuration, errors as oidcErrors, type KoaContextWithOIDC } from 'oidc-provider'
import type { Config } from '../../../config.ts'
import type { DB } from '../../db/schema.ts'
import { CITIZEN_ACR, CLIENT_ORGNR_CLAIM, HELSEID_PID_CLAIM, HELSEID_PID_SCOPE, HPR_CLAIM, HPR_SCOPE, NHN_MSH_SCOPE, PID_CLAIM } from '../identity.claims.ts'
import type { PeopleDirectory } from '../people-directory.ts'
import { SYSTEM_CLIENT_SIGNING_ALGS } from '../system-clients.ts'
import { idpAdapterFactory } from './idp-adapter.ts'
import { loadOrCreateSigningKey, publicJwkOf } from './idp-keys.ts'

export const SYSTEM_SCOPES_OFFERED = [
  'samband/registry.read',
  'samband/patient.read',
  'samband/patient.write',
  'samband/organisation.read',
  'samband/organisation.write',
  'samband/exchange',
  // NHN's Meldingstjener scope, so that an EPJ written for NHN needs only other URLs.
  NHN_MSH_SCOPE,
]

export type EmbeddedIdp = {
  provider: Provider
  publicJwks: { keys: Record<string, unknown>[] }
  /** Audience of client-credentials access tokens. */
  apiAudience: string
  /**
   * Makes a request to the provider look as if it came to PUBLIC_URL: the provider builds its absolute addresses
   * (discovery, resume and end-session URLs) from the request's host and protocol, which a caller chooses.
   */
  pinToPublicUrl(req: IncomingMessage): void
}

/** Account ids carry their kind, so one provider can act as both ID-porten and HelseID. */
export function accountIdOf(kind: 'citizen' | 'staff', id: string): string {
  return `${kind}:${id}`
}

export async function createEmbeddedIdp(db: Kysely<DB>, directory: PeopleDirectory, config: Config): Promise<EmbeddedIdp> {
  const issuer = `${config.publicUrl}/idp`
  const apiAudience = `${config.publicUrl}/api`
  const signingKey = await loadOrCreateSigningKey(db)
  const cookieKey = createHash('sha256').update(`samband-idp-cookies:${config.secretKey}`).digest('base64url')
  const scopes = SYSTEM_SCOPES_OFFERED.join(' ')

  const configuration: Configuration = {
    adapter: idpAdapterFactory(db, config.secretKey, () => scopes),
    clients: [
      {
        client_id: config.identity.citizen.clientId,
        client_secret: config.identity.citizen.clientSecret,
        client_name: 'Samband innbygger',
        redirect_uris: [`${config.publicUrl}/auth/callback`],
        post_logout_redirect_uris: [`${config.publicUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        scope: 'openid profile',
      },
      {
        client_id: config.identity.staff.clientId,
        client_secret: config.identity.staff.clientSecret,
        client_name: 'Samband helsepersonell',
        redirect_uris: [`${config.publicUrl}/auth/callback`],
        post_logout_redirect_uris: [`${config.publicUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        scope: `openid profile ${HPR_SCOPE} ${HELSEID_PID_SCOPE}`,
      },
    ],
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [cookieKey], long: { secure: config.cookieSecure }, short: { secure: config.cookieSecure } },
    scopes: ['openid', 'profile', HPR_SCOPE, HELSEID_PID_SCOPE, ...SYSTEM_SCOPES_OFFERED],
    claims: {
      openid: ['sub', PID_CLAIM],
      profile: ['name', 'given_name', 'family_name'],
      [HPR_SCOPE]: [HPR_CLAIM],
      [HELSEID_PID_SCOPE]: [HELSEID_PID_CLAIM],
    },
    acrValues: [CITIZEN_ACR, 'Level4'],
    conformIdTokenClaims: false,
    extraClientMetadata: { properties: ['organisation_number'] },
    pkce: { required: () => true },
    // As HelseID: asymmetric client assertions (private_key_jwt) and DPoP proofs, RS256 included.
    enabledJWA: {
      clientAuthSigningAlgValues: [...SYSTEM_CLIENT_SIGNING_ALGS],
      dPoPSigningAlgValues: [...SYSTEM_CLIENT_SIGNING_ALGS],
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: false },
      revocation: { enabled: true },
      // A token request with a DPoP proof gets a token bound to the proof's key (cnf.jkt, RFC 9449).
      dPoP: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Only systems get API access tokens; the portals use sessions.
        defaultResource: (_ctx, client) => (client.grantTypes?.includes('client_credentials') ? apiAudience : undefined),
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => {
          if (resource !== apiAudience) throw new oidcErrors.InvalidTarget()
          return {
            scope: client.scope ?? '',
            audience: apiAudience,
            accessTokenTTL: 10 * 60,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          }
        },
      },
    },
    extraTokenClaims: async (_ctx, token) => {
      const client = (token as { client?: { metadata(): Record<string, unknown> } }).client
      const orgnr = client?.metadata().organisation_number
      return typeof orgnr === 'string' ? { [CLIENT_ORGNR_CLAIM]: orgnr } : undefined
    },
    ttl: { Session: 60 * 60, Interaction: 10 * 60, Grant: 60 * 60, AuthorizationCode: 60, IdToken: 60 * 60, AccessToken: 10 * 60 },
    interactions: { url: (_ctx, interaction) => `/idp/interaction/${interaction.uid}` },
    // First-party portals: the login itself is the consent, so grants are made without a consent page.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client
      const session = ctx.oidc.session
      if (!client || !session?.accountId) return undefined
      const existingId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId)
      if (existingId) {
        const existing = await ctx.oidc.provider.Grant.find(existingId)
        if (existing) return existing
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId })
      grant.addOIDCScope(client.scope ?? 'openid')
      await grant.save()
      return grant
    },
    findAccount: async (_ctx, sub) => {
      const [kind, id] = sub.split(':')
      if (!id || !/^[0-9a-f-]{36}$/.test(id)) return undefined
      if (kind === 'citizen') {
        const person = await directory.person(id)
        if (!person) return undefined
        return {
          accountId: sub,
          claims: () => ({
            sub,
            [PID_CLAIM]: person.nationalId,
            name: `${person.givenName} ${person.familyName}`,
            given_name: person.givenName,
            family_name: person.familyName,
          }),
        }
      }
      if (kind === 'staff') {
        const staff = await directory.staff(id)
        if (!staff) return undefined
        return {
          accountId: sub,
          claims: () => ({
            sub,
            name: `${staff.givenName} ${staff.familyName}`,
            given_name: staff.givenName,
            family_name: staff.familyName,
            [HELSEID_PID_CLAIM]: staff.nationalId,
            ...(staff.hprNumber ? { [HPR_CLAIM]: staff.hprNumber } : {}),
          }),
        }
      }
      return undefined
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html'
      ctx.body = `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Innlogging feilet</title></head><body><main><h1>Innloggingen kunne ikke fullføres</h1><p>${escapeHtml(String(out.error))}</p><p><a href="/">Til forsiden</a></p></main></body></html>`
    },
  }

  const provider = new Provider(issuer, configuration)
  // Host and protocol are read from X-Forwarded-*, which pinToPublicUrl sets from PUBLIC_URL on every request:
  // never from the caller. The client address (X-Forwarded-For) is trusted only behind the production proxy.
  provider.proxy = true
  const publicUrl = new URL(config.publicUrl)
  const trustForwardedFor = config.env === 'production'
  const pinToPublicUrl = (req: IncomingMessage) => {
    req.headers.host = publicUrl.host
    req.headers['x-forwarded-host'] = publicUrl.host
    req.headers['x-forwarded-proto'] = publicUrl.protocol.replace(/:$/, '')
    if (!trustForwardedFor) delete req.headers['x-forwarded-for']
  }
  return { provider, publicJwks: { keys: [publicJwkOf(signingKey) as Record<string, unknown>] }, apiAudience, pinToPublicUrl }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}
