/**
 * The Vestfold demo across the modules, in dependency order: the registry's people and organisations, one demo EPJ
 * client per organisation, the exchange's address registry, and the citizen services. Idempotent and deterministic.
 */
import type { Kysely } from 'kysely'
import { seedCitizenDemo } from './citizen/index.ts'
import type { Config } from './config.ts'
import { seedDemoAddressRegistry } from './exchange/index.ts'
import type { DB } from './platform/db/schema.ts'
import { seedDemoSystemClients } from './platform/identity/demo-clients.ts'
import { createPeopleDirectory, listOrganisationNames, seedRegistryDemo } from './registry/index.ts'

export type DemoSeedResult = { inserted: boolean; clients: number; parties: number }

export async function seedDemoData(db: Kysely<DB>, config: Config, now: Date, options: { threads: boolean } = { threads: true }): Promise<DemoSeedResult> {
  const { inserted } = await seedRegistryDemo(db)
  const clients = await seedDemoSystemClients({ db, secretKey: config.secretKey, directory: createPeopleDirectory(db) }, await listOrganisationNames(db))
  const parties = await seedDemoAddressRegistry(db)
  await seedCitizenDemo(db, now, options)
  return { inserted, clients, parties }
}
