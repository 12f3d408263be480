// Issue 10, items 5 and 7: oversized requests answer in problem+json, personal data is not cached, the provider's
// addresses come from PUBLIC_URL (not the Host header), and cookie-authenticated writes refuse other origins.
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
