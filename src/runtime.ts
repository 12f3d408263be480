/**
 * The composition root: config → database → migrate → demo data → channels → identity → modules → workers → HTTP;
 * stopped in reverse. Everything the modules need is made here and passed down; nothing below reaches back up.
 * Background work has one model (ADR 0011): every worker is a polling loop with the same shape, started here after
 * the database and stopped before it, in reverse order.
 */
import type { FastifyInstance } from 'fastify'
import type { DestinationStream, Logger } from 'pino'
import { loadAccessFacts } from './access-facts.ts'
import { buildApp } from './app.ts'
import { type CitizenRuntime, citizenModuleRoutes, type NotificationChannels, startCitizen } from './citizen/index.ts'
import type { Config } from './config.ts'
import { seedDemoData } from './demo-data.ts'
import { type ExchangeRuntime, exchangeModuleRoutes, type RemotePublisher, seedDemoMessages, startExchange } from './exchange/index.ts'
import { createAccessGate } from './platform/access/access-gate.ts'
import { type DatabaseHandle, openDatabase } from './platform/db/database.ts'
import { migrateToLatest } from './platform/db/migrate.ts'
import { createLogger } from './platform/http/logging.ts'
import type { RouteContext } from './platform/http/route-context.ts'
import { createAuthenticator } from './platform/identity/authenticate.ts'
import { createEmbeddedIdp } from './platform/identity/idp/embedded-idp.ts'
import type { PeopleDirectory } from './platform/identity/people-directory.ts'
import { createPortalLogin } from './platform/identity/portal-login.ts'
import { deleteExpiredSessions } from './platform/identity/sessions.repository.ts'
import { createPeriodicTask } from './platform/jobs/periodic-task.ts'
import type { Worker } from './platform/jobs/polling-loop.ts'
import { createDevMailbox } from './platform/notify/dev-mailbox.ts'
import { devMailboxRoutes } from './platform/notify/dev-mailbox.routes.ts'
import { createSmtpMailer } from './platform/notify/mailer.ts'
import { createHttpSmsGateway } from './platform/notify/sms-gateway.ts'
import { createPeopleDirectory, registryModuleRoutes } from './registry/index.ts'

export type RuntimeOptions = {
  listen: boolean
  /** The clock; the real one by default (tests fix it at the demo's day). */
  now?: () => Date
  /** Where logs go; standard output by default. */
  logStream?: DestinationStream
  /** An open, migrated database to run on (tests hand in their own); it stays open when the runtime stops. */
  database?: DatabaseHandle
  /** The transport to other installations; AMQP_URL decides when not given. */
  remote?: RemotePublisher | null
  /** False: background workers are not started; they do not poll and wake() does nothing (tests call their runOnce). */
  runWorkers?: boolean
  /** False: no periodic tasks (the sweep of expired sessions); tests in process leave it out. */
  scheduledJobs?: boolean
}

export type Runtime = {
  config: Config
  database: DatabaseHandle
  log: Logger
  directory: PeopleDirectory
  exchange: ExchangeRuntime
  citizen: CitizenRuntime
  /** Every background worker, in the order they were started. */
  workers: readonly Worker[]
  app: FastifyInstance
  close(): Promise<void>
}

/** Expired sessions, logins, provider records and DPoP proofs hold nothing worth keeping: swept at most this often, by one process. */
const SWEEP_EVERY_MS = 10 * 60_000

