import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findServicesByIds } from '../../registry/index.ts'
import { type ServiceAvailability, serviceAvailability } from './digital-services.ts'
import type { DigitalService } from './digital-service.schemas.ts'

/** Whether each service is open for `digitalService` now; a service missing from the answer does not exist. */
export async function loadServiceAvailability(
  db: Kysely<DB>,
  serviceIds: readonly string[],
  digitalService: DigitalService,
  now: Date,
): Promise<Map<string, ServiceAvailability>> {
  const result = new Map<string, ServiceAvailability>()
  if (serviceIds.length === 0) return result
  const services = await findServicesByIds(db, serviceIds)
  if (services.size === 0) return result
  const activations = await db
    .selectFrom('digital_service_activation')
    .select(['service_id', 'activated_at'])
    .where('service_id', 'in', [...services.keys()])
    .where('digital_service', '=', digitalService)
    .where('deactivated_at', 'is', null)
    .execute()
  const terminations = await db
    .selectFrom('municipality_termination')
    .select(['organisation_id', 'ends_at'])
    .where('organisation_id', 'in', [...new Set([...services.values()].map((s) => s.organisationId))])
    .where('withdrawn_at', 'is', null)
    .execute()
  for (const service of services.values()) {
    const activatedAt = activations.find((a) => a.service_id === service.id)?.activated_at ?? null
    const terminationEndsAt = terminations.find((t) => t.organisation_id === service.organisationId)?.ends_at ?? null
    result.set(service.id, serviceAvailability({ activatedAt, terminationEndsAt, now }))
  }
  return result
}
