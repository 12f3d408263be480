// The Vestfold demo: SiV, the six partner municipalities, GP offices, a specialist and the
// legevakt, with their services, citizens, staff and relations. Fixed ids and dates throughout,
// so every seeded database is identical and tests and docs can refer to rows by their constants.
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { DEMO_ORGANISATIONS, DEMO_SERVICES } from './vestfold-demo.organisations.ts'
import { DEMO_CARE_RELATIONS, DEMO_FULLMAKTER, DEMO_PARENTAL_RELATIONS, DEMO_PEOPLE, DEMO_VALID_FROM } from './vestfold-demo.people.ts'
import { DEMO_STAFF, DEMO_STAFF_MEMBERSHIPS } from './vestfold-demo.staff.ts'

export { DEMO_ORGANISATIONS, DEMO_SERVICES } from './vestfold-demo.organisations.ts'
export type { DemoCareRelation } from './vestfold-demo.people.ts'
export {
  DEMO_CARE_RELATIONS,
  DEMO_FULLMAKTER,
  DEMO_PARENTAL_RELATIONS,
  DEMO_PEOPLE,
  DEMO_VALID_FROM,
} from './vestfold-demo.people.ts'
export type { DemoStaffMembership } from './vestfold-demo.staff.ts'
export { DEMO_STAFF, DEMO_STAFF_MEMBERSHIPS } from './vestfold-demo.staff.ts'

/** created_at of every demo row: a fixed instant, so two seeded databases are equal row for row. */
export const DEMO_CREATED_AT = DEMO_VALID_FROM

/** The day the demo's ages are described for (Kari's children are 8 and 14, Nora 16). */
export const DEMO_TODAY = '2026-11-23'

/** Noon in Oslo on DEMO_TODAY: a `now` for tests that must not depend on the real clock. */
export const DEMO_NOW = new Date('2026-11-23T12:00:00+01:00')

export const DEMO = {
  organisations: DEMO_ORGANISATIONS,
  services: DEMO_SERVICES,
  people: DEMO_PEOPLE,
  staff: DEMO_STAFF,
  parentalRelations: DEMO_PARENTAL_RELATIONS,
  fullmakter: DEMO_FULLMAKTER,
  careRelations: DEMO_CARE_RELATIONS,
  staffMemberships: DEMO_STAFF_MEMBERSHIPS,
  today: DEMO_TODAY,
  now: DEMO_NOW,
} as const

/**
 * Inserts the demo in one transaction, unless SiV (organisation number 983975259) is already
 * registered: then it does nothing and answers `inserted: false`.
 */
export async function seedVestfoldDemo(db: Kysely<DB>): Promise<{ inserted: boolean }> {
  return db.transaction().execute(async (trx) => {
    const [siv, ...otherOrganisations] = Object.values(DEMO_ORGANISATIONS)
    if (siv === undefined) throw new Error('seedVestfoldDemo: the demo has no organisations')

    // Claiming SiV's number first is the idempotency check, and it is safe when two processes
    // seed at once: PostgreSQL makes the second wait for the first to commit and then do nothing.
    const claimed = await trx
      .insertInto('organisation')
      .values(organisationRow(siv))
      .onConflict((oc) => oc.column('organisation_number').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (claimed === undefined) return { inserted: false }

    // Object order puts every parent organisation before the ones that refer to it.
    await trx.insertInto('organisation').values(otherOrganisations.map(organisationRow)).execute()
    await trx
      .insertInto('service')
      .values(
        Object.values(DEMO_SERVICES).map((s) => ({
          id: s.id,
          organisation_id: s.organisationId,
          name: s.name,
          kind: s.kind,
          her_id: s.herId,
          sensitive_name: s.sensitiveName,
          created_at: DEMO_CREATED_AT,
        })),
      )
      .execute()
    await trx
      .insertInto('person')
      .values(
        Object.values(DEMO_PEOPLE).map((p) => ({
          id: p.id,
          national_id: p.nationalId,
          given_name: p.givenName,
          family_name: p.familyName,
          birth_date: p.birthDate,
          address_line: p.addressLine,
          postal_code: p.postalCode,
          city: p.city,
          municipality_number: p.municipalityNumber,
          confidential_address: p.confidentialAddress,
          deceased_at: p.deceasedAt,
          created_at: DEMO_CREATED_AT,
        })),
      )
      .execute()
    await trx
      .insertInto('parental_relation')
      .values(
        DEMO_PARENTAL_RELATIONS.map((r) => ({
          parent_person_id: r.parentPersonId,
          child_person_id: r.childPersonId,
          parental_responsibility: r.parentalResponsibility,
        })),
      )
      .execute()
    await trx
      .insertInto('staff')
      .values(
        Object.values(DEMO_STAFF).map((s) => ({
          id: s.id,
          hpr_number: s.hprNumber,
          national_id: s.nationalId,
          given_name: s.givenName,
          family_name: s.familyName,
          profession: s.profession,
          is_platform_operator: s.isPlatformOperator,
          created_at: DEMO_CREATED_AT,
        })),
      )
      .execute()
    await trx
      .insertInto('staff_membership')
      .values(
        DEMO_STAFF_MEMBERSHIPS.map((m) => ({
          staff_id: m.staffId,
          service_id: m.serviceId,
          roles: [...m.roles],
          valid_from: m.validFrom,
          valid_to: m.validTo,
        })),
      )
      .execute()
    await trx
      .insertInto('care_relation')
      .values(
        Object.values(DEMO_CARE_RELATIONS).map((c) => ({
          id: c.id,
          patient_person_id: c.patientPersonId,
          service_id: c.serviceId,
          valid_from: c.validFrom,
          valid_to: c.validTo,
        })),
      )
      .execute()
    return { inserted: true }
  })
}

function organisationRow(o: (typeof DEMO_ORGANISATIONS)[keyof typeof DEMO_ORGANISATIONS]) {
  return {
    id: o.id,
    organisation_number: o.organisationNumber,
    name: o.name,
    kind: o.kind,
    municipality_number: o.municipalityNumber,
    her_id: o.herId,
    parent_id: o.parentId,
    is_partner: o.isPartner,
    created_at: DEMO_CREATED_AT,
  }
}
