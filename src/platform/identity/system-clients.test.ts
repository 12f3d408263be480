import { describe, expect, it } from 'vitest'
import { DEFAULT_SYSTEM_SCOPES, NewSystemClientSchema } from './system-clients.ts'

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
  ])('refuses a bad %s: %j', (field, change) => {
    const result = NewSystemClientSchema.safeParse({ organisationNumber: '939901035', name: 'EPJ Tønsberg', ...change })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.path[0])).toContain(field)
  })
})
