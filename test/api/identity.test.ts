// Who is calling: /api/me for citizens, staff and systems; client credentials at /idp/token; and
// bearer tokens that are forged, expired or from a revoked client.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { decodeJwt, type JWK, importJWK, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SERVICE_AREAS } from '../../src/platform/access/access.types.ts'
import { CLIENT_ORGNR_CLAIM } from '../../src/platform/identity/identity.claims.ts'
import { revokeSystemClient } from '../../src/platform/identity/system-clients.ts'
import { type TestApp, startTestApp, TEST_URL } from '../support/test-app.ts'
import { bearer, expectProblem, O, P, S, SV, sessionHeaders } from './api-helpers.ts'

let t: TestApp

beforeAll(async () => {
  t = await startTestApp()
}, 60_000)

afterAll(async () => {
  await t?.close()
})

function tokenRequest(clientId: string, secret: string, body: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: '/idp/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    payload: new URLSearchParams(body).toString(),
  })
}

async function me(headers: Record<string, string>) {
  return t.app.inject({ url: '/api/me', headers })
}

describe('GET /api/me for a citizen', () => {
  const everyArea = [...SERVICE_AREAS]
  const ingridAreas = ['messages', 'appointments', 'health-contacts', 'home-visits', 'letters']
  const oddAreas = ['messages', 'appointments', 'health-contacts', 'home-visits', 'letters', 'forms', 'consents']
  const parentOf = (child: { id: string; givenName: string; familyName: string; birthDate: string }, areas: string[], reduced: boolean) => ({
    personId: child.id,
    name: `${child.givenName} ${child.familyName}`,
    birthDate: child.birthDate,
    basis: 'parent',
    areas,
    validTo: null,
    reduced,
  })

  const cases: Array<[string, (typeof P)[keyof typeof P], unknown[]]> = [
    [
      'Kari: her children, Emma fully and Jonas (14) with reduced rights',
      P.kariNordmann,
      [parentOf(P.emmaNordmann, everyArea, false), parentOf(P.jonasNordmann, ['appointments', 'health-contacts', 'letters'], true)],
    ],
    [
      'Ola: the same children as Kari',
      P.olaNordmann,
      [parentOf(P.emmaNordmann, everyArea, false), parentOf(P.jonasNordmann, ['appointments', 'health-contacts', 'letters'], true)],
    ],
    [
      'Per Berg: his mother Ingrid, by fullmakt, in its areas only',
      P.perBerg,
      [
        {
          personId: P.ingridBerg.id,
          name: 'Ingrid Berg',
          birthDate: P.ingridBerg.birthDate,
          basis: 'fullmakt',
          areas: ingridAreas,
          validTo: null,
          reduced: false,
        },
      ],
    ],
    [
      'Liv Dahl: her father Odd, by assigned fullmakt, consents included',
      P.livDahl,
      [
        {
          personId: P.oddDahl.id,
          name: 'Odd Dahl',
          birthDate: P.oddDahl.birthDate,
          basis: 'assigned-fullmakt',
          areas: oddAreas,
          validTo: null,
          reduced: false,
        },
      ],
    ],
    ['Sara Holm (confidential address): nobody', P.saraHolm, []],
    ['Lars Olsen: nobody, his daughter Nora is 16', P.larsOlsen, []],
    ['Ingrid Berg: nobody (she gave the fullmakt, she did not get one)', P.ingridBerg, []],
    ['Emma (8): nobody', P.emmaNordmann, []],
  ]
  it.each(cases)('%s', async (_what, person, representations) => {
    const session = await t.citizenSession(person.id)
    const response = await me(sessionHeaders(session, null))
    expect(response.statusCode, response.body).toBe(200)
    // toMatchObject: new members may be added; the ones named here must be exactly so.
    expect(response.json()).toMatchObject({
      kind: 'citizen',
      csrfToken: session.csrf,
      person: { id: person.id, name: `${person.givenName} ${person.familyName}`, birthDate: person.birthDate },
      representations,
    })
    expect(response.json<{ representations: unknown[] }>().representations).toHaveLength(representations.length)
  })

  it('never shows a national identity number', async () => {
    for (const person of [P.kariNordmann, P.perBerg, P.livDahl]) {
      const body = (await me(sessionHeaders(await t.citizenSession(person.id), null))).body
      for (const other of Object.values(P)) expect(body).not.toContain(other.nationalId)
    }
  })
})

