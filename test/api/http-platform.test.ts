// The HTTP platform every route shares: request ids, security headers, health, OpenAPI and its
// documentation page, and Prometheus metrics.
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { bearer, O, P, S, SV, sessionHeaders } from './api-helpers.ts'

let t: TestApp
let token: string
let lise: { cookie: string; csrf: string }

beforeAll(async () => {
  t = await startTestApp()
  token = await t.systemToken(O.tonsberg.organisationNumber, ['samband/registry.read', 'samband/organisation.read'])
  lise = await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

// Functions, because the credentials are made in beforeAll.
const SAMPLE_REQUESTS: Array<[string, () => InjectOptions]> = [
  ['a JSON answer', () => ({ url: '/api/health' })],
  ['an authenticated JSON answer', () => ({ url: `/api/organisations/${O.tonsberg.id}`, headers: bearer(token) })],
  ['a 401', () => ({ url: '/api/me' })],
  ['a 403', () => ({ url: `/api/organisations/${O.siv.id}/staff`, headers: bearer(token) })],
  ['a 404', () => ({ url: '/api/nothing' })],
  ['a 422', () => ({ url: '/api/organisations/x', headers: bearer(token) })],
  ['a 413', () => ({ method: 'POST', url: '/api/patients/lookup', headers: { 'content-type': 'application/json' }, payload: `"${'x'.repeat(1_100_000)}"` })],
  ['a 415', () => ({ method: 'POST', url: '/api/patients/lookup', headers: { 'content-type': 'application/xml' }, payload: '<a/>' })],
  ['a 204', () => ({ method: 'POST', url: '/auth/logout', headers: bearer(token) })],
  ['the OpenAPI document', () => ({ url: '/api/openapi.json' })],
  ['the documentation page', () => ({ url: '/api/docs' })],
  ['the metrics', () => ({ url: '/metrics' })],
  ['the provider’s login page', () => ({ url: '/idp/interaction/unknown-uid' })],
]

describe('request ids', () => {
  it.each(SAMPLE_REQUESTS)('%s has an x-request-id', async (_what, request) => {
    const response = await t.app.inject(request())
    expect(response.headers['x-request-id']).toMatch(UUID)
  })

  it('every response gets its own id, and a problem names the same id', async () => {
    const ids = new Set<string>()
    for (let i = 0; i < 5; i++) {
      const response = await t.app.inject({ url: '/api/me' })
      const id = String(response.headers['x-request-id'])
      expect(response.json()).toMatchObject({ requestId: id })
      ids.add(id)
    }
    expect(ids.size).toBe(5)
  })

  it('a caller cannot choose the request id (it would forge log and audit correlation)', async () => {
    const response = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'chosen-by-caller' } })
    expect(response.headers['x-request-id']).toMatch(UUID)
    expect(response.headers['x-request-id']).not.toBe('chosen-by-caller')
  })

  it('the audit row of a request carries its request id', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/patients/lookup',
      headers: sessionHeaders(lise),
      payload: { nationalId: P.ingridBerg.nationalId },
    })
    expect(response.statusCode).toBe(200)
    const row = await t.db.selectFrom('audit_log').select('request_id').orderBy('seq', 'desc').executeTakeFirstOrThrow()
    expect(row.request_id).toBe(response.headers['x-request-id'])
  })

  // BUG (src/app.ts): the x-request-id header is added in an onSend hook, which never runs for the
  // embedded provider's routes (they hijack the reply), so /idp responses have no request id.
  // Fix: set it in onRequest with reply.raw.setHeader('x-request-id', req.id). Turn into it() when fixed.
  it.each(['/idp/.well-known/openid-configuration', '/idp/jwks'])('the provider’s %s has an x-request-id', async (url) => {
    const response = await t.app.inject({ url })
    expect(response.statusCode).toBe(200)
    expect(response.headers['x-request-id']).toMatch(UUID)
  })
})

