// Rate limiting per client, with a limit of 5 a minute so that it is reached quickly.
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { bearer, expectProblem, O, P, sessionHeaders } from './api-helpers.ts'

const LIMIT = 5
let t: TestApp

beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) })
}, 60_000)

afterAll(async () => {
  await t?.close()
})

/** Sends the request `LIMIT` times (all must pass) and then once more, which is returned. */
async function exhaust(request: InjectOptions, passing: number) {
  for (let i = 1; i <= LIMIT; i++) {
    const response = await t.app.inject(request)
    expect(response.statusCode, `request ${i}: ${response.body}`).toBe(passing)
    expect(response.headers['x-ratelimit-limit']).toBe(String(LIMIT))
    expect(response.headers['x-ratelimit-remaining']).toBe(String(LIMIT - i))
  }
  return t.app.inject(request)
}

function expectLimited(response: LightMyRequestResponse) {
  const problem = expectProblem(response, 429, 'rate-limited')
  expect(problem.requestId).toBe(response.headers['x-request-id'])
  const retryAfter = Number(response.headers['retry-after'])
  expect(Number.isInteger(retryAfter)).toBe(true)
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(60)
}

describe('rate limiting', () => {
  it('a system token gets 5 requests a minute; the 6th is a 429 problem with retry-after; another token is unaffected', async () => {
    const first = await t.systemToken(O.tonsberg.organisationNumber, ['samband/registry.read'])
    const second = await t.systemToken(O.siv.organisationNumber, ['samband/registry.read'])
    expectLimited(await exhaust({ url: '/api/organisations', headers: bearer(first) }, 200))
    expectLimited(await t.app.inject({ url: '/api/me', headers: bearer(first) }))
    expect((await t.app.inject({ url: '/api/organisations', headers: bearer(second) })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/api/me', headers: bearer(second) })).statusCode).toBe(200)
  })

  it('a cookie session is limited on its own, whatever address it comes from', async () => {
    const kari = sessionHeaders(await t.citizenSession(P.kariNordmann.id), null)
    const per = sessionHeaders(await t.citizenSession(P.perBerg.id), null)
    expectLimited(await exhaust({ url: '/api/me', headers: kari }, 200))
    expectLimited(await t.app.inject({ url: '/api/me', headers: kari, remoteAddress: '10.0.0.9' }))
    expect((await t.app.inject({ url: '/api/me', headers: per })).statusCode).toBe(200)
  })

  it('callers without credentials are limited by address; another address is unaffected', async () => {
    const from = (remoteAddress: string): InjectOptions => ({ url: '/api/health', remoteAddress })
    expectLimited(await exhaust(from('10.0.0.1'), 200))
    expectLimited(await t.app.inject({ url: '/api/me', remoteAddress: '10.0.0.1' }))
    expect((await t.app.inject(from('10.0.0.2'))).statusCode).toBe(200)
  })

  it('a limited caller does not reach the handler: a 429 writes no audit row', async () => {
    // A client of its own: the bucket is per client, and Tønsberg's was used up above.
    const token = await t.systemToken(O.larvik.organisationNumber, ['samband/organisation.read'])
    const staffOfSiv = { url: `/api/organisations/${O.siv.id}/staff`, headers: bearer(token) }
    const rows = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await rows()
    expectLimited(await exhaust(staffOfSiv, 403))
    expect(await rows()).toBe(before + LIMIT)
  })

  // Unverified credentials never choose the bucket: made-up tokens and guessed secrets share the
  // address's bucket.
  it('made-up bearer tokens from one address are limited like any other anonymous caller', async () => {
    const statuses: number[] = []
    for (let i = 0; i < LIMIT + 3; i++) {
      const response = await t.app.inject({ url: '/api/me', headers: bearer(`made-up-token-${'x'.repeat(32)}-${i}`), remoteAddress: '10.0.0.3' })
      statuses.push(response.statusCode)
    }
    expect(statuses).toContain(429)
  })

  it('guessing a client secret at /idp/token from one address is limited', async () => {
    const statuses: number[] = []
    for (let i = 0; i < LIMIT + 3; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/idp/token',
        remoteAddress: '10.0.0.4',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`demo-epj-${O.siv.organisationNumber}:guess-${i}`).toString('base64')}`,
        },
        payload: 'grant_type=client_credentials',
      })
      statuses.push(response.statusCode)
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true)
    expect(statuses).toContain(429)
  })
})