describe('GET /api/me for staff', () => {
  it('Lise Lund: Tønsberg kommune, hjemmesykepleien, health personnel', async () => {
    const session = await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
    const response = await me(sessionHeaders(session, null))
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      kind: 'staff',
      csrfToken: session.csrf,
      staff: { id: S.liseLund.id, name: 'Lise Lund', hprNumber: '9100011' },
      organisation: { id: O.tonsberg.id, name: 'Tønsberg kommune', organisationNumber: '939901035' },
      service: { id: SV.tonsbergHjemmesykepleie.id, name: 'Hjemmesykepleien', herId: SV.tonsbergHjemmesykepleie.herId },
      roles: ['health_personnel'],
    })
  })

  it.each([
    ['Berit Bakke', S.beritBakke, SV.tonsbergLegesenterFastlege, O.tonsbergLegesenter, ['health_personnel', 'service_admin']],
    ['Anders Aas', S.andersAas, SV.sivMedisinsk, O.siv, ['health_personnel']],
    ['Siri Strand', S.siriStrand, SV.sivSamhandling, O.siv, ['coordinator']],
    ['Tor Tangen', S.torTangen, SV.faerderHjemmesykepleie, O.faerder, ['health_personnel']],
  ])('%s acts for her or his service and organisation', async (_name, staff, service, organisation, roles) => {
    const body = (await me(sessionHeaders(await t.staffSession(staff.id, service.id), null))).json()
    expect(body).toMatchObject({
      kind: 'staff',
      staff: { id: staff.id, hprNumber: staff.hprNumber },
      organisation: { id: organisation.id, name: organisation.name, organisationNumber: organisation.organisationNumber },
      service: { id: service.id, name: service.name, herId: service.herId },
      roles,
    })
  })

  it('the platform operator has no organisation, no service and no HPR number', async () => {
    const body = (await me(sessionHeaders(await t.staffSession(S.oleOlsen.id, null), null))).json()
    expect(body).toMatchObject({
      kind: 'staff',
      staff: { id: S.oleOlsen.id, name: 'Ole Olsen', hprNumber: null },
      organisation: null,
      service: null,
      roles: ['platform_operator'],
    })
  })

  it('a session for a service the staff member does not work for is no session', async () => {
    expectProblem(await me(sessionHeaders(await t.staffSession(S.liseLund.id, SV.sivMedisinsk.id), null)), 401, 'unauthenticated')
  })

  it('staff who are not operators need a service', async () => {
    expectProblem(await me(sessionHeaders(await t.staffSession(S.liseLund.id, null), null)), 401, 'unauthenticated')
  })
})

describe('GET /api/me for a system', () => {
  it('names the client, its organisation and the granted scopes, with no CSRF token', async () => {
    const token = await t.systemToken(O.tonsberg.organisationNumber, ['samband/registry.read', 'samband/patient.read'])
    const response = await me(bearer(token))
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      kind: 'system',
      clientId: `demo-epj-${O.tonsberg.organisationNumber}`,
      organisationId: O.tonsberg.id,
      scopes: ['samband/registry.read', 'samband/patient.read'],
    })
  })
})

