// Registry queries: organisations, services, people, staff, and the facts the access policy needs.
// SQL only; every function takes the database handle (db or trx) first, and runs its queries one
// after another so that it also works on a transaction's single connection.
import { type Kysely, sql } from 'kysely'
import type { AccessFacts, ParentalRelation, PersonFacts } from '../platform/access/access.types.ts'
import type { DB } from '../platform/db/schema.ts'
import { osloDate } from '../platform/time/oslo-time.ts'
import type { DemoLoginUsers } from '../platform/identity/people-directory.ts'
import { normaliseOrganisationNumber } from '../platform/identifiers/organisation-number.ts'
import {
  fullName,
  type Organisation,
  type OrganisationPage,
  type Person,
  type Service,
  type Staff,
  type StaffMembershipDetails,
  toCareRelation,
  toOrganisation,
  toParentalRelation,
  toPerson,
  toPersonFacts,
  toService,
  toStaff,
  toStaffRoles,
} from './registry.types.ts'

export async function findPersonById(db: Kysely<DB>, id: string): Promise<Person | null> {
  const row = await db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst()
  return row === undefined ? null : toPerson(row)
}

export async function findPersonByNationalId(db: Kysely<DB>, nationalId: string): Promise<Person | null> {
  const row = await db.selectFrom('person').selectAll().where('national_id', '=', nationalId).executeTakeFirst()
  return row === undefined ? null : toPerson(row)
}

/** People by id, for names and birth dates; ids that match nobody are absent. */
export async function findPersonsByIds(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, Person>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('person')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((r) => [r.id, toPerson(r)]))
}

/** Staff by id, for names and professions; ids that match nobody are absent. */
export async function findStaffByIds(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, Staff>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('staff')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((r) => [r.id, toStaff(r)]))
}

export async function findStaffById(db: Kysely<DB>, id: string): Promise<Staff | null> {
  const row = await db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst()
  return row === undefined ? null : toStaff(row)
}

export async function findStaffByHpr(db: Kysely<DB>, hprNumber: string): Promise<Staff | null> {
  const row = await db.selectFrom('staff').selectAll().where('hpr_number', '=', hprNumber).executeTakeFirst()
  return row === undefined ? null : toStaff(row)
}

export async function findOrganisationById(db: Kysely<DB>, id: string): Promise<Organisation | null> {
  const row = await db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst()
  return row === undefined ? null : toOrganisation(row)
}

export async function findServiceById(db: Kysely<DB>, id: string): Promise<Service | null> {
  const row = await db.selectFrom('service').selectAll().where('id', '=', id).executeTakeFirst()
  return row === undefined ? null : toService(row)
}

/** Display names of organisations and services by id (for logs and lists kept by other modules). */
export async function findNames(db: Kysely<DB>, ids: { organisationIds: readonly string[]; serviceIds: readonly string[] }) {
  const organisationIds = [...new Set(ids.organisationIds)]
  const serviceIds = [...new Set(ids.serviceIds)]
  const organisations =
    organisationIds.length === 0 ? [] : await db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', organisationIds).execute()
  const services = serviceIds.length === 0 ? [] : await db.selectFrom('service').select(['id', 'name']).where('id', 'in', serviceIds).execute()
  return { organisations: new Map(organisations.map((o) => [o.id, o.name])), services: new Map(services.map((s) => [s.id, s.name])) }
}