describe('security headers', () => {
  it.each(SAMPLE_REQUESTS)('%s carries them', async (_what, request) => {
    const response = await t.app.inject(request())
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).not.toContain("'unsafe-eval'")
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(['DENY', 'SAMEORIGIN']).toContain(response.headers['x-frame-options'])
    expect(response.headers['referrer-policy']).toBe('no-referrer')
    expect(response.headers['x-powered-by']).toBeUndefined()
  })

  it('no CORS for the API: another origin gets no access-control headers', async () => {
    const response = await t.app.inject({ url: `/api/organisations/${O.tonsberg.id}`, headers: { ...bearer(token), origin: 'https://evil.example' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['access-control-allow-origin']).toBeUndefined()
    expect(response.headers['access-control-allow-credentials']).toBeUndefined()
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/patients/lookup',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('no HSTS over plain http (it would pin a development host)', async () => {
    expect((await t.app.inject({ url: '/api/health' })).headers['strict-transport-security']).toBeUndefined()
  })

  it('the session cookie is cleared with HttpOnly, SameSite=Lax and Path=/', async () => {
    const kari = await t.citizenSession(P.kariNordmann.id)
    const response = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: sessionHeaders(kari) })
    const cookie = String(response.headers['set-cookie'])
    expect(cookie).toMatch(/^samband_session=;/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).toContain('Path=/')
  })
})

describe('health', () => {
  it('GET /api/health is 200 with status ok and the database reachable', async () => {
    const response = await t.app.inject({ url: '/api/health' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' })
  })
})

describe('OpenAPI', () => {
  type Operation = {
    parameters?: Array<{ in: string; name: string; required?: boolean }>
    responses?: Record<string, unknown>
    requestBody?: unknown
    tags?: string[]
    summary?: string
  }
  type Document = {
    openapi: string
    info: { title: string; version: string }
    paths: Record<string, Record<string, Operation>>
    components?: Record<string, Record<string, unknown>>
  }
  let document: Document
  const OPERATION_KEYS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])
  const PATH_ITEM_KEYS = new Set([...OPERATION_KEYS, '$ref', 'summary', 'description', 'servers', 'parameters'])

  /** Structural rules of OpenAPI 3.1 that a generator can get wrong; no validator is installed. */
  function problemsOf(doc: Document, onlyPaths: (path: string) => boolean): string[] {
    const problems: string[] = []
    if (!/^3\.1\.\d+$/.test(doc.openapi)) problems.push(`openapi is ${doc.openapi}`)
    if (!doc.info?.title || !doc.info?.version) problems.push('info.title and info.version are required')
    const refs: string[] = []
    const collect = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(collect)
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) k === '$ref' && typeof v === 'string' ? refs.push(v) : collect(v)
      }
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!onlyPaths(path)) continue
      if (!path.startsWith('/')) problems.push(`${path}: must start with /`)
      collect(item)
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])
      for (const [key, operation] of Object.entries(item)) {
        if (!PATH_ITEM_KEYS.has(key)) problems.push(`${path}: "${key}" is not a path item field in 3.1`)
        if (!OPERATION_KEYS.has(key)) continue
        if (!operation.responses || Object.keys(operation.responses).length === 0) problems.push(`${key} ${path}: no responses`)
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path')
        for (const name of templated) {
          const parameter = declared.find((p) => p.name === name)
          if (!parameter?.required) problems.push(`${key} ${path}: path parameter ${name} not declared as required`)
        }
        for (const p of declared) if (!templated.includes(p.name)) problems.push(`${key} ${path}: declares unknown path parameter ${p.name}`)
      }
    }
    for (const ref of refs) {
      const target = ref.startsWith('#/')
        ? ref
            .slice(2)
            .split('/')
            .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
        : undefined
      if (target === undefined) problems.push(`unresolved $ref ${ref}`)
    }
    return problems
  }

  beforeAll(async () => {
    const response = await t.app.inject({ url: '/api/openapi.json' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    document = response.json<Document>()
  })

  it('is OpenAPI 3.1 and valid in its API and auth paths', () => {
    expect(document.openapi).toBe('3.1.0')
    expect(document.info).toMatchObject({ title: 'Samband API', version: expect.any(String) })
    expect(problemsOf(document, (path) => /^\/(api|auth)\//.test(path))).toEqual([])
  })

  // BUG (src/platform/identity/idp/idp.routes.ts): the provider's catch-all routes are not hidden,
  // so the document lists /idp/ and /idp/{*} with every method, including "query", which is not an
  // operation in OpenAPI 3.1 — the document as a whole is invalid. Fix: { schema: { hide: true } }
  // on the /idp routes. Turn into it() when fixed.
  it('is valid as a whole', () => {
    expect(problemsOf(document, () => true)).toEqual([])
  })

  it.each([
    ['get', '/api/health'],
    ['get', '/api/me'],
    ['get', '/api/organisations'],
    ['get', '/api/organisations/{id}'],
    ['get', '/api/organisations/{id}/staff'],
    ['get', '/api/citizens/{personId}/access-log'],
    ['post', '/api/patients/lookup'],
    ['get', '/auth/login'],
    ['post', '/auth/logout'],
  ])('lists %s %s with a summary and a tag', (method, path) => {
    const operation = document.paths[path]?.[method]
    expect(operation, `${method} ${path}`).toBeDefined()
    expect(operation?.summary).toEqual(expect.any(String))
    expect(operation?.tags?.length).toBeGreaterThan(0)
  })

  it('describes the lookup body and the organisation search parameters', () => {
    const lookup = document.paths['/api/patients/lookup']?.post
    expect(JSON.stringify(lookup?.requestBody)).toContain('nationalId')
    const search = document.paths['/api/organisations']?.get
    expect(search?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['query:limit', 'query:offset', 'query:query'])
  })

  it('leaves out what is hidden: the callback, the document itself, the metrics', () => {
    for (const path of ['/auth/callback', '/api/openapi.json', '/metrics']) expect(document.paths).not.toHaveProperty([path])
  })

  it('names both ways of authenticating', () => {
    expect(document.components?.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie', name: 'samband_session' },
      systemToken: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: expect.stringMatching(/\/idp\/token$/) } } },
    })
  })

  it('/api/docs serves the documentation page', async () => {
    const response = await t.app.inject({ url: '/api/docs' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.body).toMatch(/<html/i)
    expect(response.body).toContain('swagger-ui')
    const json = await t.app.inject({ url: '/api/docs/json' })
    expect(json.statusCode).toBe(200)
    expect(json.json<Document>().paths).toHaveProperty(['/api/me'])
  })
})