describe('client credentials at POST /idp/token', () => {
  const orgnr = O.siv.organisationNumber
  const demoClient = `demo-epj-${orgnr}`

  it('issues a short-lived RS256 access token for the API with the organisation number', async () => {
    const response = await tokenRequest(demoClient, `demo-secret-${orgnr}`, { grant_type: 'client_credentials', scope: 'samband/registry.read' })
    expect(response.statusCode).toBe(200)
    const body = response.json<{ access_token: string; token_type: string; expires_in: number; scope: string }>()
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'samband/registry.read' })
    expect(body.expires_in).toBeGreaterThan(0)
    expect(body.expires_in).toBeLessThanOrEqual(600)
    expect(decodeJwt(body.access_token)).toMatchObject({
      iss: `${TEST_URL}/idp`,
      aud: `${TEST_URL}/api`,
      client_id: demoClient,
      scope: 'samband/registry.read',
      [CLIENT_ORGNR_CLAIM]: orgnr,
    })
  })

  it.each([
    ['a wrong secret', demoClient, 'wrong-secret'],
    ['another client’s secret', demoClient, `demo-secret-${O.tonsberg.organisationNumber}`],
    ['an unknown client', 'no-such-client', `demo-secret-${orgnr}`],
    ['a portal client without its secret', 'samband-staff-portal', 'guess'],
  ])('%s is a 401', async (_what, clientId, secret) => {
    const response = await tokenRequest(clientId, secret, { grant_type: 'client_credentials', scope: 'samband/registry.read' })
    expect(response.statusCode).toBe(401)
    expect(response.json()).toMatchObject({ error: 'invalid_client' })
    expect(response.body).not.toContain('access_token')
  })

  it('an empty secret gets no token', async () => {
    const response = await tokenRequest(demoClient, '', { grant_type: 'client_credentials', scope: 'samband/registry.read' })
    expect([400, 401]).toContain(response.statusCode)
    expect(response.body).not.toContain('access_token')
  })

  it('a portal client may not use client credentials', async () => {
    const response = await tokenRequest('samband-staff-portal', t.config.identity.staff.clientSecret, {
      grant_type: 'client_credentials',
      scope: 'samband/registry.read',
    })
    expect(response.statusCode).toBeGreaterThanOrEqual(400)
    expect(response.body).not.toContain('access_token')
  })

  it('other grant types are refused', async () => {
    const response = await tokenRequest(demoClient, `demo-secret-${orgnr}`, { grant_type: 'password', username: 'x', password: 'y' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'unsupported_grant_type' })
  })

  it('a scope the client does not have is refused, alone or with others', async () => {
    const client = await t.addSystemClient({
      organisationNumber: O.horten.organisationNumber,
      name: 'Registeroppslag Horten',
      scopes: ['samband/registry.read'],
    })
    for (const scope of ['samband/patient.read', 'samband/registry.read samband/patient.read', 'samband/organisation.write', 'openid']) {
      const response = await tokenRequest(client.clientId, client.clientSecret, { grant_type: 'client_credentials', scope })
      expect(response.statusCode, scope).toBe(400)
      expect(response.json(), scope).toMatchObject({ error: 'invalid_scope' })
    }
    const allowed = await tokenRequest(client.clientId, client.clientSecret, { grant_type: 'client_credentials', scope: 'samband/registry.read' })
    expect(allowed.statusCode).toBe(200)
  })

  it('a token without a scope opens nothing', async () => {
    const response = await tokenRequest(demoClient, `demo-secret-${orgnr}`, { grant_type: 'client_credentials' })
    expect(response.statusCode).toBe(200)
    const token = response.json<{ access_token: string }>().access_token
    expect((await me(bearer(token))).json()).toMatchObject({ kind: 'system', scopes: [] })
    expectProblem(await t.app.inject({ url: '/api/organisations', headers: bearer(token) }), 403, 'forbidden')
  })

  it('a new client (addSystemClient) gets a token at once, and /api/me shows its organisation', async () => {
    const client = await t.addSystemClient({
      organisationNumber: O.faerder.organisationNumber,
      name: 'EPJ Færder hjemmetjeneste',
      scopes: ['samband/registry.read', 'samband/organisation.read'],
    })
    const response = await tokenRequest(client.clientId, client.clientSecret, {
      grant_type: 'client_credentials',
      scope: 'samband/registry.read samband/organisation.read',
    })
    expect(response.statusCode, response.body).toBe(200)
    const token = response.json<{ access_token: string }>().access_token
    expect((await me(bearer(token))).json()).toEqual({
      kind: 'system',
      clientId: client.clientId,
      organisationId: O.faerder.id,
      scopes: ['samband/registry.read', 'samband/organisation.read'],
    })
    const staff = await t.app.inject({ url: `/api/organisations/${O.faerder.id}/staff`, headers: bearer(token) })
    expect(staff.statusCode).toBe(200)
    expect(staff.json<{ items: Array<{ staffId: string }> }>().items.map((i) => i.staffId)).toEqual([S.torTangen.id])
  })

  it('a revoked client’s token stops working at once, and it gets no new one', async () => {
    const client = await t.addSystemClient({
      organisationNumber: O.larvik.organisationNumber,
      name: 'EPJ Larvik',
      scopes: ['samband/registry.read'],
    })
    const token = (await tokenRequest(client.clientId, client.clientSecret, { grant_type: 'client_credentials', scope: 'samband/registry.read' })).json<{
      access_token: string
    }>().access_token
    expect((await me(bearer(token))).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/api/organisations', headers: bearer(token) })).statusCode).toBe(200)

    expect(await revokeSystemClient(t.db, client.clientId, new Date())).toBe(true)
    expectProblem(await me(bearer(token)), 401, 'invalid-token')
    expectProblem(await t.app.inject({ url: '/api/organisations', headers: bearer(token) }), 401, 'invalid-token')
    const again = await tokenRequest(client.clientId, client.clientSecret, { grant_type: 'client_credentials', scope: 'samband/registry.read' })
    expect(again.statusCode).toBe(401)
    expect(await revokeSystemClient(t.db, client.clientId, new Date())).toBe(false)
  })
})