/** Services by id with their organisation's name, for lists kept by other modules; ids that match none are absent. */
export async function findServicesWithOrganisation(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, Service & { organisationName: string }>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('service as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .selectAll('s')
    .select('o.name as organisation_name')
    .where('s.id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((r) => [r.id, { ...toService(r), organisationName: r.organisation_name }]))
}

/** The services a person has a care relation with at `now`. */
export async function listCareServiceIds(db: Kysely<DB>, personId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('care_relation')
    .select('service_id')
    .distinct()
    .where('patient_person_id', '=', personId)
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .execute()
  return rows.map((r) => r.service_id)
}

/** Services by id; ids that match none are absent. */
export async function findServicesByIds(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, Service>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('service')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((r) => [r.id, toService(r)]))
}

/** The municipality with this municipality number (the first by name, should there be two). */
export async function findMunicipality(db: Kysely<DB>, municipalityNumber: string): Promise<Organisation | null> {
  const row = await db
    .selectFrom('organisation')
    .selectAll()
    .where('kind', '=', 'municipality')
    .where('municipality_number', '=', municipalityNumber)
    .orderBy('name')
    .executeTakeFirst()
  return row === undefined ? null : toOrganisation(row)
}

/** Staff with a membership valid at `now` in each of these services, optionally of one profession, by family name. */
export async function listStaffOfServices(
  db: Kysely<DB>,
  serviceIds: readonly string[],
  now: Date,
  options: { profession?: string } = {},
): Promise<Array<{ serviceId: string; staff: Staff }>> {
  if (serviceIds.length === 0) return []
  let query = db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as st', 'st.id', 'm.staff_id')
    .selectAll('st')
    .select('m.service_id')
    .where('m.service_id', 'in', [...serviceIds])
    .where('m.valid_from', '<=', now)
    .where((eb) => eb.or([eb('m.valid_to', 'is', null), eb('m.valid_to', '>', now)]))
  if (options.profession !== undefined) query = query.where('st.profession', '=', options.profession)
  const rows = await query.orderBy('st.family_name').execute()
  return rows.map((r) => ({ serviceId: r.service_id, staff: toStaff(r) }))
}

/** Organisations of one kind (e.g. the municipalities), all or one, by name. */
export async function listOrganisationsOfKind(db: Kysely<DB>, kind: Organisation['kind'], onlyId?: string): Promise<Organisation[]> {
  let query = db.selectFrom('organisation').selectAll().where('kind', '=', kind)
  if (onlyId !== undefined) query = query.where('id', '=', onlyId)
  return (await query.orderBy('name').orderBy('id').execute()).map(toOrganisation)
}

/** The services of these organisations, by name. */
export async function listServicesOf(db: Kysely<DB>, organisationIds: readonly string[]): Promise<Service[]> {
  if (organisationIds.length === 0) return []
  const rows = await db
    .selectFrom('service')
    .selectAll()
    .where('organisation_id', 'in', [...new Set(organisationIds)])
    .orderBy('name')
    .orderBy('id')
    .execute()
  return rows.map(toService)
}

/** An organisation's services, by name. */
export async function listServices(db: Kysely<DB>, organisationId: string): Promise<Service[]> {
  const rows = await db.selectFrom('service').selectAll().where('organisation_id', '=', organisationId).orderBy('name').orderBy('id').execute()
  return rows.map(toService)
}

export type ListOrganisationsOptions = {
  /** Part of the name (any case), an organisation number (spaces allowed), or a HER-id. */
  query?: string
  limit: number
  offset: number
}

/**
 * Organisations by name, with the total for paging. A number query also finds the organisation
 * by its own HER-id or a service's, because messages are addressed to services.
 */
export async function listOrganisations(db: Kysely<DB>, options: ListOrganisationsOptions): Promise<OrganisationPage> {
  const query = options.query?.trim() ?? ''
  let base = db.selectFrom('organisation')
  if (query !== '') {
    const digits = normaliseOrganisationNumber(query)
    const herId = /^\d{1,9}$/.test(digits) ? Number(digits) : null
    // Escape LIKE's wildcards so a user's "%" or "_" is matched literally.
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    base = base.where((eb) =>
      eb.or([
        eb('organisation.name', 'ilike', pattern),
        eb('organisation.organisation_number', '=', digits),
        ...(herId === null
          ? []
          : [
              eb('organisation.her_id', '=', herId),
              eb.exists(
                eb
                  .selectFrom('service')
                  .select(sql.lit(1).as('one'))
                  .whereRef('service.organisation_id', '=', 'organisation.id')
                  .where('service.her_id', '=', herId),
              ),
            ]),
      ]),
    )
  }
  const rows = await base.selectAll().orderBy('name').orderBy('id').limit(options.limit).offset(options.offset).execute()
  const count = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
  return { items: rows.map(toOrganisation), total: Number(count.total) }
}

/** Living people with a care relation, current at `now`, to one of these services of the organisation. */
export async function listCurrentPatients(db: Kysely<DB>, of: { organisationId: string; serviceIds: readonly string[] }, now: Date): Promise<string[]> {
  if (of.serviceIds.length === 0) return []
  const rows = await db
    .selectFrom('care_relation as c')
    .innerJoin('service as s', 's.id', 'c.service_id')
    .innerJoin('person as p', 'p.id', 'c.patient_person_id')
    .select('c.patient_person_id')
    .distinct()
    .where('s.organisation_id', '=', of.organisationId)
    .where('c.service_id', 'in', [...of.serviceIds])
    .where('c.valid_from', '<=', now)
    .where((eb) => eb.or([eb('c.valid_to', 'is', null), eb('c.valid_to', '>', now)]))
    .where('p.deceased_at', 'is', null)
    .execute()
  return rows.map((r) => r.patient_person_id)
}

/** Everyone working in an organisation, one row per service they are a member of, by family name. */
export async function listOrganisationStaff(db: Kysely<DB>, organisationId: string) {
  const rows = await db
    .selectFrom('staff_membership as m')
    .innerJoin('service as s', 's.id', 'm.service_id')
    .innerJoin('staff as p', 'p.id', 'm.staff_id')
    .select(['p.id as staffId', 'p.given_name', 'p.family_name', 'p.hpr_number', 's.id as serviceId', 's.name as serviceName', 'm.roles'])
    .where('s.organisation_id', '=', organisationId)
    .orderBy('p.family_name')
    .execute()
  return rows.map((r) => ({
    staffId: r.staffId,
    name: fullName({ givenName: r.given_name, familyName: r.family_name }),
    hprNumber: r.hpr_number,
    serviceId: r.serviceId,
    serviceName: r.serviceName,
    roles: r.roles,
  }))
}

export type ListStaffMembershipsOptions = {
  /** Only memberships valid at this instant (valid_from ≤ at < valid_to). Default: all. */
  activeAt?: Date
}

/** Where a staff member works, by organisation name and service name. */
export async function listStaffMemberships(db: Kysely<DB>, staffId: string, options: ListStaffMembershipsOptions = {}): Promise<StaffMembershipDetails[]> {
  let query = db
    .selectFrom('staff_membership as m')
    .innerJoin('service as s', 's.id', 'm.service_id')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select([
      'm.staff_id',
      'm.service_id',
      'm.roles',
      'm.valid_from',
      'm.valid_to',
      's.name as service_name',
      's.kind as service_kind',
      's.her_id as service_her_id',
      'o.id as organisation_id',
      'o.name as organisation_name',
      'o.organisation_number',
      'o.her_id as organisation_her_id',
    ])
    .where('m.staff_id', '=', staffId)
  const at = options.activeAt
  if (at !== undefined) {
    query = query.where('m.valid_from', '<=', at).where((eb) => eb.or([eb('m.valid_to', 'is', null), eb('m.valid_to', '>', at)]))
  }
  const rows = await query.orderBy('o.name').orderBy('s.name').orderBy('m.service_id').execute()
  return rows.map((r) => ({
    staffId: r.staff_id,
    serviceId: r.service_id,
    roles: toStaffRoles(r.roles),
    validFrom: r.valid_from,
    validTo: r.valid_to,
    serviceName: r.service_name,
    serviceKind: r.service_kind,
    serviceHerId: r.service_her_id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    organisationNumber: r.organisation_number,
    organisationHerId: r.organisation_her_id,
  }))
}

/** The facts about people the access policy needs; fullmakter are the citizen module's (the root joins the two). */
export type PeopleFacts = Omit<AccessFacts, 'fullmakter'>

/**
 * The facts the access policy needs about `subjects`: the people themselves and everyone directly related to them by
 * parenthood, plus `alsoPersons` (e.g. the other party of a fullmakt), with their care relations. A child's other
 * parents come along too, since whether any parent lives with the child decides what each parent may do. Relations
 * are loaded whatever their validity: the policy judges that against `now` and can then say why. Ids that match no
 * person are simply absent, which the policy denies.
 */
export async function loadPeopleFacts(db: Kysely<DB>, subjects: readonly string[], alsoPersons: readonly string[], now: Date): Promise<PeopleFacts> {
  const ids = [...new Set(subjects)]
  if (ids.length === 0 && alsoPersons.length === 0) return { now, persons: {}, parentalRelations: [], careRelations: [] }

  const directParental =
    ids.length === 0
      ? []
      : await db
          .selectFrom('parental_relation')
          .selectAll()
          .where((eb) => eb.or([eb('parent_person_id', 'in', ids), eb('child_person_id', 'in', ids)]))
          .execute()
  const childIds = [...new Set(directParental.map((r) => r.child_person_id))]
  const coParental = childIds.length === 0 ? [] : await db.selectFrom('parental_relation').selectAll().where('child_person_id', 'in', childIds).execute()

  const parentalByKey = new Map<string, ParentalRelation>()
  for (const row of [...directParental, ...coParental]) {
    parentalByKey.set(`${row.parent_person_id}|${row.child_person_id}`, toParentalRelation(row))
  }
  const parentalRelations = [...parentalByKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r)

  const everyone = new Set<string>([...ids, ...alsoPersons])
  for (const r of parentalRelations) everyone.add(r.parentPersonId).add(r.childPersonId)
  const everyoneIds = [...everyone]

  const personRows = await db.selectFrom('person').selectAll().where('id', 'in', everyoneIds).execute()
  const careRows = await db
    .selectFrom('care_relation as c')
    .innerJoin('service as s', 's.id', 'c.service_id')
    .select(['c.patient_person_id', 'c.service_id', 's.organisation_id', 'c.valid_from', 'c.valid_to'])
    .where('c.patient_person_id', 'in', everyoneIds)
    .orderBy('c.patient_person_id')
    .orderBy('c.valid_from')
    .orderBy('c.id')
    .execute()

  // Dates of death are registered as Oslo dates.
  const today = osloDate(now)
  const persons: Record<string, PersonFacts> = {}
  for (const row of personRows) persons[row.id] = toPersonFacts(row, today)

  return { now, persons, parentalRelations, careRelations: careRows.map(toCareRelation) }
}

const NAME_ORDER = new Intl.Collator('nb', { sensitivity: 'base' })

/**
 * Everyone the demo login page offers, by name in Norwegian order (Æ, Ø, Å last). Only for the
 * embedded identity provider in development and demos: it lists national ids.
 */
export async function listDemoLoginUsers(db: Kysely<DB>): Promise<DemoLoginUsers> {
  const personRows = await db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'national_id', 'birth_date'])
    .where('deceased_at', 'is', null)
    .execute()
  const staffRows = await db.selectFrom('staff').select(['id', 'given_name', 'family_name', 'hpr_number', 'is_platform_operator']).execute()
  // In listStaffMemberships' order, so "first" means the same in both places.
  const membershipRows = await db
    .selectFrom('staff_membership as m')
    .innerJoin('service as s', 's.id', 'm.service_id')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select(['m.staff_id', 'o.name as organisation_name', 's.name as service_name'])
    .orderBy('m.staff_id')
    .orderBy('o.name')
    .orderBy('s.name')
    .orderBy('m.service_id')
    .execute()
  const firstMembership = new Map<string, { organisationName: string; serviceName: string }>()
  for (const m of membershipRows) {
    if (!firstMembership.has(m.staff_id)) {
      firstMembership.set(m.staff_id, { organisationName: m.organisation_name, serviceName: m.service_name })
    }
  }

  const byName = <T extends { name: string; id: string }>(a: T, b: T): number => NAME_ORDER.compare(a.name, b.name) || a.id.localeCompare(b.id)

  const citizens = personRows
    .map((r) => ({
      id: r.id,
      name: fullName({ givenName: r.given_name, familyName: r.family_name }),
      nationalId: r.national_id,
      birthDate: r.birth_date,
    }))
    .sort(byName)

  const staff = staffRows
    .map((r) => {
      const first = firstMembership.get(r.id)
      return {
        id: r.id,
        name: fullName({ givenName: r.given_name, familyName: r.family_name }),
        hprNumber: r.hpr_number,
        isPlatformOperator: r.is_platform_operator,
        organisationName: first?.organisationName ?? null,
        serviceName: first?.serviceName ?? null,
      }
    })
    .sort(byName)

  return { citizens, staff }
}
