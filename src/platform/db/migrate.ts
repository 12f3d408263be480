import type { Kysely } from 'kysely'
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration'
import * as platform from './migrations/2026-11-23T1000-platform.ts'
import * as exchange from './migrations/2026-11-23T1100-exchange.ts'
import * as systemClientKeys from './migrations/2026-11-23T1300-system-client-keys.ts'
import * as exchangeMessageDetails from './migrations/2026-11-23T1400-exchange-message-details.ts'
import * as contactRegister from './migrations/2026-11-23T1500-contact-register.ts'
import * as citizenServices from './migrations/2026-11-23T1600-citizen-services.ts'
import * as systemClientOrganisationNumber from './migrations/2026-12-07T1000-system-client-organisation-number.ts'
import * as notifyAndWorkers from './migrations/2026-12-07T1200-notify-and-workers.ts'
import * as loginAttemptBrowserBinding from './migrations/2026-12-08T0100-login-attempt-browser-binding.ts'
import * as attachmentStorage from './migrations/2026-12-08T0500-attachment-storage.ts'
import * as citizenThreadWork from './migrations/2026-12-08T0300-citizen-thread-work.ts'
import * as auditLogByActor from './migrations/2026-12-08T0400-audit-log-by-actor.ts'

// Listed by hand so the compiled build and the tests run exactly the same set, in this order.
const migrations: Record<string, Migration> = {
  '2026-11-23T1000-platform': platform,
  '2026-11-23T1100-exchange': exchange,
  '2026-11-23T1300-system-client-keys': systemClientKeys,
  '2026-11-23T1400-exchange-message-details': exchangeMessageDetails,
  '2026-11-23T1500-contact-register': contactRegister,
  '2026-11-23T1600-citizen-services': citizenServices,
  '2026-12-07T1000-system-client-organisation-number': systemClientOrganisationNumber,
  '2026-12-07T1200-notify-and-workers': notifyAndWorkers,
  '2026-12-08T0100-login-attempt-browser-binding': loginAttemptBrowserBinding,
  '2026-12-08T0500-attachment-storage': attachmentStorage,
  '2026-12-08T0300-citizen-thread-work': citizenThreadWork,
  '2026-12-08T0400-audit-log-by-actor': auditLogByActor,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the database as it is, not as schema.ts describes it
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
