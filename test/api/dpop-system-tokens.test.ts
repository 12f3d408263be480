// HelseID-style system clients against the embedded provider and the API, as an EPJ written for
// NHN's Meldingstjener would call them: private_key_jwt at /idp/token with a DPoP proof, then
// `Authorization: DPoP <token>` and a fresh `DPoP` proof on every call (RFC 9449).
import { createHash, randomUUID } from 'node:crypto'
import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_ORGNR_CLAIM, NHN_MSH_SCOPE } from '../../src/platform/identity/identity.claims.ts'
import type { KeyIssuedClient } from '../../src/platform/identity/system-clients.ts'
import { type TestApp, startTestApp, TEST_URL } from '../support/test-app.ts'
import { bearer, expectProblem, O } from './api-helpers.ts'

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>> & { publicJwk: JWK }

async function keyPair(alg: 'RS256' | 'ES256'): Promise<KeyPair> {
  const pair = await generateKeyPair(alg, { extractable: true })
  return { ...pair, publicJwk: await exportJWK(pair.publicKey) }
}

/** A DPoP proof; `iat` in seconds. The provider checks it against the real clock, the API against the app's. */
function dpopProof(key: KeyPair, alg: 'RS256' | 'ES256', claims: { htm: string; htu: string; iat: number; accessToken?: string; jti?: string }) {
  return new SignJWT({
    jti: claims.jti ?? randomUUID(),
    htm: claims.htm,
    htu: claims.htu,
    iat: claims.iat,
    ...(claims.accessToken ? { ath: createHash('sha256').update(claims.accessToken).digest('base64url') } : {}),
  })
    .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk: key.publicJwk })
    .sign(key.privateKey)
}

/** As NAV's Meldingstjener client makes it (API.md §2.1): typ client-authentication+jwt, aud the issuer. */
function clientAssertion(clientId: string, key: KeyPair, kid: string) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'client-authentication+jwt', kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(`${TEST_URL}/idp`)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key.privateKey)
}

const realNow = () => Math.floor(Date.now() / 1000)

async function tokenRequest(t: TestApp, form: Record<string, string>, dpop?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/idp/token',
    // The provider builds the token endpoint's URL (the proof's htu) from Host, as behind a proxy.
    headers: { host: new URL(TEST_URL).host, 'content-type': 'application/x-www-form-urlencoded', ...(dpop ? { dpop } : {}) },
    payload: new URLSearchParams(form).toString(),
  })
}

type Setup = { t: TestApp; client: KeyIssuedClient; clientKey: KeyPair; dpopKey: KeyPair }

async function setUp(env: Record<string, string>): Promise<Setup> {
  const t = await startTestApp(env)
  const clientKey = await keyPair('RS256')
  // Registered the way `samband clients add --jwks <file>` does it.
  const client = await t.addKeyClient({
    organisationNumber: O.tonsberg.organisationNumber,
    name: 'EPJ for Meldingstjeneren',
    scopes: [NHN_MSH_SCOPE, 'samband/registry.read'],
    jwks: { keys: [{ ...clientKey.publicJwk, kid: 'epj-1', alg: 'RS256', use: 'sig' }] },
  })
  return { t, client, clientKey, dpopKey: await keyPair('ES256') }
}

/** A DPoP-bound token through the real token endpoint. */
async function boundToken(s: Setup, scope = `${NHN_MSH_SCOPE} samband/registry.read`) {
  const proof = await dpopProof(s.dpopKey, 'ES256', { htm: 'POST', htu: `${TEST_URL}/idp/token`, iat: realNow() })
  const response = await tokenRequest(
    s.t,
    {
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(s.client.clientId, s.clientKey, 'epj-1'),
    },
    proof,
  )
  expect(response.statusCode, response.body).toBe(200)
  return response.json<{ access_token: string; token_type: string; scope: string; expires_in: number }>()
}

/** An API call as an NHN client makes it; `proof` changes what the proof claims. */
async function callWithDpop(
  s: Setup,
  token: string,
  opts: {
    url?: string
    method?: 'GET' | 'POST'
    proof?: Partial<{ htm: string; htu: string; accessToken: string; iat: number; jti: string }>
    key?: KeyPair
    scheme?: string
  } = {},
) {
  const url = opts.url ?? '/api/organisations?limit=1'
  const method = opts.method ?? 'GET'
  const proof = await dpopProof(opts.key ?? s.dpopKey, 'ES256', {
    htm: method,
    htu: `${TEST_URL}${url.split('?')[0]}`,
    iat: Math.floor(s.t.now().getTime() / 1000),
    accessToken: token,
    ...opts.proof,
  })
  return { proof, response: await s.t.app.inject({ method, url, headers: { authorization: `${opts.scheme ?? 'DPoP'} ${token}`, dpop: proof } }) }
}

