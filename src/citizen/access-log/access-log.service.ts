/** Innsyn i logg: who has accessed a citizen's information, for the citizen or someone with the access-log area. */
import type { Caller, UseCaseDeps } from '../../platform/access/access-gate.ts'
import { listAccessesToPerson } from '../../platform/audit/audit-log.repository.ts'
import { findNames } from '../../registry/index.ts'
import type { AccessLog } from './access-log.schemas.ts'

export function accessLogOf(deps: UseCaseDeps, caller: Caller, personId: string): Promise<AccessLog> {
  return deps.gate.run(
    caller,
    { action: 'citizen-data:read', subjectPersonId: personId, area: 'access-log' },
    { resourceType: 'access-log', resourceId: personId, patientPersonId: personId },
    async (trx) => {
      const items = await listAccessesToPerson(trx, personId)
      const names = await findNames(trx, {
        organisationIds: items.flatMap((i) => (i.organisationId ? [i.organisationId] : [])),
        serviceIds: items.flatMap((i) => (i.serviceId ? [i.serviceId] : [])),
      })
      const named = (id: string | null, from: Map<string, string>) => {
        const name = id ? from.get(id) : undefined
        return name ? { name } : null
      }
      return {
        items: items.map((i) => ({
          at: i.at.toISOString(),
          organisation: named(i.organisationId, names.organisations),
          service: named(i.serviceId, names.services),
          actorName: i.actorName,
          actorRole: i.actorRole,
          action: i.action,
          resourceType: i.resourceType,
          emergency: i.emergency,
        })),
      }
    },
  )
}
