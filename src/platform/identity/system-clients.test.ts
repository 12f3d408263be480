import { exportJWK, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SYSTEM_SCOPES, NewSystemClientSchema, PublicJwksSchema } from './system-clients.ts'

describe('NewSystemClientSchema', () => {
  it('gives the default scopes when none are named', () => {
    expect(NewSystemClientSchema.parse({ organisationNumber: '939901035', name: 'EPJ Tønsberg' })).toEqual({
      organisationNumber: '939901035',
      name: 'EPJ Tønsberg',
      scopes: DEFAULT_SYSTEM_SCOPES,
    })
  })

  it('trims the name', () => {
    expect(NewSystemClientSchema.parse({ organisationNumber: '939901035', name: '  EPJ  ' }).name).toBe('EPJ')
  })

  it('allows NHN’s Meldingstjener scope next to ours', () => {
    const scopes = ['nhn:msh/api', 'samband/registry.read']
    expect(NewSystemClientSchema.parse({ organisationNumber: '939901035', name: 'EPJ Tønsberg', scopes }).scopes).toEqual(scopes)
  })

  it('takes a public JWKS for a private_key_jwt client', async () => {
    const rsa = await exportJWK((await generateKeyPair('RS256', { extractable: true })).publicKey)
    const ec = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)
    const jwks = { keys: [{ ...rsa, kid: 'a', alg: 'RS256', use: 'sig' }, ec] }
    expect(NewSystemClientSchema.parse({ organisationNumber: '939901035', name: 'EPJ Tønsberg', jwks }).jwks).toEqual(jwks)
  })

  it.each([
    ['organisationNumber', { organisationNumber: '93990103' }],
    ['organisationNumber', { organisationNumber: '939 901 035' }],
    ['organisationNumber', { organisationNumber: "939901035' OR 1=1" }],
    ['name', { name: ' x ' }],
    ['name', { name: 'x'.repeat(201) }],
    ['scopes', { scopes: [] }],
    ['scopes', { scopes: ['openid'] }],
    ['scopes', { scopes: ['samband/patient.read openid'] }],
    ['scopes', { scopes: ['samband/Patient.Read'] }],
    ['scopes', { scopes: ['nhn:msh/api openid'] }],
    ['scopes', { scopes: ['nhn:msh/admin'] }],
    ['jwks', { jwks: { keys: [] } }],
    ['jwks', { jwks: [] }],
  ])('refuses a bad %s: %j', (field, change) => {
    const result = NewSystemClientSchema.safeParse({ organisationNumber: '939901035', name: 'EPJ Tønsberg', ...change })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.path[0])).toContain(field)
  })
})

describe('PublicJwksSchema', () => {
  it('refuses private, symmetric and unsupported keys', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true })
    const privateJwk = await exportJWK(pair.privateKey)
    const p384 = await exportJWK((await generateKeyPair('ES384', { extractable: true })).publicKey)
    const ed = await exportJWK((await generateKeyPair('EdDSA', { extractable: true })).publicKey)
    for (const key of [
      privateJwk,
      { kty: 'oct', k: 'c2VjcmV0' },
      p384,
      ed,
      { ...(await exportJWK(pair.publicKey)), alg: 'HS256' },
      { ...(await exportJWK(pair.publicKey)), use: 'enc' },
    ]) {
      expect(PublicJwksSchema.safeParse({ keys: [key] }).success, JSON.stringify(key)).toBe(false)
    }
  })
})
