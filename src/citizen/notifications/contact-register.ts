/**
 * The contact and reservation register (KRR-like) behind an interface: asked at every send, its answers never
 * written to Samband's own tables. The embedded default reads contact_register_entry, the local register's own
 * storage; a client for Digdir's KRR (Kontakt- og reservasjonsregisteret, oppslagstjenesten) fits the same interface.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { ContactDetails } from './notification-rules.ts'

export type ContactRegister = {
  /** One entry per national id the register knows; unknown ids are left out. Passive contacts are returned as they
   * are: deciding what counts as passive is the caller's rule (notification-rules.ts). */
  lookup(nationalIds: readonly string[]): Promise<ContactDetails[]>
}

/** KRR answers at most 1000 persons per lookup; the local register keeps to the same limit. */
export const MAX_LOOKUP = 1000

/**
 * The embedded register. Give it a Kysely handle that is not inside a transaction: the notification worker calls it
 * between transactions (on PGlite, with its single connection, a lookup from inside another transaction would wait
 * forever).
 */
export function createLocalContactRegister(db: Kysely<DB>): ContactRegister {
  return {
    async lookup(nationalIds) {
      if (nationalIds.length === 0) return []
      if (nationalIds.length > MAX_LOOKUP) throw new RangeError(`at most ${MAX_LOOKUP} national ids per lookup`)
      const rows = await db
        .selectFrom('contact_register_entry')
        .select(['national_id', 'email', 'mobile', 'reserved', 'last_confirmed_at'])
        .where('national_id', 'in', [...new Set(nationalIds)])
        .execute()
      return rows.map((r) => ({
        nationalId: r.national_id,
        ...(r.email ? { email: r.email } : {}),
        ...(r.mobile ? { mobile: r.mobile } : {}),
        reserved: r.reserved,
        lastConfirmedAt: new Date(r.last_confirmed_at),
      }))
    },
  }
}
