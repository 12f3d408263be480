import type { Kysely } from 'kysely'
import type { DB } from './db/schema.ts'
import { addSystemClient } from './identity/system-clients.ts'

/**
 * One EPJ client per organisation in the demo, with fixed ids and secrets listed in the README.
 * Demo only: `samband seed --demo vestfold` makes them, nothing else does.
 */
export async function seedDemoSystemClients(db: Kysely<DB>, secretKey: string): Promise<number> {
  const organisations = await db.selectFrom('organisation').select(['organisation_number', 'name', 'kind']).orderBy('organisation_number').execute()
  let added = 0
  for (const o of organisations) {
    const clientId = `demo-epj-${o.organisation_number}`
    const exists = await db.selectFrom('system_client').select('id').where('client_id', '=', clientId).executeTakeFirst()
    if (exists) continue
    const scopes = [
      'samband/registry.read',
      'samband/organisation.read',
      'samband/organisation.write',
      'samband/patient.read',
      'samband/patient.write',
      'samband/exchange',
      'nhn:msh/api',
    ]
    await addSystemClient(
      db,
      secretKey,
      { organisationNumber: o.organisation_number, name: `EPJ ${o.name}`, scopes },
      {
        clientId,
        clientSecret: `demo-secret-${o.organisation_number}`,
      },
    )
    added++
  }
  return added
}
