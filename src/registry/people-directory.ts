/** The registry's side of identity's PeopleDirectory port: people, staff and where staff may act. */
import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import type { DirectoryStaff, PeopleDirectory } from '../platform/identity/people-directory.ts'
import { findPersonById, findPersonByNationalId, findStaffByHpr, findStaffById, listDemoLoginUsers, listStaffMemberships } from './registry.repository.ts'
import type { Staff } from './registry.types.ts'

function toDirectoryStaff(staff: Staff | null): DirectoryStaff | null {
  return staff && { ...staff }
}

export function createPeopleDirectory(db: Kysely<DB>): PeopleDirectory {
  return {
    person: (id) => findPersonById(db, id),
    personByNationalId: (nationalId) => findPersonByNationalId(db, nationalId),
    staff: async (id) => toDirectoryStaff(await findStaffById(db, id)),
    staffByHpr: async (hprNumber) => toDirectoryStaff(await findStaffByHpr(db, hprNumber)),
    async activeMemberships(staffId, at) {
      const memberships = await listStaffMemberships(db, staffId, { activeAt: at })
      return memberships.map((m) => ({ serviceId: m.serviceId, organisationId: m.organisationId, roles: m.roles }))
    },
    async organisationByNumber(organisationNumber) {
      const row = await db.selectFrom('organisation').select(['id', 'name']).where('organisation_number', '=', organisationNumber).executeTakeFirst()
      return row ?? null
    },
    demoLoginUsers: () => listDemoLoginUsers(db),
  }
}