describe('metrics', () => {
  it('serves Prometheus text with the request duration histogram by route pattern', async () => {
    await t.app.inject({ url: `/api/organisations/${O.tonsberg.id}`, headers: bearer(token) })
    await t.app.inject({ url: `/api/nothing/${P.ingridBerg.nationalId}` })
    await t.app.inject({ url: `/api/organisations?query=${P.ingridBerg.nationalId}`, headers: bearer(token) })
    const response = await t.app.inject({ url: '/metrics' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = response.body
    expect(text).toContain('# TYPE samband_http_request_duration_seconds histogram')
    expect(text).toMatch(/samband_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/organisations\/:id",status="200"\} \d+/)
    expect(text).toMatch(/samband_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} \d+/)
    expect(text).toContain('process_cpu_user_seconds_total')
    // Labels are patterns: no ids and no national identity numbers ever become labels.
    expect(text).not.toContain(O.tonsberg.id)
    expect(text).not.toContain(P.ingridBerg.nationalId)
  })
})

describe('metrics behind a token', () => {
  let guarded: TestApp

  beforeAll(async () => {
    guarded = await startTestApp({ METRICS_TOKEN: 'metrics-token-for-the-test' })
  }, 60_000)

  afterAll(async () => {
    await guarded?.close()
  })

  it.each([
    ['no token', {}, 401],
    ['a wrong token', { authorization: 'Bearer metrics-token-for-the-tesT' }, 401],
    ['a system client token', { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }, 401],
    ['the token', { authorization: 'Bearer metrics-token-for-the-test' }, 200],
  ])('with %s: %s', async (_label, headers, status) => {
    const response = await guarded.app.inject({ url: '/metrics', headers })
    expect(response.statusCode).toBe(status)
    if (status === 401) expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
  })
})
