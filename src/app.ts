import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance } from 'fastify'
import type { DestinationStream } from 'pino'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Config } from './config.ts'
import { citizenRoutes } from './citizen/citizen.routes.ts'
import { messagingRoutes } from './citizen/messaging/messaging.routes.ts'
import { onboardingRoutes } from './citizen/onboarding/onboarding.routes.ts'
import { fullmaktRoutes } from './citizen/fullmakt/fullmakt.routes.ts'
import { healthContactsRoutes } from './citizen/health-contacts/health-contacts.routes.ts'
import { notificationSettingsRoutes } from './citizen/notifications/notification-settings.routes.ts'
import { startNotifications } from './citizen/notifications/notification-runtime.ts'
import { ensureCitizenServicesParty } from './citizen/epj-bridge/citizen-services-party.ts'
import { type EpjBridgeWorker, startEpjBridge } from './citizen/epj-bridge/epj-bridge.runtime.ts'
import { appendServiceMessageFromEpj } from './citizen/messaging/messaging.service.ts'
import type { NotificationWorker } from './citizen/notifications/notification-worker.ts'
import type { RemotePublisher } from './exchange/delivery/dispatcher.ts'
import { type ExchangeRuntime, startExchange } from './exchange/exchange.runtime.ts'
import { mshRoutes } from './exchange/msh/msh.routes.ts'
import { exchangePortalRoutes } from './exchange/portal/exchange-portal.routes.ts'
import { createAuthenticator } from './platform/identity/authenticate.ts'
import { authRoutes } from './platform/identity/auth.routes.ts'
import { createEmbeddedIdp } from './platform/identity/idp/embedded-idp.ts'
import { idpRoutes } from './platform/identity/idp/idp.routes.ts'
import { meRoutes } from './platform/identity/me.routes.ts'
import { createPortalLogin } from './platform/identity/portal-login.ts'
import type { DB } from './platform/db/schema.ts'
import { registerMetrics } from './platform/http/metrics.ts'
import { frameworkErrorHandler, registerProblemHandler } from './platform/http/problem-handler.ts'
import { createRequestId, loggerOptions } from './platform/http/logging.ts'
import { registryRoutes } from './registry/registry.routes.ts'

export type AppDeps = {
  config: Config
  db: Kysely<DB>
  now?: () => Date
  /** Where logs go; standard output when not given. */
  logStream?: DestinationStream
  /** The transport to other installations (AMQP), when configured. */
  remote?: RemotePublisher | null
  /** False in tests that drive the exchange's dispatcher themselves. */
  runDispatcher?: boolean
  /** False in tests that drive the notification worker themselves (runOnce). */
  runNotifications?: boolean
}

// From src/ (tsx, tests) or dist/src/ (compiled): the built web app is at the project root.
const WEB_DIST = fileURLToPath(new URL(import.meta.url.includes('/dist/src/') ? '../../web/dist/' : '../web/dist/', import.meta.url))

