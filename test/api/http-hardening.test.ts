// Issue 10, items 5 and 7: oversized requests answer in problem+json, personal data is not cached, the provider's
// addresses come from PUBLIC_URL (not the Host header), and cookie-authenticated writes refuse other origins.
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../src/server.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { bearer, expectProblem, O, P, S, SV } from './api-helpers.ts'

let t: TestApp
let base: string

beforeAll(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  t = await startTestApp({ PUBLIC_URL: base })
  await t.app.listen({ port, host: '127.0.0.1' })
}, 60_000)

afterAll(async () => {
  await t?.close()
})

/** A cookie jar over real HTTP, redirects followed by hand (the provider's interaction needs its cookies). */
function browser() {
  const jar = new Map<string, string>()
  async function request(path: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {}) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await fetch(new URL(path, base), {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
      ...(init.body === undefined ? {} : { body: init.body }),
    })
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? ''
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
    }
    return response
  }
  /** From /auth/login to the provider's login page; returns the page's path. */
  async function toLoginPage(): Promise<string> {
    let url = '/auth/login?kind=citizen'
    let response = await request(url)
    while (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location') as string, base)
      url = next.pathname + next.search
      response = await request(url)
    }
    expect(response.status).toBe(200)
    return url
  }
  const cookieHeader = async () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  return { request, toLoginPage, cookieHeader }
}

describe('oversized requests (item 5)', () => {
  it('a login form body over 4 KB at the embedded provider is a 413, not a 500', async () => {
    const b = browser()
    const page = await b.toLoginPage()
    const response = await b.request(`${page}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: `citizen:${P.kariNordmann.id}`, padding: 'x'.repeat(5000) }).toString(),
    })
    expect(response.status).toBe(413)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toContain('for stor')
  })

  it('so is one sent in chunks, without a content-length', async () => {
    const b = browser()
    const page = await b.toLoginPage()
    const chunk = new TextEncoder().encode(`account=citizen%3A${P.kariNordmann.id}&padding=${'x'.repeat(5000)}`)
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk)
        controller.close()
      },
    })
    const cookie = await b.cookieHeader()
    const response = await fetch(new URL(`${page}/login`, base), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
  })

  it('a login form body under 4 KB still logs in', async () => {
    const b = browser()
    const page = await b.toLoginPage()
    const response = await b.request(`${page}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: `citizen:${P.kariNordmann.id}`, padding: 'x'.repeat(3000) }).toString(),
    })
    expect(response.status).toBeGreaterThanOrEqual(300)
    expect(response.status).toBeLessThan(400)
  })

  it.each([
    ['a URL over 16 KB', () => fetch(`${base}/api/health?q=${'x'.repeat(17_000)}`)],
    ['an oversized header', () => fetch(`${base}/api/health`, { headers: { 'x-padding': 'x'.repeat(17_000) } })],
  ])('%s is a 431 in problem+json', async (_what, send) => {
    const response = await send()
    expect(response.status).toBe(431)
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const problem = (await response.json()) as { status: number; code: string; type: string }
    expect(problem).toMatchObject({ status: 431, code: 'request-header-too-large', type: 'https://samband.no/problems/request-header-too-large' })
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('the server still answers after a 431', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(200)
  })
})

describe('personal data is not cached (item 7a)', () => {
  it('every /api, /msh and /auth answer carries Cache-Control: no-store, errors included', async () => {
    const kari = await t.citizenSession(P.kariNordmann.id)
    const lise = await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
    const system = bearer(await t.systemToken(O.tonsberg.organisationNumber, ['samband/registry.read', 'samband/patient.read', 'samband/exchange']))
    const msh = { ...system, 'api-version': '2', 'nhn-source-system': 'Test EPJ 1.0' }
    const requests: Array<[string, InjectOptions, number]> = [
      ['me (citizen)', { url: '/api/me', headers: { cookie: kari.cookie } }, 200],
      ['own threads', { url: `/api/citizens/${P.kariNordmann.id}/threads`, headers: { cookie: kari.cookie } }, 200],
      ['access log', { url: `/api/citizens/${P.kariNordmann.id}/access-log`, headers: { cookie: kari.cookie } }, 200],
      ['health contacts', { url: `/api/citizens/${P.kariNordmann.id}/health-contacts`, headers: { cookie: kari.cookie } }, 200],
      ['staff thread list', { url: `/api/services/${SV.tonsbergHjemmesykepleie.id}/threads`, headers: { cookie: lise.cookie } }, 200],
      ['exchange inbox', { url: '/api/exchange/inbox', headers: { cookie: lise.cookie } }, 200],
      [
        'a refused patient lookup (no care relation)',
        {
          method: 'POST',
          url: '/api/patients/lookup',
          headers: { ...system, 'content-type': 'application/json' },
          payload: { nationalId: P.kariNordmann.nationalId },
        },
        403,
      ],
      ['msh unread messages', { url: `/msh/Messages?ReceiverHerIds=${SV.tonsbergHjemmesykepleie.herId}`, headers: msh }, 200],
      ['a 401', { url: '/api/me' }, 401],
      ['a 404 under /api', { url: '/api/nothing-here' }, 404],
      ['starting a login', { url: '/auth/login?kind=citizen' }, 302],
    ]
    for (const [what, request, status] of requests) {
      const response = await t.app.inject(request)
      expect(response.statusCode, `${what}: ${response.body.slice(0, 200)}`).toBe(status)
      expect(response.headers['cache-control'], what).toMatch(/\bno-store\b/)
    }
  })

  it('public documents keep their own caching', async () => {
    for (const url of ['/api/openapi.json', '/api/health', '/msh/openapi.json']) {
      const response = await t.app.inject({ url })
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['cache-control'] ?? '', url).not.toMatch(/no-store/)
    }
  })
})

