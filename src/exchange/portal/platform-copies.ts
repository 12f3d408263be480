/**
 * Copies that Samband's own parties (its citizen services) send to a service's EPJ over /msh. Staff handle those
 * conversations in Samband's own inbox for them, so the exchange portal neither lists nor answers the copies: one
 * conversation, one state (issue 10, item 8).
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'

export const PLATFORM_COPY_REFUSAL =
  'Meldingen er en kopi til journalsystemet av en melding fra en innbygger. Svar innbyggeren under «Meldinger fra innbyggere».'

/** Whether the sender is one of Samband's own parties. */
export async function isFromPlatformParty(db: Kysely<DB>, senderHerId: number): Promise<boolean> {
  const row = await db.selectFrom('communication_party').select('platform_party').where('her_id', '=', senderHerId).executeTakeFirst()
  return row?.platform_party === true
}
