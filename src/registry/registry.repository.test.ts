import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../platform/db/database.ts'
import { openTestDatabase } from '../../test/support/test-database.ts'
import type { DB } from '../platform/db/schema.ts'
import { DEMO, seedVestfoldDemo } from './demo/vestfold-demo.ts'
import {
  findOrganisationById,
  findPersonById,
  findPersonByNationalId,
  findServiceById,
  findStaffByHpr,
  findStaffById,
  listDemoLoginUsers,
  listOrganisations,
  listServices,
  listStaffMemberships,
} from './registry.repository.ts'

const { people: P, staff: S, organisations: O, services: SV } = DEMO
const MISSING = '00000000-0000-4000-8000-000000000000'

let handle: DatabaseHandle
let db: Kysely<DB>

beforeAll(async () => {
  handle = await openTestDatabase()
  db = handle.db
  await seedVestfoldDemo(db)
})

afterAll(async () => {
  await handle?.close()
})

describe('finding one row', () => {
  it('finds a person by id and by national id', async () => {
    expect(await findPersonById(db, P.kariNordmann.id)).toEqual(P.kariNordmann)
    expect(await findPersonByNationalId(db, P.kariNordmann.nationalId)).toEqual(P.kariNordmann)
    expect(await findPersonById(db, MISSING)).toBeNull()
    expect(await findPersonByNationalId(db, '01010112345')).toBeNull()
  })

  it('finds staff by id and by HPR number', async () => {
    expect(await findStaffById(db, S.liseLund.id)).toEqual(S.liseLund)
    expect(await findStaffByHpr(db, S.beritBakke.hprNumber)).toEqual(S.beritBakke)
    expect(await findStaffById(db, MISSING)).toBeNull()
    expect(await findStaffByHpr(db, '0000000')).toBeNull()
  })

  it('finds organisations and services by id', async () => {
    expect(await findOrganisationById(db, O.siv.id)).toEqual(O.siv)
    expect(await findServiceById(db, SV.tonsbergHjemmesykepleie.id)).toEqual(SV.tonsbergHjemmesykepleie)
    expect(await findOrganisationById(db, MISSING)).toBeNull()
    expect(await findServiceById(db, MISSING)).toBeNull()
  })
})

describe('listOrganisations', () => {
  const names = async (query: string | undefined, limit = 50, offset = 0) => (await listOrganisations(db, { query, limit, offset })).items.map((o) => o.name)

  it('pages through all organisations by name, with the total', async () => {
    const all = await listOrganisations(db, { limit: 50, offset: 0 })
    expect(all.total).toBe(Object.keys(O).length)
    const page = await listOrganisations(db, { limit: 5, offset: 5 })
    expect(page.total).toBe(all.total)
    expect(page.items).toEqual(all.items.slice(5, 10))
  })

  it.each([
    ['part of a name, any case', 'TØNSBERG', ['Tønsberg interkommunale legevakt', 'Tønsberg kommune', 'Tønsberg legesenter']],
    ['an organisation number', '983975259', ['Sykehuset i Vestfold HF']],
    ['an organisation number with spaces', '983 975 259', ['Sykehuset i Vestfold HF']],
    ["the organisation's HER-id", String(O.faerder.herId), ['Færder kommune']],
    ["a service's HER-id", String(SV.larvikHelsestasjon.herId), ['Larvik kommune']],
    ['LIKE wildcards, literally', '%', []],
    ['nothing that matches', 'Bergen', []],
  ])('finds by %s', async (_, query, expected) => {
    expect(await names(query)).toEqual(expected)
  })

  it('counts only the matches', async () => {
    expect((await listOrganisations(db, { query: 'kommune', limit: 2, offset: 0 })).total).toBe(6)
  })
})

describe('listServices', () => {
  it("lists an organisation's services by name", async () => {
    expect((await listServices(db, O.tonsberg.id)).map((s) => s.name)).toEqual(['Fysioterapitjenesten', 'Helsestasjonen', 'Hjemmesykepleien'])
    expect(await listServices(db, MISSING)).toEqual([])
  })
})

describe('listStaffMemberships', () => {
  it('gives the service and organisation with names, HER-ids and roles', async () => {
    expect(await listStaffMemberships(db, S.beritBakke.id)).toEqual([
      {
        staffId: S.beritBakke.id,
        serviceId: SV.tonsbergLegesenterFastlege.id,
        roles: ['health_personnel', 'service_admin'],
        validFrom: DEMO.staffMemberships[2].validFrom,
        validTo: null,
        serviceName: 'Fastlegepraksis',
        serviceKind: 'fastlege',
        serviceHerId: SV.tonsbergLegesenterFastlege.herId,
        organisationId: O.tonsbergLegesenter.id,
        organisationName: 'Tønsberg legesenter',
        organisationNumber: O.tonsbergLegesenter.organisationNumber,
        organisationHerId: O.tonsbergLegesenter.herId,
      },
    ])
  })

  it('filters by validity when asked', async () => {
    expect(await listStaffMemberships(db, S.liseLund.id, { activeAt: DEMO.now })).toHaveLength(1)
    expect(await listStaffMemberships(db, S.liseLund.id, { activeAt: new Date('2024-06-01T00:00:00Z') })).toEqual([])
  })

  it('has none for the platform operator', async () => {
    expect(await listStaffMemberships(db, S.oleOlsen.id)).toEqual([])
  })
})

describe('listDemoLoginUsers', () => {
  it('lists citizens by name with national id and birth date', async () => {
    const { citizens } = await listDemoLoginUsers(db)
    expect(citizens).toHaveLength(Object.keys(P).length)
    expect(citizens[0]).toEqual({
      id: P.ahmedKhan.id,
      name: 'Ahmed Khan',
      nationalId: P.ahmedKhan.nationalId,
      birthDate: '1975-06-15',
    })
    const names = citizens.map((c) => c.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'nb')))
    expect(names).toContain('Kari Nordmann')
  })

  it("lists staff by name with HPR number and their first membership's names", async () => {
    const { staff } = await listDemoLoginUsers(db)
    expect(staff.map((s) => s.name)).toEqual(['Anders Aas', 'Berit Bakke', 'Hanne Hauge', 'Lise Lund', 'Ole Olsen', 'Siri Strand', 'Tor Tangen'])
    expect(staff.find((s) => s.id === S.beritBakke.id)).toEqual({
      id: S.beritBakke.id,
      name: 'Berit Bakke',
      hprNumber: S.beritBakke.hprNumber,
      isPlatformOperator: false,
      organisationName: 'Tønsberg legesenter',
      serviceName: 'Fastlegepraksis',
    })
    expect(staff.find((s) => s.id === S.oleOlsen.id)).toMatchObject({
      isPlatformOperator: true,
      hprNumber: null,
      organisationName: null,
      serviceName: null,
    })
  })
})
