/** SQL for the health-contacts page: the services a citizen receives, their primary contacts, the municipality's services. */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'

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

function servicesWithContactInfo(db: Kysely<DB>) {
  return db
    .selectFrom('service as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .leftJoin('service_contact_info as ci', 'ci.service_id', 's.id')
    .select([
      's.id',
      's.name',
      's.kind',
      's.sensitive_name as sensitiveName',
      'o.id as organisationId',
      'o.name as organisationName',
      'ci.phone',
      'ci.email',
      'ci.visiting_address as visitingAddress',
      'ci.postal_code as postalCode',
      'ci.city',
      'ci.opening_hours as openingHours',
      'ci.about',
    ])
}

function toServiceRow(r: Awaited<ReturnType<ReturnType<typeof servicesWithContactInfo>['execute']>>[number]): ServiceRow {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    phone: r.phone ?? null,
    email: r.email ?? null,
    visitingAddress: r.visitingAddress ?? null,
    postalCode: r.postalCode ?? null,
    city: r.city ?? null,
    openingHours: r.openingHours ?? null,
    about: r.about ?? null,
    sensitiveName: r.sensitiveName,
  }
}

/** The services the person has an active care relation with at `now`, by organisation and service name. */
export async function listReceivedServices(db: Kysely<DB>, personId: string, now: Date): Promise<ServiceRow[]> {
  const rows = await servicesWithContactInfo(db)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('care_relation as c')
          .select('c.id')
          .whereRef('c.service_id', '=', 's.id')
          .where('c.patient_person_id', '=', personId)
          .where('c.valid_from', '<=', now)
          .where((w) => w.or([w('c.valid_to', 'is', null), w('c.valid_to', '>', now)])),
      ),
    )
    .orderBy('o.name')
    .orderBy('s.name')
    .orderBy('s.id')
    .execute()
  return rows.map(toServiceRow)
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
    .selectFrom('primary_contact as pc')
    .innerJoin('staff as st', 'st.id', 'pc.staff_id')
    .innerJoin('service as s', 's.id', 'pc.service_id')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select([
      'st.given_name',
      'st.family_name',
      'st.profession',
      's.id as serviceId',
      's.name as serviceName',
      's.sensitive_name as serviceSensitiveName',
      'o.name as organisationName',
    ])
    .where('pc.patient_person_id', '=', personId)
    .where('pc.valid_from', '<=', now)
    .where((eb) => eb.or([eb('pc.valid_to', 'is', null), eb('pc.valid_to', '>', now)]))
    .orderBy('o.name')
    .orderBy('s.name')
    .orderBy('st.family_name')
    .execute()
  return rows.map((r) => ({
    name: `${r.given_name} ${r.family_name}`,
    profession: r.profession,
    serviceId: r.serviceId,
    serviceName: r.serviceName,
    organisationName: r.organisationName,
    serviceSensitiveName: r.serviceSensitiveName,
  }))
}

export type MunicipalityRow = { name: string; municipalityNumber: string; services: ServiceRow[] }

/** The municipality (the organisation of kind municipality with this number) and its services, by name. */
export async function findMunicipalityServices(db: Kysely<DB>, municipalityNumber: string): Promise<MunicipalityRow | null> {
  const municipality = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'municipality_number'])
    .where('kind', '=', 'municipality')
    .where('municipality_number', '=', municipalityNumber)
    .orderBy('name')
    .executeTakeFirst()
  if (!municipality) return null
  const rows = await servicesWithContactInfo(db).where('s.organisation_id', '=', municipality.id).orderBy('s.name').orderBy('s.id').execute()
  return { name: municipality.name, municipalityNumber, services: rows.map(toServiceRow) }
}

/** Staff with profession 'fastlege' and a membership valid at `now` in each of these services. */
export async function listGpsOfServices(
  db: Kysely<DB>,
  serviceIds: readonly string[],
  now: Date,
): Promise<Array<{ serviceId: string; staffId: string; name: string }>> {
  if (serviceIds.length === 0) return []
  const rows = await db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as st', 'st.id', 'm.staff_id')
    .select(['m.service_id', 'st.id', 'st.given_name', 'st.family_name'])
    .where('m.service_id', 'in', [...serviceIds])
    .where('st.profession', '=', 'fastlege')
    .where('m.valid_from', '<=', now)
    .where((eb) => eb.or([eb('m.valid_to', 'is', null), eb('m.valid_to', '>', now)]))
    .orderBy('st.family_name')
    .execute()
  return rows.map((r) => ({ serviceId: r.service_id, staffId: r.id, name: `${r.given_name} ${r.family_name}` }))
}

/** The person's municipality number, or null (unknown, or hidden by a confidential address). */
export async function findMunicipalityNumberOf(db: Kysely<DB>, personId: string): Promise<string | null> {
  const row = await db.selectFrom('person').select(['municipality_number', 'confidential_address']).where('id', '=', personId).executeTakeFirst()
  return row && !row.confidential_address ? row.municipality_number : null
}
