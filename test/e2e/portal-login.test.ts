import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../../src/server.ts'
import { cookieBrowser } from '../support/cookie-browser.ts'
import { testServerDatabase } from '../support/test-database.ts'

// The real OpenID Connect flow over HTTP: portal → embedded provider → login page → callback.

let server: { url: string; close(): Promise<void> }
let database: Awaited<ReturnType<typeof testServerDatabase>> | null = null

beforeAll(async () => {
  database = await testServerDatabase()
  server = await startServer({ port: 0, demo: true, ...database.options })
}, 60_000)

afterAll(async () => {
  await server?.close()
  await database?.drop()
})

const browser = cookieBrowser

async function logIn(kind: 'citizen' | 'staff', name: string, returnTo: string) {
  const b = browser()
  const { response: loginPage, url: loginUrl } = await b.follow(`${server.url}/auth/login?kind=${kind}&returnTo=${encodeURIComponent(returnTo)}`)
  expect(loginPage.status).toBe(200)
  const html = await loginPage.text()
  const match = new RegExp(`name="account" value="([^"]+)">\\s*<button type="submit">Logg inn som ${name}<`).exec(html)
  expect(match, `login page lists ${name}`).not.toBeNull()
  const { response: landed, url: landedUrl } = await b.follow(`${loginUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account: match?.[1] as string }).toString(),
  })
  return { b, landed, landedUrl }
}

describe('portal login through the embedded provider', () => {
  it('publishes a discovery document at /idp/.well-known/openid-configuration', async () => {
    const response = await fetch(`${server.url}/idp/.well-known/openid-configuration`)
    const doc = (await response.json()) as Record<string, unknown>
    expect(doc.issuer).toBe(`${server.url}/idp`)
    expect(doc.authorization_endpoint).toBe(`${server.url}/idp/auth`)
    expect(doc.code_challenge_methods_supported).toEqual(['S256'])
    expect(doc.acr_values_supported).toContain('idporten-loa-high')
    expect(doc.grant_types_supported).toContain('client_credentials')
  })

  it('logs a citizen in at high assurance and shows whom she may act for', async () => {
    const { b, landedUrl } = await logIn('citizen', 'Kari Nordmann', '/innbygger')
    expect(new URL(landedUrl).pathname).toBe('/innbygger')
    const cookie = b.jar.get('samband_session')
    expect(cookie).toBeTruthy()
    const me = (await (await b.request(`${server.url}/api/me`)).json()) as {
      kind: string
      person: { name: string }
      representations: { name: string; basis: string; reduced: boolean }[]
    }
    expect(me.kind).toBe('citizen')
    expect(me.person.name).toBe('Kari Nordmann')
    expect(me.representations.map((r) => [r.name, r.basis, r.reduced])).toEqual(
      expect.arrayContaining([
        ['Emma Nordmann', 'parent', false],
        ['Jonas Nordmann', 'parent', true],
      ]),
    )
  })

  it('sets the session cookie httpOnly and SameSite=Lax', async () => {
    const b = browser()
    const { url: loginUrl, response } = await b.follow(`${server.url}/auth/login?kind=citizen`)
    const account = /name="account" value="([^"]+)"/.exec(await response.text())?.[1] as string
    const post = await b.request(`${loginUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account }).toString(),
    })
    let next = await b.request(new URL(post.headers.get('location') as string, loginUrl).toString())
    while (next.status === 303 || next.status === 302) {
      const location = new URL(next.headers.get('location') as string, server.url).toString()
      if (location.startsWith(`${server.url}/auth/callback`)) {
        const callback = await b.request(location)
        const setCookie = callback.headers.getSetCookie().find((c) => c.startsWith('samband_session='))
        expect(setCookie).toMatch(/HttpOnly/i)
        expect(setCookie).toMatch(/SameSite=Lax/i)
        return
      }
      next = await b.request(location)
    }
    throw new Error('never reached the callback')
  })

  it('logs staff in through the HelseID-like client and knows their organisation and service', async () => {
    const { b, landedUrl } = await logIn('staff', 'Lise Lund', '/helsepersonell')
    expect(new URL(landedUrl).pathname).toBe('/helsepersonell')
    const me = (await (await b.request(`${server.url}/api/me`)).json()) as { kind: string; organisation: { name: string }; service: { name: string } }
    expect(me.kind).toBe('staff')
    expect(me.organisation.name).toBe('Tønsberg kommune')
    expect(me.service.name).toMatch(/hjemmesykepleie/i)
  })

  it('does not list staff on the citizen login page, nor citizens on the staff page', async () => {
    const citizenPage = await (await browser().follow(`${server.url}/auth/login?kind=citizen`)).response.text()
    const staffPage = await (await browser().follow(`${server.url}/auth/login?kind=staff`)).response.text()
    expect(citizenPage).toContain('Logg inn som Kari Nordmann')
    expect(citizenPage).not.toContain('Logg inn som Lise Lund')
    expect(staffPage).toContain('Logg inn som Lise Lund')
    expect(staffPage).not.toContain('Logg inn som Kari Nordmann')
  })

  it('refuses a staff account posted to a citizen login', async () => {
    const b = browser()
    const staffPage = await (await browser().follow(`${server.url}/auth/login?kind=staff`)).response.text()
    const staffAccount = /name="account" value="(staff:[^"]+)"/.exec(staffPage)?.[1] as string
    const { url: loginUrl } = await b.follow(`${server.url}/auth/login?kind=citizen`)
    const response = await b.request(`${loginUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: staffAccount }).toString(),
    })
    expect(response.status).toBe(400)
  })

  it.each([['//evil.example/'], ['https://evil.example/'], ['/\\evil.example']])('refuses returnTo=%s (no open redirect)', async (returnTo) => {
    const response = await fetch(`${server.url}/auth/login?kind=citizen&returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' })
    expect(response.status).toBe(422)
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/)
  })

  it('refuses a callback with an unknown state', async () => {
    const response = await fetch(`${server.url}/auth/callback?code=abc&state=forged`, { redirect: 'manual' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { code: string }).code).toBe('login-failed')
  })

  it('a callback cannot be replayed', async () => {
    const b = browser()
    const { url: loginUrl, response } = await b.follow(`${server.url}/auth/login?kind=citizen`)
    const account = /name="account" value="([^"]+)"/.exec(await response.text())?.[1] as string
    let location = (
      await b.request(`${loginUrl}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ account }).toString(),
      })
    ).headers.get('location') as string
    let callbackUrl = ''
    for (let i = 0; i < 10 && !callbackUrl; i++) {
      const absolute = new URL(location, server.url).toString()
      if (absolute.startsWith(`${server.url}/auth/callback`)) callbackUrl = absolute
      else location = (await b.request(absolute)).headers.get('location') as string
    }
    expect((await b.request(callbackUrl)).status).toBe(302)
    expect((await b.request(callbackUrl)).status).toBe(400)
  })

  it('logs out: the session stops working', async () => {
    const { b } = await logIn('citizen', 'Per Berg', '/innbygger')
    const me = (await (await b.request(`${server.url}/api/me`)).json()) as { csrfToken: string }
    const cookieBefore = b.jar.get('samband_session') as string
    const logout = await b.request(`${server.url}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } })
    expect(logout.status).toBe(204)
    const after = await fetch(`${server.url}/api/me`, { headers: { cookie: `samband_session=${cookieBefore}` } })
    expect(after.status).toBe(401)
  })
})
