/**
 * Samband's citizen services as a communication party in the address registry: the sender of citizens' messages to
 * the services' EPJ systems, and the receiver of their answers. Its HER-id is the installation's own (NHN assigns it;
 * CITIZEN_SERVICES_HER_ID). No organisation owns it, so no EPJ client can send in its name.
 */
import type { Kysely } from 'kysely'
import { upsertParty } from '../../exchange/address-registry/address-registry.repository.ts'
import { PROCESS_PROFILES } from '../../exchange/address-registry/message-processes.ts'
import type { DB } from '../../platform/db/schema.ts'

export const CITIZEN_SERVICES_PARTY_NAME = 'Samband innbyggertjenester'

/** Registers (or corrects) the party at start-up; safe to run from several processes. */
export async function ensureCitizenServicesParty(db: Kysely<DB>, herId: number): Promise<void> {
  await db.transaction().execute((trx) =>
    upsertParty(
      trx,
      {
        herId,
        kind: 'organisation',
        name: CITIZEN_SERVICES_PARTY_NAME,
        parentHerId: null,
        organisationNumber: null,
        organisationId: null,
        serviceId: null,
        hprNumber: null,
        installation: 'local',
        contactEmail: null,
        active: true,
      },
      PROCESS_PROFILES.dialog,
    ),
  )
}
