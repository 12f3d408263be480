/** A thread's two parties, as the registry knows them: the citizen it is about and the service it is with. */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findPersonsByIds, findServicesWithOrganisation } from '../../registry/index.ts'

type PartyRefs = { service_id: string; citizen_person_id: string }
type Service = NonNullable<Awaited<ReturnType<typeof findServicesWithOrganisation>> extends Map<string, infer S> ? S : never>
type Citizen = NonNullable<Awaited<ReturnType<typeof findPersonsByIds>> extends Map<string, infer P> ? P : never>

/** Each row with its service and citizen (one registry query each, whatever the number of rows); rows without are left out. */
export async function withParties<R extends PartyRefs>(db: Kysely<DB>, rows: readonly R[]): Promise<{ row: R; service: Service; citizen: Citizen }[]> {
  const services = await findServicesWithOrganisation(
    db,
    rows.map((r) => r.service_id),
  )
  const citizens = await findPersonsByIds(
    db,
    rows.map((r) => r.citizen_person_id),
  )
  return rows.flatMap((row) => {
    const service = services.get(row.service_id)
    const citizen = citizens.get(row.citizen_person_id)
    return service && citizen ? [{ row, service, citizen }] : []
  })
}
