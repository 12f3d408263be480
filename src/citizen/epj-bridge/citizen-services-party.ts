/**
 * Samband's citizen services as a communication party in the address registry: the sender of citizens' messages to
 * the services' EPJ systems, and the receiver of their answers. Its HER-id is the installation's own (NHN assigns it;
 * CITIZEN_SERVICES_HER_ID). It is a platform party owned by no organisation, so no EPJ client can send in its name.
 */
import type { Kysely } from 'kysely'
import { ensurePlatformParty } from '../../exchange/index.ts'
import type { DB } from '../../platform/db/schema.ts'

export const CITIZEN_SERVICES_PARTY_NAME = 'Samband innbyggertjenester'

/** Registers (or corrects) the party at start-up; safe to run from several processes at once. */
export function ensureCitizenServicesParty(db: Kysely<DB>, herId: number): Promise<void> {
  return ensurePlatformParty(db, { herId, name: CITIZEN_SERVICES_PARTY_NAME })
}
