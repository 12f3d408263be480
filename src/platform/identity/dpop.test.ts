import { generateKeyPairSync, randomUUID, sign } from 'node:crypto'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../test/support/test-database.ts'
import { accessTokenHash, DpopProofError, expectedHtu, normaliseHtu, rememberDpopJti, verifyDpopProof } from './dpop.ts'

const NOW = new Date('2026-11-23T11:00:00Z')
const HTU = 'https://samband.test/api/organisations'
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'

let keys: Awaited<ReturnType<typeof generateKeyPair>>
let publicJwk: JWK
let privateJwk: JWK

beforeAll(async () => {
  keys = await generateKeyPair('ES256', { extractable: true })
  publicJwk = await exportJWK(keys.publicKey)
  privateJwk = await exportJWK(keys.privateKey)
})

type ProofChanges = { header?: Record<string, unknown>; claims?: Record<string, unknown>; key?: Parameters<SignJWT['sign']>[0]; alg?: string }

function proof(changes: ProofChanges = {}) {
  const claims = { jti: randomUUID(), iat: Math.floor(NOW.getTime() / 1000), htm: 'GET', htu: HTU, ath: accessTokenHash(TOKEN), ...changes.claims }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: changes.alg ?? 'ES256', typ: 'dpop+jwt', jwk: publicJwk, ...changes.header } as never)
    .sign(changes.key ?? keys.privateKey)
}

const expected = { method: 'GET', htu: HTU, accessToken: TOKEN, now: NOW }

async function refusal(p: string | string[] | undefined, exp = expected): Promise<string> {
  const error = await verifyDpopProof(p, exp).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DpopProofError)
  return (error as Error).message
}

describe('verifyDpopProof', () => {
  it('accepts a good proof and gives the key thumbprint, jti and how long to remember it', async () => {
    const jti = randomUUID()
    const verified = await verifyDpopProof(await proof({ claims: { jti } }), expected)
    expect(verified).toEqual({ jkt: await calculateJwkThumbprint(publicJwk, 'sha256'), jti, replayUntil: new Date(NOW.getTime() + 301_000) })
  })

  it('accepts an RS256 proof (as HelseID clients send)', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true })
    const jwk = await exportJWK(rsa.publicKey)
    const verified = await verifyDpopProof(await proof({ alg: 'RS256', key: rsa.privateKey, header: { jwk } }), expected)
    expect(verified.jkt).toBe(await calculateJwkThumbprint(jwk, 'sha256'))
  })

  it('accepts iat up to five minutes either way of our clock, not beyond', async () => {
    const at = (seconds: number) => proof({ claims: { iat: Math.floor(NOW.getTime() / 1000) + seconds } })
    await expect(verifyDpopProof(await at(-300), expected)).resolves.toBeTruthy()
    await expect(verifyDpopProof(await at(300), expected)).resolves.toBeTruthy()
    expect(await refusal(await at(-301))).toMatch(/iat/)
    expect(await refusal(await at(301))).toMatch(/iat/)
  })

  it('compares htu as a URL without query or fragment', async () => {
    for (const htu of [`${HTU}?limit=1`, `${HTU}#x`, 'HTTPS://SAMBAND.test:443/api/organisations', 'https://samband.test/api/x/../organisations']) {
      await expect(verifyDpopProof(await proof({ claims: { htu } }), expected), htu).resolves.toBeTruthy()
    }
  })

  it.each<[string, () => Promise<string | string[] | undefined>, RegExp]>([
    ['no proof', async () => undefined, /mangler/],
    ['two proofs', async () => `${await proof()}, ${await proof()}`, /nøyaktig ett/],
    ['two proof headers', async () => [await proof(), await proof()], /nøyaktig ett/],
    ['not a JWT', async () => 'abc', /nøyaktig ett/],
    ['typ JWT', () => proof({ header: { typ: 'JWT' } }), /typ/],
    ['no typ', () => proof({ header: { typ: undefined } }), /typ/],
    ['a symmetric alg (HS256)', () => proof({ alg: 'HS256', key: new Uint8Array(32).fill(7) }), /signert med/],
    [
      'alg none',
      async () =>
        `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'dpop+jwt', jwk: publicJwk })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.x`,
      /signert med/,
    ],
    ['no jwk', () => proof({ header: { jwk: undefined } }), /jwk/],
    ['a symmetric jwk', () => proof({ header: { jwk: { kty: 'oct', k: 'AAAA' } } }), /jwk/],
    ['the private key in jwk', () => proof({ header: { jwk: privateJwk } }), /privat nøkkel/],
    ['a jwk that did not sign it', async () => proof({ header: { jwk: await exportJWK((await generateKeyPair('ES256')).publicKey) } }), /Signaturen/],
    [
      'an RSA key too short for RS256',
      async () => {
        // jose will not sign with a 1024-bit key, so this proof is put together by hand.
        const weak = generateKeyPairSync('rsa', { modulusLength: 1024 })
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
        const claims = { jti: randomUUID(), iat: Math.floor(NOW.getTime() / 1000), htm: 'GET', htu: HTU, ath: accessTokenHash(TOKEN) }
        const input = `${part({ alg: 'RS256', typ: 'dpop+jwt', jwk: weak.publicKey.export({ format: 'jwk' }) })}.${part(claims)}`
        return `${input}.${sign('sha256', Buffer.from(input), weak.privateKey).toString('base64url')}`
      },
      /nøkkel eller signatur/,
    ],
    ['a broken signature', async () => `${(await proof()).slice(0, -4)}AAAA`, /Signaturen/],
    ['no jti', () => proof({ claims: { jti: undefined } }), /jti/],
    ['a huge jti', () => proof({ claims: { jti: 'x'.repeat(300) } }), /jti/],
    ['no iat', () => proof({ claims: { iat: undefined } }), /iat/],
    ['iat as text', () => proof({ claims: { iat: String(Math.floor(NOW.getTime() / 1000)) } }), /iat/],
    ['htm POST for a GET', () => proof({ claims: { htm: 'POST' } }), /htm/],
    ['htm in lower case', () => proof({ claims: { htm: 'get' } }), /htm/],
    ['htu with another path', () => proof({ claims: { htu: 'https://samband.test/api/organisations/1' } }), /htu/],
    ['htu with another host', () => proof({ claims: { htu: 'https://evil.test/api/organisations' } }), /htu/],
    ['htu over http', () => proof({ claims: { htu: 'http://samband.test/api/organisations' } }), /htu/],
    ['htu not a URL', () => proof({ claims: { htu: '/api/organisations' } }), /htu/],
    ['no ath', () => proof({ claims: { ath: undefined } }), /ath/],
    ['ath of another token', () => proof({ claims: { ath: accessTokenHash(`${TOKEN}x`) } }), /ath/],
  ])('refuses %s', async (_what, make, message) => {
    expect(await refusal(await make())).toMatch(message)
  })
})

