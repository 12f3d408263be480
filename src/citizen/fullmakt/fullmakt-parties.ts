/** The giver and the proxy as the fullmakt rules need them, loaded by id or by national identity number. */
import type { Kysely } from 'kysely'
import type { PersonLookup } from '../../platform/access/access-gate.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isValidNationalId } from '../../platform/identifiers/national-id.ts'
import { osloDate } from '../../platform/time/oslo-time.ts'
import { findPersonById, findPersonByNationalId } from '../../registry/index.ts'
import type { FullmaktParty } from './fullmakt.rules.ts'

export async function findPartyById(db: Kysely<DB>, personId: string, now: Date): Promise<FullmaktParty | null> {
  const person = await findPersonById(db, personId)
  return person === null ? null : toParty(person, now)
}

/** The giver, with their own national id: giving to oneself is refused without looking anyone else up. */
export async function findGiverById(db: Kysely<DB>, personId: string, now: Date): Promise<(FullmaktParty & { nationalId: string }) | null> {
  const person = await findPersonById(db, personId)
  return person === null ? null : { ...toParty(person, now), nationalId: person.nationalId }
}

/**
 * Every look-up of a proxy by national identity number: on record, with the person found, and at most 20 per user in
 * 10 minutes, a few times what anyone registering fullmakter needs and far too few to map who is registered.
 */
export const PROXY_LOOKUP: PersonLookup = { action: 'fullmakt.person-lookup', resourceType: 'person', max: 20, windowMs: 10 * 60_000 }

export async function findPartyByNationalId(db: Kysely<DB>, nationalId: string, now: Date): Promise<FullmaktParty | null> {
  const person = await findPersonByNationalId(db, nationalId)
  return person === null ? null : toParty(person, now)
}

function toParty(person: { id: string; birthDate: string; confidentialAddress: boolean; deceasedAt: string | null }, now: Date): FullmaktParty {
  return {
    id: person.id,
    birthDate: person.birthDate,
    confidentialAddress: person.confidentialAddress,
    // A registered date of death counts from that day (Oslo), as in the access facts.
    deceased: person.deceasedAt !== null && person.deceasedAt <= osloDate(now),
  }
}

/** A national id with wrong control digits is a typing error the caller should hear about, on its field. */
export function requireValidNationalId(nationalId: string, path: string): void {
  if (!isValidNationalId(nationalId)) {
    throw new AppError('invalid-national-id', 'Fødselsnummeret eller D-nummeret har feil kontrollsiffer.', [{ path, message: 'ugyldige kontrollsiffer' }])
  }
}
