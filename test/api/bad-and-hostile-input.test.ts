// Bad and hostile input, through HTTP as a client sends it: every refusal is problem+json with a
// stable code, nothing is reflected unescaped, and nothing outside the web app is served.
import { connect } from 'node:net'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { bearer, expectProblem, O, P, S, SV, sessionHeaders } from './api-helpers.ts'

let t: TestApp
let lise: { cookie: string; csrf: string }
let registryToken: string
let port: number

beforeAll(async () => {
  t = await startTestApp()
  lise = await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
  registryToken = await t.systemToken(O.tonsberg.organisationNumber, ['samband/registry.read'])
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' })
  port = Number(new URL(address).port)
}, 60_000)

afterAll(async () => {
  await t?.close()
})

/** One request over a socket, byte for byte as written: no client normalises or escapes the path. */
function rawGet(path: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: samband.test\r\nConnection: close\r\n\r\n`)
    })
    let data = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk) => {
      data += chunk
    })
    socket.on('error', reject)
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: rest.join('\r\n\r\n') })
    })
  })
}

function lookup(payload: unknown, headers: Record<string, string> = sessionHeaders(lise)) {
  return t.app.inject({ method: 'POST', url: '/api/patients/lookup', headers, payload: payload as string })
}

describe('bad input is refused as problem+json', () => {
  it.each([
    ['a wrong check digit', '12345678901'],
    ['a D-number with a wrong check digit', '41018512345'],
    ['an impossible date', '32138512345'],
  ])('an invalid national identity number (%s) is a 422', async (_what, nationalId) => {
    const problem = expectProblem(await lookup({ nationalId }), 422, 'invalid-national-id')
    expect(problem.errors).toEqual([{ path: 'body.nationalId', message: expect.any(String) }])
    expect(JSON.stringify(problem)).not.toContain(nationalId)
  })

  it('an invalid national identity number from a system is a 422 too', async () => {
    const token = await t.systemToken(O.tonsberg.organisationNumber, ['samband/patient.read'])
    expectProblem(await lookup({ nationalId: '12345678901' }, bearer(token)), 422, 'invalid-national-id')
  })

  it.each([
    ['too short', { nationalId: '1234' }, 'body.nationalId'],
    ['letters', { nationalId: '1234567890a' }, 'body.nationalId'],
    ['a number, not a string', { nationalId: 3893810098 }, 'body.nationalId'],
    ['missing', {}, 'body.nationalId'],
    ['an empty emergency reason', { nationalId: P.ingridBerg.nationalId, emergencyReason: '   ' }, 'body.emergencyReason'],
    ['an over-long emergency reason', { nationalId: P.ingridBerg.nationalId, emergencyReason: 'x'.repeat(1001) }, 'body.emergencyReason'],
  ])('a body that breaks the schema (%s) is a 422 naming the field', async (_what, payload, path) => {
    const problem = expectProblem(await lookup(payload), 422, 'validation-failed')
    expect(problem.errors?.map((e) => e.path)).toContain(path)
  })

  it.each([
    ['a cut-off object', '{"nationalId": '],
    ['single quotes', "{'nationalId': '03893810098'}"],
    ['a trailing comma', '{"nationalId": "03893810098",}'],
    ['not JSON at all', 'nationalId=03893810098'],
  ])('malformed JSON (%s) is a 400', async (_what, body) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/patients/lookup',
      headers: { ...sessionHeaders(lise), 'content-type': 'application/json' },
      payload: body,
    })
    const problem = expectProblem(response, 400, 'bad-request')
    expect(JSON.stringify(problem)).not.toContain('03893810098')
  })

  it('an empty JSON body is a 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/patients/lookup',
      headers: { ...sessionHeaders(lise), 'content-type': 'application/json' },
      payload: '',
    })
    expectProblem(response, 400, 'bad-request')
  })

  it.each([
    ['GET', '/api/nothing-here'],
    ['POST', '/api/nothing-here'],
    ['GET', '/auth/nothing-here'],
    ['DELETE', '/api/me'],
    ['PUT', '/api/patients/lookup'],
    ['GET', '/api/patients/lookup'],
    ['GET', '/metrics/extra'],
  ])('an unknown route (%s %s) is a 404', async (method, url) => {
    const problem = expectProblem(await t.app.inject({ method: method as 'GET', url, headers: bearer(registryToken) }), 404, 'route-not-found')
    expect(problem.instance).toBe(url)
  })

  // BUG (src/app.ts): a path with broken percent-encoding is answered by Fastify itself
  // (FST_ERR_BAD_URL) before any hook: plain application/json that echoes the path, with no
  // x-request-id and no security headers. Fix: Fastify's `frameworkErrors` option in buildApp,
  // answering toProblem(new AppError('bad-request')) with the usual headers. Turn into it() when fixed.
  it.each(['/%c0%ae', '/api/organisations/%E0%A4%A', '/api/x%ff'])(
    'a path with broken percent-encoding (%s) is a 400 problem with a request id',
    async (url) => {
      const response = await t.app.inject({ url })
      expectProblem(response, 400, 'bad-request')
      expect(response.headers['x-request-id']).toBeTruthy()
      expect(response.headers['x-content-type-options']).toBe('nosniff')
    },
  )

  it('an unknown resource on a known route is a 404', async () => {
    const response = await t.app.inject({ url: '/api/organisations/00000000-0000-4000-8000-000000000999', headers: bearer(registryToken) })
    expectProblem(response, 404, 'not-found')
  })

  it('a malformed id in the path is a 422 naming the parameter', async () => {
    const problem = expectProblem(await t.app.inject({ url: '/api/organisations/not-a-uuid', headers: bearer(registryToken) }), 422, 'validation-failed')
    expect(problem.errors?.map((e) => e.path)).toEqual(['params.id'])
  })

  it.each([
    ['limit=0', 'querystring.limit'],
    ['limit=abc', 'querystring.limit'],
    ['offset=-1', 'querystring.offset'],
    [`query=${'x'.repeat(101)}`, 'querystring.query'],
  ])('a bad query parameter (%s) is a 422', async (query, path) => {
    const problem = expectProblem(await t.app.inject({ url: `/api/organisations?${query}`, headers: bearer(registryToken) }), 422, 'validation-failed')
    expect(problem.errors?.map((e) => e.path)).toEqual([path])
  })

  it('a body over BODY_LIMIT_BYTES is a 413, one under it is read', async () => {
    const limit = t.config.bodyLimitBytes
    expect(limit).toBe(1_048_576)
    const body = (size: number) => {
      const start = `{"nationalId":"${P.ingridBerg.nationalId}","pad":"`
      return `${start}${'x'.repeat(size - start.length - 2)}"}`
    }
    const headers = { ...sessionHeaders(lise), 'content-type': 'application/json' }
    expect(body(limit + 1)).toHaveLength(limit + 1)
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/patients/lookup', headers, payload: body(limit + 1) }), 413, 'payload-too-large')
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/patients/lookup', headers, payload: body(5 * limit) }), 413, 'payload-too-large')
    const under = await t.app.inject({ method: 'POST', url: '/api/patients/lookup', headers, payload: body(limit - 10) })
    expect(under.statusCode, under.body).toBe(200)
  })

  it('a request without credentials is a 401', async () => {
    expectProblem(await t.app.inject({ url: '/api/me' }), 401, 'unauthenticated')
  })

  it.each([
    ['a bearer token that is not a JWT', 'Bearer not-a-token'],
    ['a JWT-shaped forgery', 'Bearer eyJhbGciOiJub25lIn0.eyJjbGllbnRfaWQiOiJ4In0.'],
    ['another scheme', 'Basic ZGVtbzpkZW1v'],
    ['a bearer without a token', 'Bearer '],
    ['a token with spaces', 'Bearer a b c'],
  ])('%s is a 401', async (_what, authorization) => {
    expectProblem(await t.app.inject({ url: '/api/me', headers: { authorization } }), 401, 'invalid-token')
  })

  it('an unknown or expired session cookie is a 401', async () => {
    expectProblem(await t.app.inject({ url: '/api/me', headers: { cookie: 'samband_session=bm90LWEtc2Vzc2lvbg' } }), 401, 'unauthenticated')
  })

  it.each([
    ['application/xml', '<lookup><nationalId>03893810098</nationalId></lookup>'],
    ['application/x-www-form-urlencoded', 'nationalId=03893810098'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="nationalId"\r\n\r\n03893810098\r\n--x--'],
    ['image/png', 'PNG'],
  ])('a body of type %s is a 415', async (contentType, payload) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/patients/lookup',
      headers: { ...sessionHeaders(lise), 'content-type': contentType },
      payload,
    })
    expectProblem(response, 415, 'unsupported-media-type')
  })

  // BUG (src/app.ts): Fastify's built-in text/plain parser is left in place, so a text/plain body
  // reaches the schema and gets a 422 instead of a 415. text/plain is also the one body type a
  // cross-site form can send without a CORS preflight. Fix: app.removeContentTypeParser('text/plain').
  // Turn this into it() when fixed.
  it('a text/plain body is a 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/patients/lookup',
      headers: { ...sessionHeaders(lise), 'content-type': 'text/plain' },
      payload: `{"nationalId":"${P.ingridBerg.nationalId}"}`,
    })
    expectProblem(response, 415, 'unsupported-media-type')
  })
})