describe('the provider’s addresses come from PUBLIC_URL, not the request (item 7b)', () => {
  it.each([
    ['a forged Host header', { host: 'evil.example' }],
    ['forged X-Forwarded-Host and -Proto', { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }],
  ])('%s changes no address in the discovery document', async (_what, headers) => {
    const response = await t.app.inject({ url: '/idp/.well-known/openid-configuration', headers })
    expect(response.statusCode).toBe(200)
    const doc = response.json<Record<string, unknown>>()
    const urls = Object.entries(doc).filter(([, v]) => typeof v === 'string' && /^https?:/.test(v))
    expect(urls.map(([k]) => k)).toEqual(expect.arrayContaining(['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri']))
    for (const [key, value] of urls) expect(value, key).toMatch(new RegExp(`^${base}/idp(/|$)`))
    expect(response.body).not.toContain('evil.example')
  })

  it('a login under a forged Host resumes at PUBLIC_URL', async () => {
    const jar = new Map<string, string>()
    const send = async (request: InjectOptions) => {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
      const response = await t.app.inject({ ...request, headers: { ...request.headers, host: 'evil.example', ...(cookie ? { cookie } : {}) } })
      const setCookie = response.headers['set-cookie']
      for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
        const pair = line.split(';')[0] ?? ''
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
      }
      return response
    }
    const authorize = new URL(String((await send({ url: '/auth/login?kind=citizen' })).headers.location))
    const interaction = String((await send({ url: authorize.pathname + authorize.search })).headers.location)
    expect(interaction).toMatch(/^\/idp\/interaction\//)
    const loggedIn = await send({
      method: 'POST',
      url: `${interaction}/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ account: `citizen:${P.kariNordmann.id}` }).toString(),
    })
    expect(loggedIn.statusCode).toBe(303)
    expect(String(loggedIn.headers.location)).toMatch(new RegExp(`^${base}/idp/auth/`))
  })
})

describe('cookie-authenticated writes from another origin are refused (item 7c)', () => {
  // A write that passes authentication ends in a 404 (no such thread); a refused one is a 403 before it.
  const write = (session: { cookie: string; csrf: string }, headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.kariNordmann.id}/threads/00000000-0000-4000-8000-00000000dead/read`,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers },
    })

  it.each([
    ['another Origin', { origin: 'https://evil.example' }],
    ['Origin null (a sandboxed or file page)', { origin: 'null' }],
    ['an Origin on another port', { origin: 'http://127.0.0.1:1' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site without an Origin', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site cross-site with our own Origin', { origin: 'OWN', 'sec-fetch-site': 'cross-site' }],
  ])('%s: 403 even with the right CSRF token', async (_what, headers) => {
    const kari = await t.citizenSession(P.kariNordmann.id)
    const response = await write(kari, Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'OWN' ? base : v])))
    expectProblem(response, 403, 'cross-site-request')
  })

  it.each([
    ['our own Origin', { origin: 'OWN' }],
    ['Sec-Fetch-Site same-origin', { origin: 'OWN', 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site same-site with our own Origin', { origin: 'OWN', 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site none (typed by the user)', { 'sec-fetch-site': 'none' }],
    ['neither header (not a browser)', {}],
  ])('%s: passes on the CSRF token', async (_what, headers) => {
    const kari = await t.citizenSession(P.kariNordmann.id)
    const response = await write(kari, Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'OWN' ? base : v])))
    expect(response.statusCode, response.body).toBe(404)
  })

  it('the CSRF token is still the first line: our own Origin without it is refused', async () => {
    const kari = await t.citizenSession(P.kariNordmann.id)
    expectProblem(await write({ cookie: kari.cookie, csrf: 'wrong' }, { origin: base }), 403, 'csrf-failed')
  })

  it('reads are not affected, nor are system clients (bearer tokens)', async () => {
    const kari = await t.citizenSession(P.kariNordmann.id)
    const read = await t.app.inject({ url: '/api/me', headers: { cookie: kari.cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })
    expect(read.statusCode).toBe(200)
    const system = bearer(await t.systemToken(O.tonsberg.organisationNumber, ['samband/registry.read']))
    const logout = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { ...system, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    })
    expect(logout.statusCode).toBe(204)
  })

  it('logging out from another site is refused too (the same check, one place)', async () => {
    const kari = await t.citizenSession(P.kariNordmann.id)
    const response = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: kari.cookie, 'x-csrf-token': kari.csrf, origin: 'https://evil.example' },
    })
    expectProblem(response, 403, 'cross-site-request')
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: kari.cookie } })).statusCode).toBe(200)
  })
})
