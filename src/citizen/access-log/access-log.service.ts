/** Innsyn i logg: who has accessed a citizen's information, for the citizen or someone with the access-log area. */
import { type Caller, NO_ACCESS, type UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { DenyCode } from '../../platform/access/access.types.ts'
import { listAccessGroups } from '../../platform/audit/audit-log.repository.ts'
import { AppError } from '../../platform/http/errors.ts'
import { findNames } from '../../registry/index.ts'
import { accessRole } from './access-log.rules.ts'
import type { AccessLog, AccessLogQuery } from './access-log.schemas.ts'

/**
 * Someone who acts for the person in other areas hears why this log is not theirs to see (they know the relation
 * already); anyone else gets the plain refusal.
 */
export function accessLogRefusal(code: DenyCode): AppError {
  if (code === 'area-not-covered') return new AppError('forbidden', 'Du handler på vegne av denne personen, men fullmakten din omfatter ikke innsynsloggen.')
  if (code === 'reduced-parental-rights')
    return new AppError('forbidden', 'Som forelder til et barn mellom 12 og 16 år kan du ikke se innsynsloggen til barnet.')
  return new AppError('forbidden', NO_ACCESS)
}

export function accessLogOf(deps: UseCaseDeps, caller: Caller, personId: string, query: AccessLogQuery): Promise<AccessLog> {
  return deps.gate.run(
    caller,
    { action: 'citizen-data:read', subjectPersonId: personId, area: 'access-log' },
    { resourceType: 'access-log', resourceId: personId, patientPersonId: personId },
    async (trx) => {
      const page = await listAccessGroups(trx, personId, {
        from: query.from ?? null,
        to: query.to ?? null,
        organisationId: query.organisationId ?? null,
        offset: query.offset,
        limit: query.limit,
      })
      const names = await findNames(trx, {
        organisationIds: [...page.organisationIds, ...page.items.flatMap((i) => (i.organisationId ? [i.organisationId] : []))],
        serviceIds: page.items.flatMap((i) => (i.serviceId ? [i.serviceId] : [])),
      })
      const organisation = (id: string | null) => {
        const name = id ? names.organisations.get(id) : undefined
        return id && name ? { id, name } : null
      }
      const service = (id: string | null) => {
        const name = id ? names.services.get(id) : undefined
        return name ? { name } : null
      }
      return {
        items: page.items.map((g) => ({
          day: g.day,
          lastAt: g.lastAt.toISOString(),
          count: g.count,
          organisation: organisation(g.organisationId),
          service: service(g.serviceId),
          actorName: g.actorName,
          actorRole: g.actorRole,
          role: accessRole(g.actorType, g.decision, g.basis),
          seen: g.resourceTypes,
          refused: g.decision === 'denied',
          emergency: g.emergency,
        })),
        total: page.total,
        offset: query.offset,
        limit: query.limit,
        organisations: page.organisationIds.flatMap((id) => organisation(id) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'nb')),
      }
    },
    { refusal: accessLogRefusal },
  )
}
