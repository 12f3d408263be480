import type { DestinationStream } from 'pino'
import { loadConfig } from '../../src/config.ts'
import { seedDemoContactRegister } from '../../src/citizen/notifications/demo-contact-register.ts'
import { seedDemoData } from '../../src/demo-data.ts'
import type { RemotePublisher } from '../../src/exchange/index.ts'
import { SESSION_COOKIE } from '../../src/platform/identity/authenticate.ts'
import { createSession } from '../../src/platform/identity/sessions.repository.ts'
import type { NewSystemClient } from '../../src/platform/identity/system-clients.ts'
import { addSystemClient } from '../../src/platform/identity/system-clients.ts'
import { DEMO } from '../../src/registry/index.ts'
import { startRuntime } from '../../src/runtime.ts'
import { templateConfig } from './database-templates.ts'
import { openTestDatabase } from './test-database.ts'

export const TEST_URL = 'http://samband.test'

export type TestApp = Awaited<ReturnType<typeof startTestApp>>

export type TestAppOptions = {
  /** Where the app's logs go (tests that read every line). */
  logStream?: DestinationStream
  remote?: RemotePublisher | null
}

/**
 * The whole app in process (app.inject), on a fresh database with the Vestfold demo data (a copy of the run's demo
 * template, see openTestDatabase), and a clock fixed at the demo's "today", so that ages (Jonas is 14, Emma under 12)
 * never drift. The contact register is seeded here, its confirmation dates counted back from `now()`.
 * It is composed as `npm start` composes it (src/runtime.ts), without listening and without scheduled jobs.
 */
export async function startTestApp(env: Record<string, string> = {}, now: () => Date = () => DEMO.now, options: TestAppOptions = {}) {
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: TEST_URL, LOG_LEVEL: 'silent', DATA_DIR: ':memory:', DEMO_DATA: 'false', ...env })
  // The demo template's client secrets are sealed with the default key; with another key the demo is seeded here.
  const fromTemplate = config.secretKey === templateConfig().secretKey
  const database = await openTestDatabase(fromTemplate ? 'demo' : 'migrated')
  if (fromTemplate) await seedDemoContactRegister(database.db, now())
  else await seedDemoData(database.db, config, now(), { threads: false })
  const start = () =>
    startRuntime(config, {
      listen: false,
      now,
      database,
      scheduledJobs: false,
      ...(options.logStream ? { logStream: options.logStream } : {}),
      ...(options.remote !== undefined ? { remote: options.remote } : {}),
    })
  let runtime = await start()

  return {
    get app() {
      return runtime.app
    },
    get exchange() {
      return runtime.exchange
    },
    get citizen() {
      return runtime.citizen
    },
    db: database.db,
    config,
    /** The app's clock. */
    now,
    async close() {
      await runtime.close()
      await database.close()
    },
    /** Stops the app and starts it again on the same database, as a process restart would. */
    async restart() {
      await runtime.close()
      runtime = await start()
    },
    /** Stops the app but keeps its database (an installation that is down). */
    async stop() {
      await runtime.close()
    },
    /** Starts a stopped app again on the same database. */
    async resume() {
      runtime = await start()
    },
    /** Registers a system client as `samband clients add` does. */
    addSystemClient(input: NewSystemClient & { jwks?: undefined }, fixed?: { clientId: string; clientSecret: string }) {
      return addSystemClient({ db: database.db, secretKey: config.secretKey, directory: runtime.directory }, input, fixed)
    },
    addKeyClient(input: NewSystemClient & { jwks: NonNullable<NewSystemClient['jwks']> }) {
      return addSystemClient({ db: database.db, secretKey: config.secretKey, directory: runtime.directory }, input)
    },
    /** A portal session as the login would make it; the OIDC flow itself has its own e2e test. */
    async citizenSession(personId: string) {
      const { token, session } = await createSession(database.db, { kind: 'citizen', personId, staffId: null, serviceId: null, idTokenHint: null }, 60, now())
      return { cookie: `${SESSION_COOKIE}=${token}`, csrf: session.csrfToken }
    },
    async staffSession(staffId: string, serviceId: string | null) {
      const { token, session } = await createSession(database.db, { kind: 'staff', personId: null, staffId, serviceId, idTokenHint: null }, 60, now())
      return { cookie: `${SESSION_COOKIE}=${token}`, csrf: session.csrfToken }
    },
    /** A client-credentials token from the embedded provider, through its real token endpoint. */
    async systemToken(organisationNumber: string, scopes: string[]) {
      const response = await runtime.app.inject({
        method: 'POST',
        url: '/idp/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`demo-epj-${organisationNumber}:demo-secret-${organisationNumber}`).toString('base64')}`,
        },
        payload: new URLSearchParams({ grant_type: 'client_credentials', scope: scopes.join(' ') }).toString(),
      })
      if (response.statusCode !== 200) throw new Error(`token endpoint said ${response.statusCode}: ${response.body}`)
      return (response.json() as { access_token: string }).access_token
    },
  }
}