/** Builds the HTTP server from config and dependencies; main and the tests both use it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps
  const now = deps.now ?? (() => new Date())
  const app = Fastify({
    logger: withStream(loggerOptions(config.logLevel), deps.logStream),
    bodyLimit: config.bodyLimitBytes,
    genReqId: createRequestId,
    requestIdHeader: false,
    trustProxy: config.env === 'production',
    frameworkErrors: frameworkErrorHandler,
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

  const embeddedIdp = config.embeddedIdp ? await createEmbeddedIdp(db, config) : null
  const auth = createAuthenticator({
    db,
    systemIssuer: config.identity.systemIssuer,
    apiAudience: embeddedIdp?.apiAudience ?? `${config.publicUrl}/api`,
    localJwks: embeddedIdp?.publicJwks ?? null,
    publicUrl: config.publicUrl,
    requireDpop: config.requireDpop,
    now,
  })

  const hasWeb = existsSync(WEB_DIST)
  registerProblemHandler(app, { spaFallback: hasWeb })
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
    await app.register(idpRoutes, { prefix: '/idp', idp: embeddedIdp, db, staffClientId: config.identity.staff.clientId })
  }
  // Credentials are checked before the body is validated: a caller without them learns nothing
  // about the API's schemas. Routes still ask for the principal themselves (cached per request).
  const PUBLIC_API = new Set(['/api/health', '/api/openapi.json'])
  app.addHook('preValidation', async (req) => {
    const route = req.routeOptions.url ?? ''
    if (route.startsWith('/api/') && !PUBLIC_API.has(route) && !route.startsWith('/api/docs')) await auth.require(req)
  })
  const login = createPortalLogin(db, config)
  const ctx = { config, db, auth, login, now }

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
  await app.register(authRoutes, { ctx })
  await app.register(meRoutes, { ctx })
  await app.register(citizenRoutes, { ctx })
  await app.register(messagingRoutes, { ctx })
  await app.register(onboardingRoutes, { ctx })
  await app.register(fullmaktRoutes, { ctx })
  await app.register(healthContactsRoutes, { ctx })
  await app.register(notificationSettingsRoutes, { ctx })
  await app.register(registryRoutes, { ctx })
  const exchange = await startExchange({
    db,
    config,
    now,
    remote: deps.remote ?? null,
    ...(deps.runDispatcher === false ? { runDispatcher: false } : {}),
    log: app.log,
    onError: (error) => app.log.warn({ err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, 'exchange dispatcher error'),
  })
  app.decorate('exchange', exchange)
  app.addHook('onClose', async () => exchange.close())
  await app.register(mshRoutes, { prefix: '/msh', ctx, exchange })
  await app.register(exchangePortalRoutes, { ctx, exchange })

  const notifications = startNotifications({
    db,
    now,
    config,
    log: app.log.child({ component: 'notifications' }),
    poll: deps.runNotifications !== false,
    onError: (error) => app.log.warn({ err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, 'notification worker error'),
  })
  app.decorate('notifications', notifications)
  app.addHook('onClose', async () => notifications?.stop())
  // Citizen messages to the services' EPJ, and the EPJ's answers back (ADR 0009).
  await ensureCitizenServicesParty(db, config.citizen.servicesHerId)
  const epjBridge = startEpjBridge(
    {
      db,
      now,
      exchange: exchange.deps,
      portalHerId: config.citizen.servicesHerId,
      appendAnswer: appendServiceMessageFromEpj,
      onAnswersAdded: () => notifications?.wake(),
      log: app.log.child({ component: 'epj-bridge' }),
    },
    {
      ...(deps.runDispatcher === false ? { pollMs: 3_600_000 } : {}),
      onError: (error) => app.log.warn({ err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, 'EPJ bridge error'),
    },
  )
  app.decorate('epjBridge', epjBridge)
  app.addHook('onClose', async () => epjBridge.stop())

  // Use cases enqueue notifications and citizen messages in their own transactions; a successful change is the
  // moment to look, so that an SMS or a Dialogmelding leaves within a pass instead of waiting for the next poll.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 300 && req.url.startsWith('/api/')) {
      notifications?.wake()
      epjBridge.wake()
    }
  })

  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] })
  }
  return app
}

function withStream(options: ReturnType<typeof loggerOptions>, stream: DestinationStream | undefined): ReturnType<typeof loggerOptions> {
  return options && stream && typeof options === 'object' ? { ...options, stream } : options
}

declare module 'fastify' {
  interface FastifyInstance {
    exchange: ExchangeRuntime
    /** Null when no notification channel is configured. */
    notifications: NotificationWorker | null
    epjBridge: EpjBridgeWorker
  }
}

export type AppContext = {
  config: Config
  db: Kysely<DB>
  auth: ReturnType<typeof createAuthenticator>
  login: ReturnType<typeof createPortalLogin>
  now: () => Date
}
