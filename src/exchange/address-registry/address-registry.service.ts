/** The address registry's use cases: search and look up communication parties (for health personnel and their systems). */
import type { Caller, UseCaseDeps } from '../../platform/access/access-gate.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { Party, PartyList, PartySearchQuery } from '../portal/exchange-portal.schemas.ts'
import { partyView } from '../portal/portal-views.ts'
import { findParties, findParty, searchParties } from './address-registry.repository.ts'

const FOR_PROFESSIONALS = 'Adresseregisteret er for helsepersonell og fagsystemer.'
const refusal = () => new AppError('forbidden', FOR_PROFESSIONALS)

export function createAddressRegistry(deps: UseCaseDeps) {
  return {
    search(caller: Caller, query: PartySearchQuery): Promise<PartyList> {
      const { q, receives, limit, offset } = query
      return deps.gate.run(
        caller,
        { action: 'address-registry:read' },
        { resourceType: 'communication_party', resourceId: null },
        async (trx) => {
          const found = await searchParties(trx, { query: q ?? '', limit, offset, ...(receives ? { receives } : {}) })
          // The search gives the parties; their processes and parents' names come in one more round trip.
          const full = await findParties(
            trx,
            found.items.map((p) => p.herId),
          )
          return {
            items: found.items.map((p) => partyView(full.get(p.herId) ?? { ...p, processes: [], parentName: null })),
            total: found.total,
            limit,
            offset,
          }
        },
        { refusal },
      )
    },

    party(caller: Caller, herId: number): Promise<Party> {
      return deps.gate.run(
        caller,
        { action: 'address-registry:read' },
        { resourceType: 'communication_party', resourceId: String(herId) },
        async (trx) => {
          const party = await findParty(trx, herId)
          if (!party) throw new AppError('not-found', 'Kommunikasjonsparten finnes ikke i adresseregisteret.')
          return partyView(party)
        },
        { refusal },
      )
    },
  }
}
