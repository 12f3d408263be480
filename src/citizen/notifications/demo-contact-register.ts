/**
 * The Vestfold demo people in the embedded contact register. Mobile numbers are +47 followed by 0000 and the
 * person's demo id: Norwegian eight-digit subscriber numbers never start with 0, so none can reach a real phone.
 * E-mail addresses are under samband.example (RFC 2606: never delivered).
 *
 * Among them: Lars Olsen has reserved himself; Odd Dahl's details were last confirmed more than 18 months ago, so
 * they are passive; Ingrid Berg has a mobile only and Ahmed Khan e-mail only; Emma (8) is not in the register.
 * Confirmation dates are counted back from the seeding time, so the demo stays as described however late it starts.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { DEMO_PEOPLE } from '../../registry/index.ts'

type DemoContact = {
  nationalId: string
  email: string | null
  mobile: string | null
  reserved: boolean
  /** Days before the seeding time that the details were last confirmed. */
  confirmedDaysAgo: number
}

const P = DEMO_PEOPLE
const mobileOf = (personId: string) => `+470000${personId.slice(-4)}`
const active = (person: { id: string; nationalId: string; givenName: string; familyName: string }, confirmedDaysAgo = 60): DemoContact => ({
  nationalId: person.nationalId,
  email: `${ascii(person.givenName)}.${ascii(person.familyName)}@samband.example`,
  mobile: mobileOf(person.id),
  reserved: false,
  confirmedDaysAgo,
})

function ascii(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'aa')
    .replace(/[^a-z]/g, '')
}

export const DEMO_CONTACTS = {
  kariNordmann: active(P.kariNordmann),
  olaNordmann: active(P.olaNordmann, 400),
  jonasNordmann: active(P.jonasNordmann, 30),
  ingridBerg: { ...active(P.ingridBerg), email: null },
  perBerg: active(P.perBerg),
  saraHolm: active(P.saraHolm),
  ahmedKhan: { ...active(P.ahmedKhan), mobile: null },
  noraOlsen: active(P.noraOlsen),
  /** Reserved against digital communication: gets no notifications. */
  larsOlsen: { ...active(P.larsOlsen), reserved: true },
  /** Not confirmed for about two years: passive, not used. */
  oddDahl: active(P.oddDahl, 730),
  livDahl: active(P.livDahl),
} as const satisfies Record<string, DemoContact>

/** Inserts the demo contacts that are not there yet; never changes an existing entry. Returns how many it added. */
export async function seedDemoContactRegister(db: Kysely<DB>, now: Date = new Date()): Promise<number> {
  const rows = Object.values(DEMO_CONTACTS).map((c) => ({
    national_id: c.nationalId,
    email: c.email,
    mobile: c.mobile,
    reserved: c.reserved,
    last_confirmed_at: new Date(now.getTime() - c.confirmedDaysAgo * 86_400_000),
  }))
  const inserted = await db
    .insertInto('contact_register_entry')
    .values(rows)
    .onConflict((oc) => oc.column('national_id').doNothing())
    .returning('national_id')
    .execute()
  return inserted.length
}
