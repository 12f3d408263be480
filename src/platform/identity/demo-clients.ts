import { addSystemClient, type SystemClientDeps } from './system-clients.ts'

const DEMO_SCOPES = [
  'samband/registry.read',
  'samband/organisation.read',
  'samband/organisation.write',
  'samband/patient.read',
  'samband/patient.write',
  'samband/exchange',
  'nhn:msh/api',
]

/**
 * One EPJ client per organisation in the demo, with fixed ids and secrets listed in the README.
 * Demo only: `samband seed --demo vestfold` makes them, nothing else does.
 */
export async function seedDemoSystemClients(deps: SystemClientDeps, organisations: readonly { organisationNumber: string; name: string }[]): Promise<number> {
  let added = 0
  for (const o of [...organisations].sort((a, b) => a.organisationNumber.localeCompare(b.organisationNumber))) {
    const clientId = `demo-epj-${o.organisationNumber}`
    const exists = await deps.db.selectFrom('system_client').select('id').where('client_id', '=', clientId).executeTakeFirst()
    if (exists) continue
    await addSystemClient(
      deps,
      { organisationNumber: o.organisationNumber, name: `EPJ ${o.name}`, scopes: DEMO_SCOPES },
      { clientId, clientSecret: `demo-secret-${o.organisationNumber}` },
    )
    added++
  }
  return added
}
