import type { FastifyInstance } from 'fastify'
import { timingSafeEqual } from 'node:crypto'
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client'
import { AppError } from './errors.ts'

/** Prometheus metrics; labels use the route pattern, never the path, so ids never become labels. */
export function registerMetrics(app: FastifyInstance, opts: { token: string | null }): Registry {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const duration = new Histogram({
    name: 'samband_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000)
  })
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (opts.token && !sameSecret(req.headers.authorization ?? '', `Bearer ${opts.token}`)) {
      throw new AppError('unauthenticated', 'Målingene krever en tilgangsnøkkel.')
    }
    return reply.type(registry.contentType).send(await registry.metrics())
  })
  return registry
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
