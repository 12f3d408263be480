/**
 * Samband's citizen services as a communication party in the address registry: the sender of citizens' messages to
 * the services' EPJ systems, and the receiver of their answers. Its HER-id is the installation's own (NHN assigns it;
 * CITIZEN_SERVICES_HER_ID). It is a platform party owned by no organisation, so no EPJ client can send in its name.
 */
import type { Kysely } from 'kysely'
import { PROCESS_PROFILES } from '../../exchange/index.ts'
import type { DB } from '../../platform/db/schema.ts'

export const CITIZEN_SERVICES_PARTY_NAME = 'Samband innbyggertjenester'

/** Registers (or corrects) the party at start-up; safe to run from several processes at once. */
export async function ensureCitizenServicesParty(db: Kysely<DB>, herId: number): Promise<void> {
  const row = {
    her_id: herId,
    kind: 'organisation' as const,
    name: CITIZEN_SERVICES_PARTY_NAME,
    parent_her_id: null,
    organisation_number: null,
    organisation_id: null,
    service_id: null,
    hpr_number: null,
    installation: 'local',
    contact_email: null,
    active: true,
    platform_party: true,
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('communication_party')
      .values(row)
      .onConflict((oc) => oc.column('her_id').doUpdateSet(row))
      .execute()
    await trx
      .insertInto('party_process')
      .values(PROCESS_PROFILES.dialog.map((p) => ({ her_id: herId, msg_type: p.msgType, payload_namespace: p.payloadNamespace })))
      .onConflict((oc) => oc.doNothing())
      .execute()
  })
}
