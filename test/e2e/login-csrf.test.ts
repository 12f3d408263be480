import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../../src/server.ts'
import { cookieBrowser } from '../support/cookie-browser.ts'
import { testServerDatabase } from '../support/test-database.ts'

// Login CSRF (issue 10, item 1): a callback URL captured from one browser must not log another browser in.

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

/** Starts a citizen login in `b` and completes it at the provider, stopping before the callback is opened. */
async function callbackUrlFor(b: ReturnType<typeof browser>): Promise<string> {
  let url = `${server.url}/auth/login?kind=citizen&returnTo=/innbygger`
  let response = await b.request(url)
  while (response.status >= 300 && response.status < 400) {
    url = new URL(response.headers.get('location') as string, url).toString()
    response = await b.request(url)
  }
  const account = /name="account" value="([^"]+)">\s*<button type="submit">Logg inn som Kari Nordmann</.exec(await response.text())?.[1]
  expect(account).toBeTruthy()
  let location = (
    await b.request(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: account as string }).toString(),
    })
  ).headers.get('location') as string
  for (let hops = 0; hops < 10; hops++) {
    const absolute = new URL(location, server.url).toString()
    if (absolute.startsWith(`${server.url}/auth/callback`)) return absolute
    location = (await b.request(absolute)).headers.get('location') as string
  }
  throw new Error('never reached the callback')
}

describe('the login callback is bound to the browser that started the login', () => {
  it('sets a short-lived, HttpOnly, SameSite=Lax binding cookie limited to /auth when a login starts', async () => {
    const b = browser()
    await b.request(`${server.url}/auth/login?kind=citizen`)
    const binding = b.setCookies.find((c) => c.startsWith('samband_login='))
    expect(binding).toBeDefined()
    expect(binding).toMatch(/HttpOnly/i)
    expect(binding).toMatch(/SameSite=Lax/i)
    expect(binding).toMatch(/Path=\/auth(;|$)/i)
    expect(Number(/Max-Age=(\d+)/i.exec(binding as string)?.[1])).toBeLessThanOrEqual(600)
  })

  it('refuses the callback in another browser, and the browser that started it can still finish', async () => {
    const attacker = browser()
    const callbackUrl = await callbackUrlFor(attacker)

    // A victim with no login of her own under way …
    const victim = browser()
    const refused = await victim.request(callbackUrl)
    expect(refused.status).toBe(400)
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect(((await refused.json()) as { code: string }).code).toBe('login-failed')
    expect(victim.jar.has('samband_session')).toBe(false)

    // … and one who has started a login herself (she has a binding cookie, but not this one).
    const busyVictim = browser()
    await busyVictim.request(`${server.url}/auth/login?kind=citizen`)
    expect(busyVictim.jar.has('samband_login')).toBe(true)
    expect((await busyVictim.request(callbackUrl)).status).toBe(400)
    expect(busyVictim.jar.has('samband_session')).toBe(false)

    // The browser that started the login is logged in, and its binding cookie is cleared.
    const own = await attacker.request(callbackUrl)
    expect(own.status).toBe(302)
    expect(own.headers.get('location')).toBe('/innbygger')
    expect(attacker.jar.has('samband_session')).toBe(true)
    expect(attacker.jar.has('samband_login')).toBe(false)
    const me = await attacker.request(`${server.url}/api/me`)
    expect(me.status).toBe(200)
  })

  it('refuses a callback whose binding cookie has been removed', async () => {
    const b = browser()
    const callbackUrl = await callbackUrlFor(b)
    b.jar.delete('samband_login')
    expect((await b.request(callbackUrl)).status).toBe(400)
    expect(b.jar.has('samband_session')).toBe(false)
  })

  it('a second login started in the same browser (another tab) does not void the first', async () => {
    const b = browser()
    const first = await callbackUrlFor(b)
    await callbackUrlFor(b)
    expect((await b.request(first)).status).toBe(302)
    expect(b.jar.has('samband_session')).toBe(true)
  })
})
