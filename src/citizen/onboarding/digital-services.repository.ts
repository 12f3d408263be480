import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { type DigitalService, type ServiceAvailability, serviceAvailability } from './digital-services.ts'

/** Whether each service is open for `digitalService` now; a service missing from the answer does not exist. */
export async function loadServiceAvailability(
  db: Kysely<DB>,
  serviceIds: readonly string[],
  digitalService: DigitalService,
  now: Date,
): Promise<Map<string, ServiceAvailability>> {
  const result = new Map<string, ServiceAvailability>()
  if (serviceIds.length === 0) return result
  const rows = await db
    .selectFrom('service as s')
    .leftJoin('digital_service_activation as a', (join) =>
      join.onRef('a.service_id', '=', 's.id').on('a.digital_service', '=', digitalService).on('a.deactivated_at', 'is', null),
    )
    .leftJoin('municipality_termination as t', (join) => join.onRef('t.organisation_id', '=', 's.organisation_id').on('t.withdrawn_at', 'is', null))
    .select(['s.id', 'a.activated_at', 't.ends_at'])
    .where('s.id', 'in', [...new Set(serviceIds)])
    .execute()
  for (const row of rows) {
    result.set(row.id, serviceAvailability({ activatedAt: row.activated_at ?? null, terminationEndsAt: row.ends_at ?? null, now }))
  }
  return result
}
