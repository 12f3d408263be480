/**
 * How the portal names a communication party: its own name and the organisation it belongs to ("Hjemmesykepleien",
 * "Tønsberg kommune"), found by walking up the address registry. A HER-id the registry does not know still gets a
 * name ("HER-id 123"), so a message from an unknown sender can be shown.
 */
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findParties } from '../address-registry/address-registry.repository.ts'
import type { PartyWithProcesses } from '../address-registry/address-registry.types.ts'

export type PartyName = { herId: number; name: string; organisationName: string | null; known: boolean }

/** Parents are followed this far; the registry's hierarchies are organisation → service → person. */
const MAX_DEPTH = 4

export async function partyNames(db: Kysely<DB> | Transaction<DB>, herIds: Iterable<number>): Promise<Map<number, PartyName>> {
  const wanted = [...new Set(herIds)]
  const known = new Map<number, PartyWithProcesses>()
  let next = wanted
  for (let depth = 0; depth <= MAX_DEPTH && next.length > 0; depth++) {
    const found = await findParties(db, next)
    for (const [herId, party] of found) known.set(herId, party)
    next = [...found.values()].map((p) => p.parentHerId).filter((h): h is number => h !== null && !known.has(h))
  }
  const result = new Map<number, PartyName>()
  for (const herId of wanted) {
    const party = known.get(herId)
    if (!party) {
      result.set(herId, { herId, name: `HER-id ${herId}`, organisationName: null, known: false })
      continue
    }
    result.set(herId, { herId, name: party.name, organisationName: party.kind === 'organisation' ? null : nearestOrganisation(party, known), known: true })
  }
  return result
}

function nearestOrganisation(party: PartyWithProcesses, known: ReadonlyMap<number, PartyWithProcesses>): string | null {
  let parentId = party.parentHerId
  for (let depth = 0; parentId !== null && depth < MAX_DEPTH; depth++) {
    const parent = known.get(parentId)
    if (!parent) return null
    if (parent.kind === 'organisation') return parent.name
    parentId = parent.parentHerId
  }
  return null
}

export function nameOf(names: ReadonlyMap<number, PartyName>, herId: number): PartyName {
  return names.get(herId) ?? { herId, name: `HER-id ${herId}`, organisationName: null, known: false }
}
