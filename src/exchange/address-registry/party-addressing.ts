/**
 * MsgHead addressing from the address registry (HIS 1153 service-based addressing): the organisation at the top
 * with its HER-id and organisation number, the service below it, and a person-in-role at the bottom.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { Ident, Organisation } from '../messages/msg-head.types.ts'
import { volvenOid } from '../messages/namespaces.ts'
import { findParties } from './address-registry.repository.ts'
import type { CommunicationParty } from './address-registry.types.ts'

const HER = (id: number): Ident => ({ id: String(id), typeId: { v: 'HER', dn: 'HER-id', s: volvenOid(9051) } })
const ENH = (orgnr: string): Ident => ({ id: orgnr, typeId: { v: 'ENH', dn: 'Organisasjonsnummeret i Enhetsregisteret', s: volvenOid(9051) } })
const HPR = (hpr: string): Ident => ({ id: hpr, typeId: { v: 'HPR', dn: 'HPR-nummer', s: volvenOid(8116) } })

/** `chain` runs from the top organisation down to the addressed party. */
export function organisationFromChain(chain: readonly CommunicationParty[]): Organisation {
  const top = chain[0]
  if (!top) throw new Error('organisationFromChain: empty chain')
  const orgs = chain.filter((p) => p.kind !== 'person')
  const person = chain.find((p) => p.kind === 'person')
  const build = (index: number): Organisation => {
    const p = orgs[index] as CommunicationParty
    const idents = [HER(p.herId), ...(index === 0 && p.organisationNumber ? [ENH(p.organisationNumber)] : [])]
    const below = index + 1 < orgs.length ? build(index + 1) : undefined
    return {
      organisationName: p.name,
      idents,
      ...(below && { organisation: below }),
      ...(!below &&
        person && {
          healthcareProfessional: {
            ...splitName(person.name),
            idents: [HER(person.herId), ...(person.hprNumber ? [HPR(person.hprNumber)] : [])],
          },
        }),
    }
  }
  return build(0)
}

function splitName(name: string): { givenName: string; familyName: string } {
  const parts = name.trim().split(/\s+/)
  const familyName = parts.pop() ?? name
  return { givenName: parts.join(' ') || familyName, familyName }
}

/** The addressing of a party as MsgHead wants it, or null when the HER-id is unknown. */
export async function addressingFor(db: Kysely<DB>, herId: number): Promise<Organisation | null> {
  const chain: CommunicationParty[] = []
  let next: number | null = herId
  for (let depth = 0; next !== null && depth < 5; depth++) {
    const party = (await findParties(db, [next])).get(next)
    if (!party) return chain.length === 0 ? null : organisationFromChain(chain)
    chain.unshift(party)
    next = party.parentHerId
  }
  return organisationFromChain(chain)
}
