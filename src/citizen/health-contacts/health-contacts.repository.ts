/** SQL for the health-contacts page: the services a citizen receives, their primary contacts, the municipality's services. */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import {
  findMunicipality,
  findPersonById,
  findServicesWithOrganisation,
  findStaffByIds,
  listCareServiceIds,
  listServicesOf,
  listStaffOfServices,
} from '../../registry/index.ts'

/** Norwegian alphabetical order (Æ, Ø, Å last), as people read lists. */
const NAME_ORDER = new Intl.Collator('nb', { sensitivity: 'base' })

/** A service with its organisation and what citizens need to reach it (all null when no contact info is registered). */
export type ServiceRow = {
  id: string
  name: string
  kind: string
  organisationId: string
  organisationName: string
  phone: string | null
  email: string | null
  visitingAddress: string | null
  postalCode: string | null
  city: string | null
  openingHours: string | null
  about: string | null
  /** The service's name itself says too much (e.g. a drug and alcohol service). */
  sensitiveName: boolean
}

type RegistryService = { id: string; name: string; kind: string; organisationId: string; organisationName: string; sensitiveName: boolean }

/** The services with what citizens need to reach them, in the order given; the contact details are this module's. */
async function withContactInfo(db: Kysely<DB>, services: readonly RegistryService[]): Promise<ServiceRow[]> {
  if (services.length === 0) return []
  const info = await db
    .selectFrom('service_contact_info')
    .selectAll()
    .where(
      'service_id',
      'in',
      services.map((s) => s.id),
    )
    .execute()
  return services.map((s) => {
    const ci = info.find((i) => i.service_id === s.id)
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      organisationId: s.organisationId,
      organisationName: s.organisationName,
      phone: ci?.phone ?? null,
      email: ci?.email ?? null,
      visitingAddress: ci?.visiting_address ?? null,
      postalCode: ci?.postal_code ?? null,
      city: ci?.city ?? null,
      openingHours: ci?.opening_hours ?? null,
      about: ci?.about ?? null,
      sensitiveName: s.sensitiveName,
    }
  })
}

const byOrganisationAndName = (a: RegistryService, b: RegistryService) =>
  NAME_ORDER.compare(a.organisationName, b.organisationName) || NAME_ORDER.compare(a.name, b.name) || a.id.localeCompare(b.id)

/** The services the person has an active care relation with at `now`, by organisation and service name. */
export async function listReceivedServices(db: Kysely<DB>, personId: string, now: Date): Promise<ServiceRow[]> {
  const services = await findServicesWithOrganisation(db, await listCareServiceIds(db, personId, now))
  return withContactInfo(db, [...services.values()].sort(byOrganisationAndName))
}

export type PrimaryContactRow = {
  name: string
  profession: string | null
  serviceId: string
  serviceName: string
  organisationName: string
  /** The service's name itself says too much. */
  serviceSensitiveName: boolean
}

/** The person's primary contacts valid at `now`. */
export async function listPrimaryContacts(db: Kysely<DB>, personId: string, now: Date): Promise<PrimaryContactRow[]> {
  const rows = await db
    .selectFrom('primary_contact')
    .select(['staff_id', 'service_id'])
    .where('patient_person_id', '=', personId)
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .execute()
  const staff = await findStaffByIds(
    db,
    rows.map((r) => r.staff_id),
  )
  const services = await findServicesWithOrganisation(
    db,
    rows.map((r) => r.service_id),
  )
  return rows
    .flatMap((r) => {
      const person = staff.get(r.staff_id)
      const service = services.get(r.service_id)
      return person && service ? [{ person, service }] : []
    })
    .sort((a, b) => byOrganisationAndName(a.service, b.service) || NAME_ORDER.compare(a.person.familyName, b.person.familyName))
    .map(({ person, service }) => ({
      name: `${person.givenName} ${person.familyName}`,
      profession: person.profession,
      serviceId: service.id,
      serviceName: service.name,
      organisationName: service.organisationName,
      serviceSensitiveName: service.sensitiveName,
    }))
}

export type MunicipalityRow = { name: string; municipalityNumber: string; services: ServiceRow[] }

/** The municipality (the organisation of kind municipality with this number) and its services, by name. */
export async function findMunicipalityServices(db: Kysely<DB>, municipalityNumber: string): Promise<MunicipalityRow | null> {
  const municipality = await findMunicipality(db, municipalityNumber)
  if (!municipality) return null
  const services = (await listServicesOf(db, [municipality.id])).map((s) => ({ ...s, organisationName: municipality.name }))
  return { name: municipality.name, municipalityNumber, services: await withContactInfo(db, services) }
}

/** Staff with profession 'fastlege' and a membership valid at `now` in each of these services. */
export async function listGpsOfServices(
  db: Kysely<DB>,
  serviceIds: readonly string[],
  now: Date,
): Promise<Array<{ serviceId: string; staffId: string; name: string }>> {
  const gps = await listStaffOfServices(db, serviceIds, now, { profession: 'fastlege' })
  return gps.map((g) => ({ serviceId: g.serviceId, staffId: g.staff.id, name: `${g.staff.givenName} ${g.staff.familyName}` }))
}

/** The person's municipality number, or null (unknown, or hidden by a confidential address). */
export async function findMunicipalityNumberOf(db: Kysely<DB>, personId: string): Promise<string | null> {
  const person = await findPersonById(db, personId)
  return person && !person.confidentialAddress ? person.municipalityNumber : null
}
