/**
 * The Vestfold demo across the modules, in dependency order: the registry's people and organisations, one demo EPJ
 * client per organisation, the exchange's address registry, and the citizen services. Idempotent and deterministic.
 */
import type { Kysely } from 'kysely'
import { seedCitizenDemo } from './citizen/index.ts'
import type { Config } from './config.ts'
import { seedDemoAddressRegistry } from './exchange/index.ts'
import type { DB } from './platform/db/schema.ts'
import { ageOn } from './platform/access/time.rules.ts'
import { seedDemoSystemClients } from './platform/identity/demo-clients.ts'
import { createPeopleDirectory, DEMO_PEOPLE, listOrganisationNames, seedRegistryDemo } from './registry/index.ts'

export type DemoSeedResult = { inserted: boolean; clients: number; parties: number }

export async function seedDemoData(db: Kysely<DB>, config: Config, now: Date, options: { threads: boolean } = { threads: true }): Promise<DemoSeedResult> {
  const { inserted } = await seedRegistryDemo(db)
  const clients = await seedDemoSystemClients({ db, secretKey: config.secretKey, directory: createPeopleDirectory(db) }, await listOrganisationNames(db))
  const parties = await seedDemoAddressRegistry(db)
  await seedCitizenDemo(db, now, options)
  return { inserted, clients, parties }
}

/**
 * The demo logins printed at start-up. The children's ages are counted on `now` from their birth dates (the portal
 * and the access policy count them the same way), never written down to go stale.
 */
export function demoLoginLines(now: Date): string[] {
  const age = (person: { birthDate: string }) => ageOn(person.birthDate, now)
  const p = DEMO_PEOPLE
  return [
    'Demo logins (choose the person on the test login page):',
    `  Citizens: Kari Nordmann (mother of Emma ${age(p.emmaNordmann)} and Jonas ${age(p.jonasNordmann)}), Per Berg (fullmakt for Ingrid Berg), Sara Holm (confidential address)`,
    '  Staff:    Lise Lund (hjemmesykepleien, Tønsberg), Anders Aas (SiV), Berit Bakke (fastlege), Siri Strand (coordinator), Ole Olsen (operator)',
    '  Systems:  client id demo-epj-<orgnr>, secret demo-secret-<orgnr> (e.g. demo-epj-983975259 for SiV); see README',
    '',
  ]
}
