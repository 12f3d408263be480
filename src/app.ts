import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { sql } from 'kysely'
import { registerNoStoreDefault } from './platform/http/cache-control.ts'
import { createRequestId } from './platform/http/logging.ts'
import { registerMetrics } from './platform/http/metrics.ts'
import { clientErrorHandler, frameworkErrorHandler, registerProblemHandler } from './platform/http/problem-handler.ts'
import type { RouteContext, RouteRegistration } from './platform/http/route-context.ts'
import { authRoutes } from './platform/identity/auth.routes.ts'
import type { EmbeddedIdp } from './platform/identity/idp/embedded-idp.ts'
import { idpRoutes } from './platform/identity/idp/idp.routes.ts'
import type { PeopleDirectory } from './platform/identity/people-directory.ts'
import type { PortalLogin } from './platform/identity/portal-login.ts'

/** What the HTTP server is built from; the composition root (src/runtime.ts) makes each of them. */
export type HttpDeps = {
  /** Config, database (for the health check), authenticator and clock, as the modules' routes got them. */
  ctx: RouteContext
  log: FastifyBaseLogger
  login: PortalLogin
  embeddedIdp: EmbeddedIdp | null
  directory: PeopleDirectory
  /** Every module's routes, from their public faces. */
  routes: readonly RouteRegistration[]
  /** After a successful write through the API: background work may be waiting. */
  afterWrite?: () => void
}

// From src/ (tsx, tests) or dist/src/ (compiled): the built web app is at the project root.
const WEB_DIST = fileURLToPath(new URL(import.meta.url.includes('/dist/src/') ? '../../web/dist/' : '../web/dist/', import.meta.url))

/** Builds the HTTP server, and only that: the runtime starts and stops everything else. */
export async function buildApp(deps: HttpDeps): Promise<FastifyInstance> {
  const { ctx, embeddedIdp } = deps
  const { config, db, auth } = ctx
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: config.bodyLimitBytes,
    genReqId: createRequestId,
    requestIdHeader: false,
    trustProxy: config.env === 'production',
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // On the raw response, so that routes answering outside Fastify's reply (the provider) carry it too.
  app.addHook('onRequest', async (req, reply) => {
    reply.raw.setHeader('x-request-id', req.id)
  })
  // Only JSON bodies (and the provider's forms, in its own scope): text/plain is what a cross-site
  // form can send without a preflight.
  app.removeContentTypeParser('text/plain')

  const hasWeb = existsSync(WEB_DIST)
  registerProblemHandler(app, { spaFallback: hasWeb })
  registerNoStoreDefault(app)
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'", ...new Set([config.identity.citizen.issuer, config.identity.staff.issuer].map((i) => new URL(i).origin))],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.cookieSecure && config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    hsts: config.publicUrl.startsWith('https:'),
    frameguard: { action: 'deny' },
  })
  await app.register(cookie)
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // Per client: a verified system client or session on the API; otherwise the address, so that
    // made-up tokens or guessed secrets share one bucket.
    keyGenerator: async (req) => {
      if (req.url.startsWith('/api/') || req.url.startsWith('/msh/')) {
        const principal = await auth.identify(req).catch(() => null)
        if (principal?.actor.kind === 'system') return `c:${principal.actor.clientId}`
        if (principal?.session) return `s:${principal.session.token.slice(0, 24)}`
      }
      return `a:${req.ip}`
    },
  })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Samband API',
        version: '0.1.0',
        description: 'Samhandlingsplattform for helsefellesskapet i Vestfold. Errors are RFC 9457 application/problem+json.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'samband_session' },
          systemToken: {
            type: 'oauth2',
            flows: { clientCredentials: { tokenUrl: `${config.identity.staff.issuer}/token`, scopes: {} } },
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  registerMetrics(app, { token: config.metricsToken })

  if (embeddedIdp) {
    await app.register(idpRoutes, { prefix: '/idp', idp: embeddedIdp, directory: deps.directory, staffClientId: config.identity.staff.clientId })
  }
  // Credentials are checked before the body is validated: a caller without them learns nothing
  // about the API's schemas. Routes still ask for the principal themselves (cached per request).
  const PUBLIC_API = new Set(['/api/health', '/api/openapi.json'])
  app.addHook('preValidation', async (req) => {
    const route = req.routeOptions.url ?? ''
    if (route.startsWith('/api/') && !PUBLIC_API.has(route) && !route.startsWith('/api/docs')) await auth.require(req)
  })

  app.get(
    '/api/health',
    {
      schema: { tags: ['platform'], summary: 'Liveness and database reachability' },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(db)
        return { status: 'ok', database: 'ok' }
      } catch {
        return reply.code(503).send({ status: 'unavailable', database: 'unreachable' })
      }
    },
  )
  await app.register(authRoutes, { ctx, login: deps.login })
  for (const { plugin, prefix } of deps.routes) await app.register(plugin, prefix ? { prefix } : {})

  const afterWrite = deps.afterWrite
  if (afterWrite) {
    app.addHook('onResponse', async (req, reply) => {
      if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 300 && req.url.startsWith('/api/')) afterWrite()
    })
  }

  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] })
  }
  return app
}
