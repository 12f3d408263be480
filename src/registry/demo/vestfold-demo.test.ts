import { fnr } from '@navikt/fnrvalidator'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ageOn } from '../../platform/access/time.rules.ts'
import type { DatabaseHandle } from '../../platform/db/database.ts'
import { openTestDatabase } from '../../../test/support/test-database.ts'
import type { DB } from '../../platform/db/schema.ts'
import { decodeNationalId } from '../../platform/identifiers/national-id.ts'
import { isValidOrganisationNumber } from '../../platform/identifiers/organisation-number.ts'
import { toOrganisation, toPerson, toService, toStaff } from '../registry.types.ts'
import { DEMO, seedVestfoldDemo } from './vestfold-demo.ts'

const organisations = Object.values(DEMO.organisations)
const services = Object.values(DEMO.services)
const people = Object.values(DEMO.people)
const staff = Object.values(DEMO.staff)
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('the Vestfold demo data', () => {
  it.each([...people, ...staff].map((p) => [`${p.givenName} ${p.familyName}`, p.nationalId, p] as const))(
    '%s has a synthetic national id that @navikt/fnrvalidator accepts',
    (_, nationalId) => {
      // Synthetic numbers (month + 80) are what the validator calls 'tnr'.
      expect(fnr(nationalId)).toEqual({ status: 'valid', type: 'tnr' })
      expect(decodeNationalId(nationalId)?.synthetic).toBe(true)
    },
  )

  it("encodes each person's birth date in their national id", () => {
    for (const p of people) expect(decodeNationalId(p.nationalId)?.birthDate, p.givenName).toBe(p.birthDate)
  })

  it('never uses a national id twice, citizens and staff together', () => {
    const ids = [...people, ...staff].map((p) => p.nationalId)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('gives every organisation a valid, unique organisation number', () => {
    for (const o of organisations) expect(isValidOrganisationNumber(o.organisationNumber), o.name).toBe(true)
    expect(new Set(organisations.map((o) => o.organisationNumber)).size).toBe(organisations.length)
    expect(DEMO.organisations.siv.organisationNumber).toBe('983975259')
  })

  it('gives every organisation and service its own HER-id', () => {
    const herIds = [...organisations.map((o) => o.herId), ...services.map((s) => s.herId)]
    expect(herIds.every((h) => Number.isInteger(h))).toBe(true)
    expect(new Set(herIds).size).toBe(herIds.length)
  })

  it('uses distinct fixed UUIDs for every row', () => {
    const ids = [...organisations, ...services, ...people, ...staff, ...Object.values(DEMO.fullmakter), ...Object.values(DEMO.careRelations)].map((r) => r.id)
    for (const id of ids) expect(id).toMatch(UUID)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('has SiV and the six municipalities as partners, with their 2024 municipality numbers', () => {
    const partners = organisations.filter((o) => o.isPartner)
    expect(partners.map((o) => o.name).sort()).toEqual(
      ['Færder kommune', 'Holmestrand kommune', 'Horten kommune', 'Larvik kommune', 'Sandefjord kommune', 'Sykehuset i Vestfold HF', 'Tønsberg kommune'].sort(),
    )
    expect(organisations.filter((o) => o.kind === 'municipality').map((o) => [o.name, o.municipalityNumber])).toEqual([
      ['Horten kommune', '3901'],
      ['Holmestrand kommune', '3903'],
      ['Tønsberg kommune', '3905'],
      ['Sandefjord kommune', '3907'],
      ['Larvik kommune', '3909'],
      ['Færder kommune', '3911'],
    ])
  })

  it('runs hjemmesykepleie, helsestasjon and fysioterapi in every municipality', () => {
    for (const m of organisations.filter((o) => o.kind === 'municipality')) {
      const kinds = services.filter((s) => s.organisationId === m.id).map((s) => s.kind)
      expect(kinds.sort(), m.name).toEqual(['fysioterapi', 'helsestasjon', 'hjemmesykepleie'])
    }
  })

  it('has 7-digit HPR numbers for health personnel, unique, and none for the operator', () => {
    const hpr = staff.filter((s) => !s.isPlatformOperator).map((s) => s.hprNumber)
    for (const h of hpr) expect(h).toMatch(/^\d{7}$/)
    expect(new Set(hpr).size).toBe(hpr.length)
    expect(DEMO.staff.oleOlsen).toMatchObject({ isPlatformOperator: true, hprNumber: null })
  })

  it('has the ages the demo is written around on 2026-11-23', () => {
    const age = (p: { birthDate: string }) => ageOn(p.birthDate, DEMO.now)
    expect(age(DEMO.people.emmaNordmann)).toBe(8)
    expect(age(DEMO.people.jonasNordmann)).toBe(14)
    expect(age(DEMO.people.noraOlsen)).toBe(16)
    expect(age(DEMO.people.ingridBerg)).toBe(88)
    expect(age(DEMO.people.oddDahl)).toBe(86)
  })
})

// The tables the seed writes, each read back in a fixed order.
async function snapshot(db: Kysely<DB>) {
  return {
    organisation: await db.selectFrom('organisation').selectAll().orderBy('id').execute(),
    service: await db.selectFrom('service').selectAll().orderBy('id').execute(),
    person: await db.selectFrom('person').selectAll().orderBy('id').execute(),
    parental_relation: await db.selectFrom('parental_relation').selectAll().orderBy('parent_person_id').orderBy('child_person_id').execute(),
    staff: await db.selectFrom('staff').selectAll().orderBy('id').execute(),
    staff_membership: await db.selectFrom('staff_membership').selectAll().orderBy('staff_id').orderBy('service_id').execute(),
    care_relation: await db.selectFrom('care_relation').selectAll().orderBy('id').execute(),
  }
}

// The steps below run in order on one database: a failed seed first, then the real one.
describe('seedVestfoldDemo', () => {
  let handle: DatabaseHandle
  let db: Kysely<DB>

  beforeAll(async () => {
    handle = await openTestDatabase()
    db = handle.db
  })

  afterAll(async () => {
    await handle?.close()
  })

  it('leaves nothing behind when it fails half-way', async () => {
    // Someone already registered with Kari's national id: the person insert fails.
    const squatter = {
      id: '00000000-0000-4000-8000-999999999999',
      national_id: DEMO.people.kariNordmann.nationalId,
      given_name: 'Annen',
      family_name: 'Person',
      birth_date: DEMO.people.kariNordmann.birthDate,
    }
    await db.insertInto('person').values(squatter).execute()
    await expect(seedVestfoldDemo(db)).rejects.toThrow()
    expect(await db.selectFrom('organisation').select('id').execute()).toEqual([])
    expect(await db.selectFrom('service').select('id').execute()).toEqual([])
    await db.deleteFrom('person').where('id', '=', squatter.id).execute()
  })

  it('inserts the demo once, and the second call changes nothing', async () => {
    expect(await seedVestfoldDemo(db)).toEqual({ inserted: true })
    const first = await snapshot(db)
    expect(await seedVestfoldDemo(db)).toEqual({ inserted: false })
    expect(await snapshot(db)).toEqual(first)
  })

  it('stores exactly the constants', async () => {
    const rows = await snapshot(db)
    expect(rows.organisation.map(toOrganisation)).toEqual(sortById(organisations))
    expect(rows.service.map(toService)).toEqual(sortById(services))
    expect(rows.person.map(toPerson)).toEqual(sortById(people))
    expect(rows.staff.map(toStaff)).toEqual(sortById(staff))
    expect(rows.parental_relation).toHaveLength(DEMO.parentalRelations.length)
    expect(rows.staff_membership).toHaveLength(DEMO.staffMemberships.length)
    expect(rows.care_relation).toHaveLength(Object.keys(DEMO.careRelations).length)
    // Fixed, not the time of seeding, so every seeded database is the same.
    expect(new Set(rows.person.map((r) => r.created_at.toISOString()))).toEqual(new Set(['2024-12-31T23:00:00.000Z']))
  })

  it('registers both Nordmann parents with parental responsibility for Emma and Jonas, at one address', async () => {
    const { kariNordmann, olaNordmann, emmaNordmann, jonasNordmann } = DEMO.people
    const relations = await db.selectFrom('parental_relation').selectAll().where('child_person_id', 'in', [emmaNordmann.id, jonasNordmann.id]).execute()
    expect(relations).toHaveLength(4)
    for (const parent of [kariNordmann, olaNordmann]) {
      for (const child of [emmaNordmann, jonasNordmann]) {
        expect(relations).toContainEqual({
          parent_person_id: parent.id,
          child_person_id: child.id,
          parental_responsibility: true,
        })
      }
    }
    const addresses = await db
      .selectFrom('person')
      .select(['address_line', 'postal_code', 'city', 'municipality_number'])
      .where('id', 'in', [kariNordmann.id, olaNordmann.id, emmaNordmann.id, jonasNordmann.id])
      .execute()
    expect(addresses).toEqual(Array(4).fill({ address_line: 'Storgata 10', postal_code: '3126', city: 'Tønsberg', municipality_number: '3905' }))
  })

  it("keeps Sara Holm's address confidential", async () => {
    const sara = await db.selectFrom('person').selectAll().where('id', '=', DEMO.people.saraHolm.id).executeTakeFirstOrThrow()
    expect(sara).toMatchObject({
      given_name: 'Sara',
      family_name: 'Holm',
      birth_date: '1990-12-01',
      confidential_address: true,
      address_line: null,
      postal_code: null,
      city: null,
      municipality_number: null,
    })
  })

  it('links patients to the services that care for them', async () => {
    const rows = await db
      .selectFrom('care_relation as c')
      .innerJoin('person as p', 'p.id', 'c.patient_person_id')
      .innerJoin('service as s', 's.id', 'c.service_id')
      .innerJoin('organisation as o', 'o.id', 's.organisation_id')
      .select(['p.given_name', 's.name as service', 'o.name as organisation'])
      .orderBy('c.id')
      .execute()
    expect(rows.map((r) => `${r.given_name}: ${r.organisation} / ${r.service}`)).toEqual([
      'Ingrid: Tønsberg kommune / Hjemmesykepleien',
      'Emma: Tønsberg kommune / Helsestasjonen',
      'Ahmed: Sandefjord legekontor / Fastlegepraksis',
      'Ahmed: Sykehuset i Vestfold HF / Medisinsk avdeling',
      'Odd: Færder kommune / Hjemmesykepleien',
      'Kari: Tønsberg legesenter / Fastlegepraksis',
    ])
  })

  it('places the staff in their services with their roles', async () => {
    const rows = await db
      .selectFrom('staff_membership as m')
      .innerJoin('staff as st', 'st.id', 'm.staff_id')
      .innerJoin('service as s', 's.id', 'm.service_id')
      .innerJoin('organisation as o', 'o.id', 's.organisation_id')
      .select(['st.given_name', 'st.family_name', 's.name as service', 'o.name as organisation', 'm.roles'])
      .orderBy('st.id')
      .orderBy('o.name')
      .execute()
    expect(rows.map((r) => [`${r.given_name} ${r.family_name}`, `${r.organisation} / ${r.service}`, r.roles])).toEqual([
      ['Lise Lund', 'Tønsberg kommune / Hjemmesykepleien', ['health_personnel']],
      ['Anders Aas', 'Sykehuset i Vestfold HF / Medisinsk avdeling', ['health_personnel']],
      ['Anders Aas', 'Tønsberg interkommunale legevakt / Legevakt', ['health_personnel']],
      ['Berit Bakke', 'Tønsberg legesenter / Fastlegepraksis', ['health_personnel', 'service_admin']],
      ['Hanne Hauge', 'Tønsberg kommune / Helsestasjonen', ['health_personnel']],
      ['Siri Strand', 'Sykehuset i Vestfold HF / Samhandlingsavdelingen', ['coordinator']],
      ['Tor Tangen', 'Færder kommune / Hjemmesykepleien', ['health_personnel']],
    ])
  })
})

function sortById<T extends { id: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.id.localeCompare(b.id))
}