describe('forged, expired and misdirected bearer tokens', () => {
  const claims = (over: Record<string, unknown> = {}) => ({
    client_id: `demo-epj-${O.tonsberg.organisationNumber}`,
    sub: `demo-epj-${O.tonsberg.organisationNumber}`,
    scope: 'samband/registry.read',
    [CLIENT_ORGNR_CLAIM]: O.tonsberg.organisationNumber,
    ...over,
  })

  /** Signs as the embedded provider does, with its own key from the database. */
  async function mint(
    payload: Record<string, unknown>,
    opts: { issuer?: string; audience?: string; expiresIn?: number; notBefore?: number; key?: 'provider' | 'stranger' } = {},
  ): Promise<string> {
    const row = await t.db.selectFrom('idp_signing_key').select('private_jwk').orderBy('created_at', 'desc').executeTakeFirstOrThrow()
    const jwk = row.private_jwk as JWK
    const key =
      opts.key === 'stranger'
        ? createPrivateKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }))
        : await importJWK(jwk, 'RS256')
    const now = Math.floor(t.now().getTime() / 1000)
    let jwt = new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', ...(jwk.kid ? { kid: jwk.kid } : {}) })
      .setIssuer(opts.issuer ?? `${TEST_URL}/idp`)
      .setAudience(opts.audience ?? `${TEST_URL}/api`)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + (opts.expiresIn ?? 300))
    if (opts.notBefore !== undefined) jwt = jwt.setNotBefore(now + opts.notBefore)
    return jwt.sign(key)
  }

  it('a token minted like the provider’s is accepted (so each case below fails for its one reason)', async () => {
    expect((await me(bearer(await mint(claims())))).json()).toMatchObject({ kind: 'system', organisationId: O.tonsberg.id })
  })

  const cases: Array<[string, () => Promise<string>]> = [
    ['expired', () => mint(claims(), { expiresIn: -120 })],
    ['not yet valid', () => mint(claims(), { notBefore: 600 })],
    ['from another issuer', () => mint(claims(), { issuer: 'https://evil.example/idp' })],
    ['for another audience', () => mint(claims(), { audience: 'https://other.example/api' })],
    ['signed with a stranger’s key under the provider’s kid', () => mint(claims(), { key: 'stranger' })],
    [
      'changed after signing (another organisation put in)',
      async () => {
        const [header, , signature] = (await mint(claims())).split('.')
        const payload = Buffer.from(JSON.stringify({ ...decodeJwt(await mint(claims())), [CLIENT_ORGNR_CLAIM]: O.siv.organisationNumber })).toString(
          'base64url',
        )
        return `${header}.${payload}.${signature}`
      },
    ],
    [
      'unsigned (alg none)',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')
        const payload = Buffer.from(
          JSON.stringify({ ...claims(), iss: `${TEST_URL}/idp`, aud: `${TEST_URL}/api`, exp: Math.floor(Date.now() / 1000) + 300 }),
        ).toString('base64url')
        return `${header}.${payload}.`
      },
    ],
    [
      'HS256 with the provider’s public key as the secret',
      async () => {
        const row = await t.db.selectFrom('idp_signing_key').select('private_jwk').executeTakeFirstOrThrow()
        const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = row.private_jwk as JWK
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(`${TEST_URL}/idp`)
          .setAudience(`${TEST_URL}/api`)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(JSON.stringify(publicJwk)))
      },
    ],
    ['without a client id', () => mint(claims({ client_id: undefined }))],
    ['without an organisation number', () => mint(claims({ [CLIENT_ORGNR_CLAIM]: undefined }))],
    ['for an organisation that is not in the registry', () => mint(claims({ [CLIENT_ORGNR_CLAIM]: '999999999' }))],
  ]
  it.each(cases)('a token %s is a 401', async (_what, token) => {
    const response = await me(bearer(await token()))
    expectProblem(response, 401, 'invalid-token')
  })

  it('a provider-signed token naming a revoked client is a 401', async () => {
    const client = await t.addSystemClient({ organisationNumber: O.holmestrand.organisationNumber, name: 'EPJ Holmestrand' })
    await revokeSystemClient(t.db, client.clientId, new Date())
    const token = await mint(claims({ client_id: client.clientId, [CLIENT_ORGNR_CLAIM]: O.holmestrand.organisationNumber }))
    expectProblem(await me(bearer(token)), 401, 'invalid-token')
  })
})
