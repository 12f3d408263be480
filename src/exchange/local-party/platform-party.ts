/**
 * A communication party that Samband itself is (e.g. its citizen services): registered in the address registry with
 * the dialog processes, owned by no organisation, so no EPJ client can send in its name.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { PROCESS_PROFILES } from '../address-registry/message-processes.ts'

/** Registers (or corrects) the party at start-up; safe to run from several processes at once. */
export async function ensurePlatformParty(db: Kysely<DB>, party: { herId: number; name: string }): Promise<void> {
  const row = {
    her_id: party.herId,
    kind: 'organisation' as const,
    name: party.name,
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
      .values(PROCESS_PROFILES.dialog.map((p) => ({ her_id: party.herId, msg_type: p.msgType, payload_namespace: p.payloadNamespace })))
      .onConflict((oc) => oc.doNothing())
      .execute()
  })
}
