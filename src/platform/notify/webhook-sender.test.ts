/** The webhook sender against a real HTTP receiver on a random local port. */
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isRefusal } from './outbox-worker.ts'
import { createWebhookSender, signWebhook, WebhookRefused, WebhookUnavailable } from './webhook-sender.ts'

type Received = { headers: IncomingHttpHeaders; body: string; path: string }

let server: Server
let base = ''
const received: Received[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' })
      const path = req.url ?? ''
      if (path === '/hang') return // never answers
      const status = Number(/^\/status\/(\d{3})$/.exec(path)?.[1] ?? 204)
      res.writeHead(status, status >= 300 && status < 400 ? { location: 'https://elsewhere.example/' } : {}).end('{"ignored":true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const NOW = new Date('2026-11-23T12:00:00Z')
const sender = createWebhookSender({ timeoutMs: 300, now: () => NOW })
const hook = (path: string, secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw') => ({
  url: `${base}${path}`,
  body: { type: 'incident-opened', incidentId: 'b1f4' },
  id: 'msg_2f3a',
  secret,
})

describe('signWebhook', () => {
  it('matches the Standard Webhooks test vector', () => {
    expect(signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    )
  })

  it('uses a secret without the whsec_ prefix as UTF-8 bytes', () => {
    const expected = createHmac('sha256', Buffer.from('plain secret', 'utf8')).update('id.1.{}').digest('base64')
    expect(signWebhook('plain secret', 'id', 1, '{}')).toBe(`v1,${expected}`)
  })
})

describe('createWebhookSender', () => {
  it('POSTs the JSON body with the id, timestamp and a signature over exactly the bytes sent', async () => {
    received.length = 0
    await sender.send(hook('/ok'))
    expect(received).toHaveLength(1)
    const [request] = received
    if (!request) throw new Error('nothing received')
    expect(JSON.parse(request.body)).toEqual({ type: 'incident-opened', incidentId: 'b1f4' })
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'msg_2f3a',
      'webhook-timestamp': String(NOW.getTime() / 1000),
      'idempotency-key': 'msg_2f3a',
    })
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64')
    const mac = createHmac('sha256', key)
      .update(`msg_2f3a.${NOW.getTime() / 1000}.${request.body}`)
      .digest('base64')
    expect(request.headers['webhook-signature']).toBe(`v1,${mac}`)
  })

  it.each([200, 201, 202, 204])('HTTP %i is delivered', async (status) => {
    await expect(sender.send(hook(`/status/${status}`))).resolves.toBeUndefined()
  })

  it.each([400, 401, 403, 404, 410, 422])('HTTP %i is a refusal: permanent', async (status) => {
    const error = await sender.send(hook(`/status/${status}`)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WebhookRefused)
    expect((error as WebhookRefused).status).toBe(status)
    expect(isRefusal(error)).toBe(true)
  })

  it.each([302, 307, 408, 429, 500, 502, 503])('HTTP %i is worth retrying, and redirects are not followed', async (status) => {
    received.length = 0
    const error = await sender.send(hook(`/status/${status}`)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WebhookUnavailable)
    expect((error as WebhookUnavailable).status).toBe(status)
    expect(isRefusal(error)).toBe(false)
    expect(received).toHaveLength(1)
  })

  it('a receiver that does not answer times out quickly, and one that is not there fails at once; both are retried', async () => {
    const started = Date.now()
    const hung = await sender.send(hook('/hang')).catch((e: unknown) => e)
    expect(hung).toBeInstanceOf(WebhookUnavailable)
    expect(Date.now() - started).toBeLessThan(3_000)
    const away = await sender.send({ ...hook('/ok'), url: 'http://127.0.0.1:1/hook' }).catch((e: unknown) => e)
    expect(away).toBeInstanceOf(WebhookUnavailable)
    expect(isRefusal(hung) || isRefusal(away)).toBe(false)
  })

  it('refuses a URL that is not http(s) for good', async () => {
    const error = await sender.send({ ...hook('/ok'), url: 'file:///etc/passwd' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WebhookRefused)
  })
})