describe('expectedHtu', () => {
  it('is the public origin plus the request path, without query', () => {
    expect(expectedHtu('https://samband.test', '/api/organisations?limit=1')).toBe(HTU)
    expect(expectedHtu('https://samband.test/', '/api/organisations#x')).toBe(HTU)
    expect(expectedHtu('https://samband.test/some/base', '/api/organisations')).toBe(HTU)
  })

  it('keeps a path that looks like another host on our origin', () => {
    expect(expectedHtu('https://samband.test', '//evil.test/api')).toBe('https://samband.test//evil.test/api')
  })

  it('normaliseHtu refuses what is not an http(s) URL', () => {
    expect(normaliseHtu('javascript:alert(1)')).toBeNull()
    expect(normaliseHtu('not a url')).toBeNull()
  })
})

describe('rememberDpopJti', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>
  beforeAll(async () => {
    database = await openTestDatabase()
  }, 60_000)
  afterAll(async () => {
    await database?.close()
  })

  it('accepts a jti once while it is remembered, and again once it has expired', async () => {
    const jti = randomUUID()
    const until = new Date(NOW.getTime() + 301_000)
    expect(await rememberDpopJti(database.db, jti, until, NOW)).toBe(true)
    expect(await rememberDpopJti(database.db, jti, until, NOW)).toBe(false)
    expect(await rememberDpopJti(database.db, jti, until, new Date(until.getTime() - 1))).toBe(false)
    const later = new Date(until.getTime() + 1)
    expect(await rememberDpopJti(database.db, jti, new Date(later.getTime() + 301_000), later)).toBe(true)
    expect(await rememberDpopJti(database.db, jti, new Date(later.getTime() + 301_000), later)).toBe(false)
  })
})
