/**
 * The registry module's public face: organisations, services, people, staff and their relations. Other modules and
 * the composition root import only this file.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import type { RouteContext, RouteRegistration } from '../platform/http/route-context.ts'
import { seedVestfoldDemo } from './demo/vestfold-demo.ts'
import { registryRoutes } from './registry.routes.ts'
import { createRegistryService } from './registry.service.ts'

export {
  DEMO,
  DEMO_CARE_RELATIONS,
  DEMO_NOW,
  DEMO_FULLMAKTER,
  DEMO_ORGANISATIONS,
  DEMO_PARENTAL_RELATIONS,
  DEMO_PEOPLE,
  DEMO_SERVICES,
  DEMO_STAFF,
  DEMO_STAFF_MEMBERSHIPS,
  DEMO_VALID_FROM,
} from './demo/vestfold-demo.ts'
export { createPeopleDirectory } from './people-directory.ts'
export {
  findMunicipality,
  findNames,
  findOrganisationById,
  findPersonById,
  findPersonByNationalId,
  findPersonsByIds,
  findServiceById,
  findServicesByIds,
  findServicesWithOrganisation,
  findStaffById,
  findStaffByIds,
  listCareServiceIds,
  listCurrentPatients,
  listOrganisationsOfKind,
  listServicesOf,
  listStaffOfServices,
  loadPeopleFacts,
} from './registry.repository.ts'

export function registryModuleRoutes(ctx: RouteContext): RouteRegistration[] {
  const registry = createRegistryService(ctx)
  return [{ plugin: (app) => registryRoutes(app, { ctx, registry }) }]
}

/** The Vestfold demo's organisations, services, people, staff and relations (idempotent). */
export function seedRegistryDemo(db: Kysely<DB>): Promise<{ inserted: boolean }> {
  return seedVestfoldDemo(db)
}

/** Every organisation's number and name, for seeding one demo EPJ client each. */
export async function listOrganisationNames(db: Kysely<DB>): Promise<{ organisationNumber: string; name: string }[]> {
  return db.selectFrom('organisation').select(['organisation_number as organisationNumber', 'name']).orderBy('organisation_number').execute()
}