describe('hostile input', () => {
  const allOrganisations = Object.values(O)
  const nationalIds = Object.values(P).map((p) => p.nationalId)

  async function search(query: string) {
    const response = await t.app.inject({ url: `/api/organisations?query=${encodeURIComponent(query)}`, headers: bearer(registryToken) })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    for (const id of nationalIds) expect(response.body).not.toContain(id)
    return response.json<{ items: Array<{ id: string; name: string }>; total: number }>()
  }

  it.each([
    "' OR '1'='1",
    "' OR 1=1 --",
    "'; DROP TABLE organisation; --",
    "Tønsberg'; DELETE FROM organisation WHERE '1'='1",
    '" OR ""="',
    "') OR ('a'='a",
    '1 UNION SELECT national_id FROM person',
    "' UNION SELECT id, national_id, given_name, family_name, null, null, null, null, null FROM person --",
    "x' AND pg_sleep(5) IS NULL --",
    '%',
    '%%',
    '_',
    '\\',
    '\\%',
    '$1',
    '*',
    "'",
  ])('an SQL-injection-looking search (%s) finds nothing and breaks nothing', async (query) => {
    const started = Date.now()
    const page = await search(query)
    expect(page).toEqual({ items: [], total: 0 })
    expect(Date.now() - started).toBeLessThan(4000)
  })

  it('ordinary searches still work after all that, and every organisation is still there', async () => {
    expect((await search('')).total).toBe(allOrganisations.length)
    expect((await search('tønsberg')).items.map((o) => o.name).sort()).toEqual(['Tønsberg interkommunale legevakt', 'Tønsberg kommune', 'Tønsberg legesenter'])
    expect((await search('983 975 259')).items.map((o) => o.id)).toEqual([O.siv.id])
    expect((await search(String(SV.tonsbergHjemmesykepleie.herId))).items.map((o) => o.id)).toEqual([O.tonsberg.id])
    const people = await t.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(people.n)).toBe(nationalIds.length)
  })

  // BUG (src/registry/registry.routes.ts, query schema; the same for any free text that reaches
  // PostgreSQL, e.g. emergencyReason into audit_log.reason): a NUL character is refused by
  // PostgreSQL (SQLSTATE 22021) and surfaces as a 500. Fix: refuse control characters at the edge,
  // e.g. z.string().regex(/^[^\u0000]*$/) on free-text fields. Turn into it() when fixed.
  it.each(['%00', 'abc%00def'])('a NUL character in the search (%s) is a 4xx, not a 500', async (encoded) => {
    const response = await t.app.inject({ url: `/api/organisations?query=${encoded}`, headers: bearer(registryToken) })
    expect(response.statusCode).toBeGreaterThanOrEqual(400)
    expect(response.statusCode).toBeLessThan(500)
  })

  const XSS = '<script>alert(1)</script>'
  const IMG = '"><img src=x onerror=alert(1)>'
  // Functions, because the session they use is made in beforeAll, after the table is built.
  const hostileRequests: Array<[string, () => InjectOptions]> = [
    ['the path', () => ({ url: `/api/${XSS}` })],
    ['the path, attribute style', () => ({ url: `/api/x${encodeURIComponent(IMG)}` })],
    ['a query value', () => ({ url: `/auth/login?kind=${encodeURIComponent(XSS)}` })],
    ['a returnTo value', () => ({ url: `/auth/login?kind=citizen&returnTo=${encodeURIComponent(`/${IMG}`)}` })],
    ['a path parameter', () => ({ url: `/api/organisations/${encodeURIComponent(XSS)}`, headers: bearer(registryToken) })],
    ['a body field', () => ({ method: 'POST', url: '/api/patients/lookup', headers: sessionHeaders(lise), payload: { nationalId: XSS } })],
    [
      'an emergency reason',
      () => ({ method: 'POST', url: '/api/patients/lookup', headers: sessionHeaders(lise), payload: { nationalId: '1', emergencyReason: XSS } }),
    ],
    ['an unknown body field', () => ({ method: 'POST', url: '/api/patients/lookup', payload: { [XSS]: IMG } })],
    ['the bearer token', () => ({ url: '/api/me', headers: { authorization: `Bearer ${XSS}` } })],
    ['the session cookie', () => ({ url: '/api/me', headers: { cookie: `samband_session=${encodeURIComponent(XSS)}` } })],
    ['the CSRF header', () => ({ method: 'POST', url: '/auth/logout', headers: { cookie: lise.cookie, 'x-csrf-token': XSS } })],
    ['the content type', () => ({ method: 'POST', url: '/api/patients/lookup', headers: { 'content-type': `text/${XSS}` }, payload: 'x' })],
  ]
  it.each(hostileRequests)('markup in %s is never reflected unescaped in the problem', async (_where, request) => {
    const response = await t.app.inject(request())
    expect(response.statusCode).toBeGreaterThanOrEqual(400)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    for (const needle of ['<script', '<img', 'onerror=']) expect(response.body.toLowerCase()).not.toContain(needle)
  })

  // BUG (src/platform/http/problem-handler.ts, not-found handler and error handler): the raw path is
  // copied into `detail` and `instance`. Browsers percent-encode '<', but any other client can send
  // it raw, and it comes back unescaped. Harmless to browsers (problem+json, nosniff, CSP), yet
  // against the rule. Fix: build the path with new URL(req.url, 'http://x').pathname (which encodes
  // it), and leave the path out of `detail`. Turn into it() when fixed.
  it('markup in a raw request path is never reflected unescaped', async () => {
    const response = await rawGet(`/api/${XSS}`)
    expect(response.status).toBe(404)
    expect(response.head.toLowerCase()).toContain('content-type: application/problem+json')
    expect(response.body).not.toContain('<script')
  })

  const PROJECT_FILES = ['"name": "samband"', '"dependencies"', 'root:x:0:0', 'samband-development-secret', 'DATABASE_URL', 'BEGIN PRIVATE KEY']
  function expectNoFileLeak(status: number, contentType: string | undefined, body: string) {
    for (const needle of PROJECT_FILES) expect(body).not.toContain(needle)
    // Either refused, or the web app's own page (client-side routes fall back to it).
    if (status === 200) {
      expect(contentType).toMatch(/^text\/html/)
      expect(body).toContain('<title>Samband</title>')
    } else {
      expect(status).toBeGreaterThanOrEqual(400)
      expect(status).toBeLessThan(500)
    }
  }
  const TRAVERSALS = [
    '/../package.json',
    '/../../etc/passwd',
    '/..%2fpackage.json',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/package.json',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/../../package.json',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/src/config.ts',
    '/assets/..%5c..%5cpackage.json',
    '/assets/....//....//package.json',
    '/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
    '/index.html%00.json',
    '/api/docs/static/../../../../package.json',
    '/api/docs/static/..%2f..%2f..%2f..%2fpackage.json',
    '/api/docs/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/favicon.svg/..%2f..%2fpackage.json',
    '//etc/passwd',
    '/innbygger/..%2f..%2f..%2fetc%2fpasswd',
  ]
  it.each(TRAVERSALS)('path traversal %s serves no file from outside the web app (app.inject)', async (url) => {
    const response = await t.app.inject({ url })
    expectNoFileLeak(response.statusCode, response.headers['content-type'] as string | undefined, response.body)
  })

  it.each(TRAVERSALS)('path traversal %s serves no file from outside the web app (raw socket)', async (url) => {
    const response = await rawGet(url)
    const contentType = /^content-type: (.*)$/im.exec(response.head)?.[1]
    expectNoFileLeak(response.status, contentType, response.body)
  })
})
