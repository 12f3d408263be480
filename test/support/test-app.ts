import type { FastifyInstance } from 'fastify'
import type { DestinationStream } from 'pino'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { SESSION_COOKIE } from '../../src/platform/identity/authenticate.ts'
import { createSession } from '../../src/platform/identity/sessions.repository.ts'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { openTestDatabase } from './test-database.ts'
import { seedDemoContactRegister } from '../../src/citizen/notifications/demo-contact-register.ts'
import { seedTestDemo, testSecretKey } from './database-templates.ts'

export const TEST_URL = 'http://samband.test'

export type TestApp = Awaited<ReturnType<typeof startTestApp>>

/**
 * The whole app in process (app.inject), on a fresh database with the Vestfold demo data (a copy of the run's
 * demo template, see openTestDatabase), and a clock fixed at the demo's "today", so that ages (Jonas is 14, Emma
 * under 12) never drift. `logStream` receives the app's log lines (its own logger options, level from LOG_LEVEL).
 * The contact register is seeded here, with the confirmation dates counted back from `now()`.
 */
export async function startTestApp(env: Record<string, string> = {}, now: () => Date = () => DEMO.now, options: { logStream?: DestinationStream } = {}) {
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: TEST_URL, LOG_LEVEL: 'silent', DATA_DIR: ':memory:', ...env })
  // The demo template's system clients are sealed with the default key; another key seeds the demo here.
  const sameKey = config.secretKey === testSecretKey()
  const database = await openTestDatabase(sameKey ? 'demo' : 'migrated')
  if (!sameKey) await seedTestDemo(database.db, config.secretKey)
  await seedDemoContactRegister(database.db, now())
  const app: FastifyInstance = await buildApp({ config, db: database.db, now, ...options })
  await app.ready()

  return {
    app,
    db: database.db,
    config,
    /** The app's clock. */
    now,
    async close() {
      await app.close()
      await database.close()
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
      const response = await app.inject({
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
