/** Whom a citizen thread can be given to: health personnel of the same service now (the only staff who may open it). */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { createPeopleDirectory, listStaffOfServices } from '../../registry/index.ts'

export type Colleague = { staffId: string; name: string; profession: string | null }

export async function assignableStaff(db: Kysely<DB>, serviceId: string, now: Date): Promise<Colleague[]> {
  const members = await listStaffOfServices(db, [serviceId], now)
  const directory = createPeopleDirectory(db)
  const result: Colleague[] = []
  for (const { staff } of members) {
    const memberships = await directory.activeMemberships(staff.id, now)
    if (!memberships.some((m) => m.serviceId === serviceId && m.roles.includes('health_personnel'))) continue
    result.push({ staffId: staff.id, name: `${staff.givenName} ${staff.familyName}`, profession: staff.profession })
  }
  return result
}
