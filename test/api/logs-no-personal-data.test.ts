// The server's own logs, captured while real users log in through the embedded identity provider,
// look patients up and fail in the ways callers make things fail: no national identity number, no
// cookie, token, code or secret may appear in them.
//
// The app logs into a capturing stream; everything else (level, redaction, serializers) is exactly the app's.
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../src/server.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { O, P, S } from './api-helpers.ts'

const captured = { lines: [] as string[] }

/** Every line the app logs, at the level the test asks for. */
function capturingStream(): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      captured.lines.push(String(chunk))
      done()
    },
  })
}

let t: TestApp
let base: string
/** Every value that must never be logged, gathered while the flows below run. */
const secrets = new Set<string>()

/** A browser, as far as login needs one: cookies for one host, redirects followed by hand. */
class Browser {
  readonly cookies = new Map<string, string>()

  async request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
    const response = await fetch(new URL(url, base), {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...init.headers, ...(this.cookies.size > 0 ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}) },
      ...(init.body === undefined ? {} : { body: init.body }),
    })
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';')
      const name = pair.slice(0, pair.indexOf('='))
      const value = pair.slice(pair.indexOf('=') + 1)
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name)
      else {
        this.cookies.set(name, value)
        // The provider's interaction cookie holds the interaction id, which is also in its URL path
        // (/idp/interaction/:uid) by design; its signature cookie (.sig) is what must stay secret.
        if (!/^_interaction(_resume)?$/.test(name)) secrets.add(value)
      }
    }
    return response
  }

  /** Follows redirects on this site; returns the last response. */
  async follow(url: string) {
    let response = await this.request(url)
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      const location = new URL(response.headers.get('location') ?? '/', base)
      expect(location.origin).toBe(base)
      for (const value of location.searchParams.values()) if (value.length >= 16) secrets.add(value)
      if (!/^\/(idp|auth)\//.test(location.pathname)) return { response, location }
      response = await this.request(location.toString())
    }
    return { response, location: new URL(response.url) }
  }

  /** The whole portal login: /auth/login → provider → test login page → callback → session. */
  async login(kind: 'citizen' | 'staff', id: string) {
    const { response: page } = await this.follow(`/auth/login?kind=${kind}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    const action = /<form method="post" action="([^"]+\/login)">/.exec(html)?.[1]
    expect(action).toBeDefined()
    const submitted = await this.request(action as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: `${kind}:${id}` }).toString(),
    })
    expect(submitted.status).toBeGreaterThanOrEqual(300)
    expect(submitted.status).toBeLessThan(400)
    const { location } = await this.follow(submitted.headers.get('location') ?? '/')
    expect(location.pathname).toBe(kind === 'citizen' ? '/innbygger' : '/helsepersonell')
    expect(this.cookies.get('samband_session')).toBeTruthy()
  }

  async api(path: string, init: { method?: string; body?: unknown; csrf?: string } = {}) {
    return this.request(path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.csrf ? { 'x-csrf-token': init.csrf } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    })
  }
}

beforeAll(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  t = await startTestApp({ PUBLIC_URL: base, LOG_LEVEL: 'trace' }, undefined, { logStream: capturingStream() })
  await t.app.listen({ port, host: '127.0.0.1' })
}, 60_000)

afterAll(async () => {
  await t?.close()
})

describe('logs contain no personal data', () => {
  it('after logins, lookups by national id, system tokens and failures', async () => {
    captured.lines.length = 0

    // A citizen logs in and reads her own things.
    const kari = new Browser()
    await kari.login('citizen', P.kariNordmann.id)
    const kariMe = (await (await kari.api('/api/me')).json()) as { csrfToken: string }
    secrets.add(kariMe.csrfToken)
    expect((await kari.api(`/api/citizens/${P.kariNordmann.id}/access-log`)).status).toBe(200)
    expect((await kari.api(`/api/organisations?query=${P.kariNordmann.nationalId}`)).status).toBe(200)

    // Staff log in and look patients up by national id, in every way that can go wrong.
    const lise = new Browser()
    await lise.login('staff', S.liseLund.id)
    const liseMe = (await (await lise.api('/api/me')).json()) as { csrfToken: string; kind: string }
    expect(liseMe.kind).toBe('staff')
    secrets.add(liseMe.csrfToken)
    const csrf = liseMe.csrfToken
    expect((await lise.api('/api/patients/lookup', { method: 'POST', csrf, body: { nationalId: P.ingridBerg.nationalId } })).status).toBe(200)
    expect((await lise.api('/api/patients/lookup', { method: 'POST', csrf, body: { nationalId: P.ahmedKhan.nationalId } })).status).toBe(403)
    expect(
      (
        await lise.api('/api/patients/lookup', {
          method: 'POST',
          csrf,
          body: { nationalId: P.oddDahl.nationalId, emergencyReason: `Pasient ${P.oddDahl.nationalId} funnet bevisstløs` },
        })
      ).status,
    ).toBe(200)
    expect((await lise.api('/api/patients/lookup', { method: 'POST', csrf, body: { nationalId: '12345678901' } })).status).toBe(422)
    expect((await lise.api('/api/patients/lookup', { method: 'POST', csrf, body: { nationalId: `${P.saraHolm.nationalId}0` } })).status).toBe(422)
    expect((await lise.api('/api/patients/lookup', { method: 'POST', body: { nationalId: P.ingridBerg.nationalId } })).status).toBe(403)
    expect((await lise.api(`/api/people/${P.perBerg.nationalId}`)).status).toBe(404)
    expect((await lise.api(`/api/citizens/${P.livDahl.nationalId}/access-log`)).status).toBe(422)
    // A hostile search with a national id and a NUL in the query string (refused as a 422).
    expect((await lise.api(`/api/organisations?query=${P.jonasNordmann.nationalId}%00`)).status).toBeGreaterThanOrEqual(400)
    const malformed = await lise.request('/api/patients/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: `{"nationalId": "${P.emmaNordmann.nationalId}"`,
    })
    expect(malformed.status).toBe(400)

    // A system gets a token with its secret and uses it.
    const secret = `demo-secret-${O.tonsberg.organisationNumber}`
    secrets.add(secret)
    const tokenResponse = await fetch(`${base}/idp/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`demo-epj-${O.tonsberg.organisationNumber}:${secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=samband%2Fpatient.read',
    })
    expect(tokenResponse.status).toBe(200)
    const token = ((await tokenResponse.json()) as { access_token: string }).access_token
    secrets.add(token)
    secrets.add(token.split('.')[2] ?? token)
    const systemLookup = await fetch(`${base}/api/patients/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ nationalId: P.ingridBerg.nationalId }),
    })
    expect(systemLookup.status).toBe(200)
    expect((await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401)

    // A forged callback and the logouts.
    expect((await kari.request('/auth/callback?code=forged-authorization-code-123&state=forged-state-value-456')).status).toBe(400)
    secrets.add('forged-authorization-code-123')
    secrets.add('forged-state-value-456')
    expect((await kari.api('/auth/logout', { method: 'POST', csrf: kariMe.csrfToken })).status).toBe(204)
    expect((await lise.api('/auth/logout', { method: 'POST', csrf })).status).toBe(204)

    // Give pino's stream a moment, then read what the server wrote.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const log = captured.lines.join('')

    // The capture works and saw these requests, so the absences below mean something.
    expect(log).toContain('"url":"/api/patients/lookup"')
    expect(log).toContain('"url":"/idp/token"')
    expect(log).toContain('"url":"/auth/callback')
    expect(log).toContain('"statusCode":422')

    const everyone = [...Object.values(P), ...Object.values(S)]
    for (const person of everyone) expect(log, `${person.givenName}'s national id`).not.toContain(person.nationalId)
    // Any other 11-digit number standing on its own (not inside a UUID, a token or a decimal).
    expect(log.match(/(?<![\w.-])\d{11}(?![\w.-])/g) ?? []).toEqual([])
    for (const person of Object.values(P)) expect(log, 'a patient’s name').not.toContain(`${person.givenName} ${person.familyName}`)
    expect(secrets.size).toBeGreaterThan(8)
    for (const value of secrets) expect(log, 'a cookie, token, code or secret').not.toContain(value)
    expect(log).not.toMatch(/Bearer\s+\S/)
    expect(log).not.toMatch(/Basic\s+\S/)
    expect(log).not.toContain('samband_session=')
    expect(log).not.toContain('bevisstløs')
  }, 60_000)
})
