/** The giver and the proxy as the fullmakt rules need them, loaded by id or by national identity number. */
import type { Kysely, Selectable } from 'kysely'
import type { DB, PersonTable } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isValidNationalId } from '../../platform/identifiers/national-id.ts'
import { osloDate } from '../../platform/time/oslo-time.ts'
import type { FullmaktParty } from './fullmakt.rules.ts'

export async function findPartyById(db: Kysely<DB>, personId: string, now: Date): Promise<FullmaktParty | null> {
  const row = await db.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirst()
  return row === undefined ? null : toParty(row, now)
}

export async function findPartyByNationalId(db: Kysely<DB>, nationalId: string, now: Date): Promise<FullmaktParty | null> {
  const row = await db.selectFrom('person').selectAll().where('national_id', '=', nationalId).executeTakeFirst()
  return row === undefined ? null : toParty(row, now)
}

function toParty(row: Selectable<PersonTable>, now: Date): FullmaktParty {
  return {
    id: row.id,
    birthDate: row.birth_date,
    confidentialAddress: row.confidential_address,
    // A registered date of death counts from that day (Oslo), as in the access facts.
    deceased: row.deceased_at !== null && row.deceased_at <= osloDate(now),
  }
}

/** A national id with wrong control digits is a typing error the caller should hear about, on its field. */
export function requireValidNationalId(nationalId: string, path: string): void {
  if (!isValidNationalId(nationalId)) {
    throw new AppError('invalid-national-id', 'Fødselsnummeret eller D-nummeret har feil kontrollsiffer.', [{ path, message: 'ugyldige kontrollsiffer' }])
  }
}
