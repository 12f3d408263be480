import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from './errors.ts'
import { loggerOptions } from './logging.ts'
import { registerProblemHandler } from './problem-handler.ts'

const NATIONAL_ID = '03893810098'
let app: FastifyInstance
const logLines: string[] = []

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk))
      done()
    },
  })
  const options = loggerOptions('info')
  if (!options || typeof options !== 'object') throw new Error('expected logger options')
  const base = Fastify({ logger: { ...options, stream }, bodyLimit: 2048 })
  base.setValidatorCompiler(validatorCompiler)
  base.setSerializerCompiler(serializerCompiler)
  registerProblemHandler(base, { spaFallback: false })
  const typed = base.withTypeProvider<ZodTypeProvider>()
  typed.get('/app-error', async () => {
    throw new AppError('conflict', 'Finnes fra før.')
  })
  typed.get('/bug', async () => {
    // An unexpected error whose message carries request data, as database errors do.
    throw new Error(`invalid input syntax for type uuid: "${NATIONAL_ID}"`)
  })
  typed.get('/bug-multiline', async () => {
    throw new Error(`duplicate key value violates unique constraint\nDETAIL: Key (national_id)=(${NATIONAL_ID}) already exists.`)
  })
  typed.get('/teapot', async () => {
    throw Object.assign(new Error('short and stout'), { statusCode: 418 })
  })
  typed.get('/busy', async () => {
    throw Object.assign(new Error('Rate limit exceeded'), { statusCode: 429 })
  })
  typed.post('/echo', { schema: { body: z.object({ nationalId: z.string().regex(/^\d{11}$/), count: z.number().int() }) } }, async (req) => req.body)
  app = base
  await app.ready()
})

afterAll(async () => {
  await app?.close()
})

function expectProblem(response: { headers: Record<string, unknown>; json(): unknown }, status: number, code: string) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  expect(response.json()).toMatchObject({ type: `https://samband.no/problems/${code}`, status, code, title: expect.any(String) })
}

describe('every failure is problem+json', () => {
  it.each([
    ['an AppError', { method: 'GET', url: '/app-error' }, 409, 'conflict'],
    ['a bug', { method: 'GET', url: '/bug' }, 500, 'internal'],
    ['another 4xx from a plugin', { method: 'GET', url: '/teapot' }, 400, 'bad-request'],
    ['a 429 from the rate limiter', { method: 'GET', url: '/busy' }, 429, 'rate-limited'],
    ['an unknown route', { method: 'GET', url: '/nowhere?x=1' }, 404, 'route-not-found'],
    ['malformed JSON', { method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"nationalId":' }, 400, 'bad-request'],
    ['an empty JSON body', { method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '' }, 400, 'bad-request'],
    [
      'a body over the limit',
      { method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(4096) }) },
      413,
      'payload-too-large',
    ],
    [
      'an unknown content type',
      { method: 'POST', url: '/echo', headers: { 'content-type': 'application/xml' }, payload: '<a/>' },
      415,
      'unsupported-media-type',
    ],
    ['a body that fails its schema', { method: 'POST', url: '/echo', payload: { nationalId: '123', count: 1.5 } }, 422, 'validation-failed'],
  ] as const)('%s', async (_what, request, status, code) => {
    const response = await app.inject(request)
    expect(response.statusCode).toBe(status)
    expectProblem(response, status, code)
  })

  it('names the instance without its query string and carries the request id', async () => {
    const response = await app.inject({ url: `/nowhere?nationalId=${NATIONAL_ID}` })
    expect(response.json()).toMatchObject({ instance: '/nowhere', requestId: response.json<{ requestId: string }>().requestId })
    expect(response.body).not.toContain(NATIONAL_ID)
  })

  it('lists each field that failed validation, by path, without echoing the values', async () => {
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { nationalId: 'abc<script>', count: 'many' } })
    const problem = response.json<{ errors: Array<{ path: string; message: string }> }>()
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['body.count', 'body.nationalId'])
    expect(response.body).not.toContain('<script>')
  })

  it('says retry-after on 429', async () => {
    expect((await app.inject({ url: '/busy' })).headers['retry-after']).toBe('60')
  })

  it('never sends the message of an unexpected error to the caller', async () => {
    const response = await app.inject({ url: '/bug' })
    expect(response.body).not.toContain(NATIONAL_ID)
    expect(response.body).not.toContain('invalid input syntax')
  })

  it.each(['/bug', '/bug-multiline'])('logs an unexpected error (%s) by class and place, without its message (it may hold request data)', async (url) => {
    logLines.length = 0
    await app.inject({ url })
    const logged = logLines.join('')
    expect(logged).toContain('unhandled error')
    expect(logged).toContain('problem-handler.test.ts')
    expect(logged).not.toContain(NATIONAL_ID)
  })
})