export async function startRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const now = options.now ?? (() => new Date())
  const runWorkers = options.runWorkers ?? true
  // A stream given by tests is read by machines: JSON lines whatever the terminal.
  const log = createLogger(config.logLevel, options.logStream ? { stream: options.logStream, format: 'json' } : { format: config.logFormat })
  const database = options.database ?? (await openDatabase(config.database))
  const ownsDatabase = options.database === undefined
  const stops: (() => Promise<void>)[] = []
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop()
    stops.length = 0
  }
  if (ownsDatabase) stops.push(() => database.close())
  try {
    const { db } = database
    if (ownsDatabase) await migrateToLatest(db)
    if (config.demoData) await seedDemoData(db, config, now())

    const channels = notificationChannels(config, db, now, log)
    stops.push(async () => channels.close())

    const directory = createPeopleDirectory(db)
    const embeddedIdp = config.embeddedIdp ? await createEmbeddedIdp(db, directory, config) : null
    const auth = createAuthenticator({
      db,
      directory,
      systemIssuer: config.identity.systemIssuer,
      apiAudience: embeddedIdp?.apiAudience ?? `${config.publicUrl}/api`,
      localJwks: embeddedIdp?.publicJwks ?? null,
      publicUrl: config.publicUrl,
      requireDpop: config.requireDpop,
      now,
    })
    const login = createPortalLogin(db, directory, config)

    const workerError = (what: string) => (error: unknown) =>
      log.warn({ err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, `${what} error`)
    const exchange = await startExchange({
      db,
      config,
      now,
      remote: options.remote ?? null,
      mailer: channels.alertMailer,
      log: log.child({ component: 'exchange' }),
      onError: workerError('exchange dispatcher'),
    })
    stops.push(() => exchange.close())
    if (config.demoData) await seedDemoMessages(exchange.deps)
    const citizen = await startCitizen({ db, now, config, log, exchange, facts: loadAccessFacts, channels: channels.citizen })

    const workers: Worker[] = [
      ...((options.scheduledJobs ?? true)
        ? [
            createPeriodicTask({
              name: 'platform.sweep-expired',
              db,
              now,
              everyMs: SWEEP_EVERY_MS,
              pollMs: 60_000,
              task: async (trx, at) => {
                await deleteExpiredSessions(trx, at)
              },
              onError: workerError('expired-session sweep'),
            }),
          ]
        : []),
      ...exchange.workers,
      ...citizen.workers,
    ]
    // After the database and before HTTP; stopped after HTTP, in reverse order.
    for (const worker of workers) {
      stops.push(() => worker.stop())
      if (runWorkers) await worker.start()
    }

    const gate = createAccessGate({ db, now, loadFacts: loadAccessFacts })
    const ctx: RouteContext = { config, db, auth, gate, now }
    const app = await buildApp({
      ctx,
      log,
      login,
      embeddedIdp,
      directory,
      routes: [
        ...registryModuleRoutes(ctx),
        ...citizenModuleRoutes(ctx),
        ...exchangeModuleRoutes(ctx, exchange),
        { plugin: (app) => devMailboxRoutes(app, { ctx, enabled: config.devMailbox }) },
      ],
      // Use cases queue notifications and citizen messages in their own transactions; a successful change is the
      // moment to look, so that an SMS or a Dialogmelding leaves within a pass instead of waiting for the next poll.
      afterWrite: () => citizen.wake(),
    })
    // Stop taking requests first, then the workers, then the channels and the database.
    stops.push(() => app.close())
    if (options.listen) await app.listen({ host: config.host, port: config.port })
    else await app.ready()
    return { config, database, log, directory, exchange, citizen, workers, app, close: stopAll }
  } catch (error) {
    await stopAll()
    throw error
  }
}

/**
 * The channels every module sends through, chosen by configuration: SMTP_URL and SMS_GATEWAY_URL when set, otherwise
 * the development mailbox when DEV_MAILBOX is on (never in production: the configuration refuses it), otherwise none.
 */
function notificationChannels(config: Config, db: DatabaseHandle['db'], now: () => Date, log: Logger) {
  const devMailbox = config.devMailbox ? createDevMailbox({ db, now }) : null
  const { smtpUrl, sms } = config.notifications
  const alertMailer = smtpUrl ? createSmtpMailer({ url: smtpUrl, from: config.exchange.alertFromAddress }) : (devMailbox?.mailer ?? null)
  const citizen: NotificationChannels = {
    mailer: smtpUrl ? createSmtpMailer({ url: smtpUrl, from: config.notifications.fromAddress }) : (devMailbox?.mailer ?? null),
    sms: sms ? createHttpSmsGateway({ url: sms.url, token: sms.token, sender: sms.sender }) : (devMailbox?.sms ?? null),
  }
  const kept = [...(smtpUrl ? [] : ['e-mail']), ...(sms ? [] : ['SMS'])]
  if (devMailbox && kept.length > 0) {
    log.info({ devMailbox: kept }, `development mailbox: ${kept.join(' and ')} are kept, not sent; the operator reads them at GET /api/dev-mailbox`)
  }
  return {
    alertMailer,
    citizen,
    close() {
      alertMailer?.close()
      citizen.mailer?.close()
    },
  }
}
