/**
 * The composition root: config → database → migrate → demo data → identity → modules' workers → HTTP; stopped in
 * reverse. Everything the modules need is made here and passed down; nothing below reaches back up.
 */
import type { FastifyInstance } from 'fastify'
import type { DestinationStream, Logger } from 'pino'
import { loadAccessFacts } from './access-facts.ts'
import { buildApp } from './app.ts'
import { type CitizenRuntime, citizenModuleRoutes, startCitizen } from './citizen/index.ts'
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
import { type JobQueue, startJobQueue } from './platform/jobs/job-queue.ts'
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
  /** False: background workers wait to be driven (tests call their runOnce). */
  runWorkers?: boolean
  /** False: no scheduled jobs (the expired-session sweep); tests in process leave it out. */
  scheduledJobs?: boolean
}

export type Runtime = {
  config: Config
  database: DatabaseHandle
  log: Logger
  directory: PeopleDirectory
  exchange: ExchangeRuntime
  citizen: CitizenRuntime
  app: FastifyInstance
  close(): Promise<void>
}

const SWEEP_QUEUE = 'platform.sweep-expired'

export async function startRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const now = options.now ?? (() => new Date())
  const runWorkers = options.runWorkers ?? true
  const log = createLogger(config.logLevel, options.logStream)
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
    if (options.scheduledJobs ?? true) {
      const jobs = await startJobQueue(database)
      stops.push(() => jobs.stop())
      await scheduleSweeps(jobs, database)
    }

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

    const exchange = await startExchange({
      db,
      config,
      now,
      remote: options.remote ?? null,
      runDispatcher: runWorkers,
      log: log.child({ component: 'exchange' }),
      onError: (error) => log.warn({ err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, 'exchange dispatcher error'),
    })
    stops.push(() => exchange.close())
    if (config.demoData) await seedDemoMessages(exchange.deps)
    const citizen = await startCitizen({ db, now, config, log, exchange, facts: loadAccessFacts, runWorkers })
    stops.push(() => citizen.stop())

    const gate = createAccessGate({ db, now, loadFacts: loadAccessFacts })
    const ctx: RouteContext = { config, db, auth, gate, now }
    const app = await buildApp({
      ctx,
      log,
      login,
      embeddedIdp,
      directory,
      routes: [...registryModuleRoutes(ctx), ...citizenModuleRoutes(ctx), ...exchangeModuleRoutes(ctx, exchange)],
      // Use cases queue notifications and citizen messages in their own transactions; a successful change is the
      // moment to look, so that an SMS or a Dialogmelding leaves within a pass instead of waiting for the next poll.
      afterWrite: () => citizen.wake(),
    })
    // Stop taking requests first, then the workers, then the jobs and the database.
    stops.push(() => app.close())
    if (options.listen) await app.listen({ host: config.host, port: config.port })
    else await app.ready()
    return { config, database, log, directory, exchange, citizen, app, close: stopAll }
  } catch (error) {
    await stopAll()
    throw error
  }
}

/** Expired sessions, logins and provider records hold nothing worth keeping; one process sweeps. */
async function scheduleSweeps(jobs: JobQueue, database: DatabaseHandle): Promise<void> {
  await jobs.boss.createQueue(SWEEP_QUEUE)
  await jobs.boss.schedule(SWEEP_QUEUE, '*/10 * * * *')
  await jobs.boss.work(SWEEP_QUEUE, async () => {
    await deleteExpiredSessions(database.db, new Date())
  })
}