describe('a private_key_jwt client with DPoP (REQUIRE_DPOP=false)', () => {
  let s: Setup
  beforeAll(async () => {
    s = await setUp({ REQUIRE_DPOP: 'false' })
  }, 60_000)
  afterAll(async () => {
    await s?.t.close()
  })

  it('gets a DPoP-bound token for nhn:msh/api with its organisation number, and calls the API with it', async () => {
    const token = await boundToken(s)
    expect(token).toMatchObject({ token_type: 'DPoP', scope: `${NHN_MSH_SCOPE} samband/registry.read` })
    const claims = decodeJwt(token.access_token)
    expect(claims).toMatchObject({
      client_id: s.client.clientId,
      scope: `${NHN_MSH_SCOPE} samband/registry.read`,
      [CLIENT_ORGNR_CLAIM]: O.tonsberg.organisationNumber,
      cnf: { jkt: await calculateJwkThumbprint(s.dpopKey.publicJwk, 'sha256') },
    })

    const { response } = await callWithDpop(s, token.access_token)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json<{ items: unknown[] }>().items).toHaveLength(1)
    const me = (await callWithDpop(s, token.access_token, { url: '/api/me' })).response
    expect(me.json()).toMatchObject({
      kind: 'system',
      clientId: s.client.clientId,
      organisationId: O.tonsberg.id,
      scopes: [NHN_MSH_SCOPE, 'samband/registry.read'],
    })
  })

  it('the DPoP scheme name is case-insensitive, as every auth scheme', async () => {
    const token = (await boundToken(s)).access_token
    expect((await callWithDpop(s, token, { scheme: 'dpop' })).response.statusCode).toBe(200)
  })

  it('a token request without a proof gets a plain Bearer token, accepted while DPoP is not required', async () => {
    const response = await tokenRequest(s.t, {
      grant_type: 'client_credentials',
      scope: 'samband/registry.read',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(s.client.clientId, s.clientKey, 'epj-1'),
    })
    expect(response.statusCode, response.body).toBe(200)
    const token = response.json<{ access_token: string; token_type: string }>()
    expect(token.token_type).toBe('Bearer')
    expect(decodeJwt(token.access_token).cnf).toBeUndefined()
    expect((await s.t.app.inject({ url: '/api/organisations?limit=1', headers: bearer(token.access_token) })).statusCode).toBe(200)
    const demo = await s.t.systemToken(O.tonsberg.organisationNumber, ['samband/registry.read'])
    expect((await s.t.app.inject({ url: '/api/organisations?limit=1', headers: bearer(demo) })).statusCode).toBe(200)
    // An unbound token is not a DPoP token either.
    expectProblem((await callWithDpop(s, token.access_token)).response, 401, 'invalid-token')
  })

  it('a client assertion signed with another key, or used twice, gets no token', async () => {
    const other = await keyPair('RS256')
    const proof = () => dpopProof(s.dpopKey, 'ES256', { htm: 'POST', htu: `${TEST_URL}/idp/token`, iat: realNow() })
    const form = (assertion: string) => ({
      grant_type: 'client_credentials',
      scope: NHN_MSH_SCOPE,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    })
    const forged = await tokenRequest(s.t, form(await clientAssertion(s.client.clientId, other, 'epj-1')), await proof())
    expect(forged.statusCode).toBe(401)
    expect(forged.json()).toMatchObject({ error: 'invalid_client' })
    const assertion = await clientAssertion(s.client.clientId, s.clientKey, 'epj-1')
    expect((await tokenRequest(s.t, form(assertion), await proof())).statusCode).toBe(200)
    expect((await tokenRequest(s.t, form(assertion), await proof())).statusCode).toBe(401)
  })

  it('the token endpoint checks the proof too: one for another URL gets no token', async () => {
    const proof = await dpopProof(s.dpopKey, 'ES256', { htm: 'POST', htu: `${TEST_URL}/api/token`, iat: realNow() })
    const response = await tokenRequest(
      s.t,
      {
        grant_type: 'client_credentials',
        scope: NHN_MSH_SCOPE,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(s.client.clientId, s.clientKey, 'epj-1'),
      },
      proof,
    )
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'invalid_dpop_proof' })
  })

  it('a private_key_jwt client has no secret to try', async () => {
    const response = await s.t.app.inject({
      method: 'POST',
      url: '/idp/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${s.client.clientId}:`).toString('base64')}` },
      payload: 'grant_type=client_credentials&scope=samband%2Fregistry.read',
    })
    expect([400, 401]).toContain(response.statusCode)
    expect(response.body).not.toContain('access_token')
  })

  it('a replayed proof is a 401', async () => {
    const token = (await boundToken(s)).access_token
    const first = await callWithDpop(s, token)
    expect(first.response.statusCode).toBe(200)
    const again = await s.t.app.inject({ url: '/api/organisations?limit=1', headers: { authorization: `DPoP ${token}`, dpop: first.proof } })
    expect(expectProblem(again, 401, 'invalid-token').detail).toMatch(/brukt før/)
  })

  it.each<[string, Partial<{ htm: string; htu: string; iat: number }>, RegExp]>([
    ['htu with another path', { htu: `${TEST_URL}/api/organisations/other` }, /htu/],
    ['htu on another host', { htu: 'http://evil.test/api/organisations' }, /htu/],
    ['htm POST for a GET', { htm: 'POST' }, /htm/],
    ['iat six minutes ago on the app’s clock', { iat: 0 }, /iat/],
  ])('a proof with %s is a 401', async (_what, change, detail) => {
    const token = (await boundToken(s)).access_token
    const proof = change.iat === 0 ? { iat: Math.floor(s.t.now().getTime() / 1000) - 360 } : change
    const { response } = await callWithDpop(s, token, { proof })
    expect(expectProblem(response, 401, 'invalid-token').detail).toMatch(detail)
  })

  it('a proof for another access token (ath) is a 401', async () => {
    const token = (await boundToken(s)).access_token
    const other = (await boundToken(s)).access_token
    const { response } = await callWithDpop(s, token, { proof: { accessToken: other } })
    expect(expectProblem(response, 401, 'invalid-token').detail).toMatch(/ath/)
  })

  it('a proof signed by another key than the token is bound to is a 401', async () => {
    const token = (await boundToken(s)).access_token
    const { response } = await callWithDpop(s, token, { key: await keyPair('ES256') })
    expect(expectProblem(response, 401, 'invalid-token').detail).toMatch(/annen nøkkel/)
  })

  it('a call without a proof is a 401', async () => {
    const token = (await boundToken(s)).access_token
    const response = await s.t.app.inject({ url: '/api/organisations?limit=1', headers: { authorization: `DPoP ${token}` } })
    expect(expectProblem(response, 401, 'invalid-token').detail).toMatch(/mangler/)
  })

  it('a bound token sent as Bearer is a 401, with or without a proof', async () => {
    const token = (await boundToken(s)).access_token
    expect(expectProblem(await s.t.app.inject({ url: '/api/organisations?limit=1', headers: bearer(token) }), 401, 'invalid-token').detail).toMatch(
      /DPoP-bundet/,
    )
    expectProblem((await callWithDpop(s, token, { scheme: 'Bearer' })).response, 401, 'invalid-token')
  })

  it('a refused proof is not used up: after a failure for another reason the same jti still works', async () => {
    const token = (await boundToken(s)).access_token
    const jti = randomUUID()
    expectProblem((await callWithDpop(s, token, { proof: { jti, htm: 'POST' } })).response, 401, 'invalid-token')
    expect((await callWithDpop(s, token, { proof: { jti } })).response.statusCode).toBe(200)
  })
})

describe('REQUIRE_DPOP=true', () => {
  let s: Setup
  beforeAll(async () => {
    s = await setUp({ REQUIRE_DPOP: 'true' })
  }, 60_000)
  afterAll(async () => {
    await s?.t.close()
  })

  it('an unbound Bearer token is a 401, a secret client’s included', async () => {
    const demo = await s.t.systemToken(O.tonsberg.organisationNumber, ['samband/registry.read'])
    const response = await s.t.app.inject({ url: '/api/organisations?limit=1', headers: bearer(demo) })
    expect(expectProblem(response, 401, 'invalid-token').detail).toMatch(/må være DPoP-bundet/)
  })

  it('a DPoP-bound token with its proof is a 200', async () => {
    const token = (await boundToken(s)).access_token
    expect((await callWithDpop(s, token)).response.statusCode).toBe(200)
  })
})
