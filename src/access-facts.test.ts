// The access policy's facts as the root joins them (people, parenthood and care relations from the registry,
// fullmakter from the citizen module), on the whole Vestfold demo, and the demo's relations under the policy.
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../test/support/test-database.ts'
import { loadAccessFacts as loadFacts } from './access-facts.ts'
import { loadConfig } from './config.ts'
import { seedDemoData } from './demo-data.ts'
import { decide, representableCitizens } from './platform/access/access.policy.ts'
import { SERVICE_AREAS } from './platform/access/access.types.ts'
import type { DatabaseHandle } from './platform/db/database.ts'
import type { DB } from './platform/db/schema.ts'
import { DEMO } from './registry/index.ts'

const { people: P, staff: S, organisations: O, services: SV } = DEMO
const MISSING = '00000000-0000-4000-8000-000000000000'

let handle: DatabaseHandle
let db: Kysely<DB>

beforeAll(async () => {
  handle = await openTestDatabase()
  db = handle.db
  await seedDemoData(db, loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:' }), DEMO.now, { threads: false })
})

afterAll(async () => {
  await handle?.close()
})

/** The loader reads in a transaction, as the access gate runs it. */
const loadAccessFacts = (database: Kysely<DB>, ids: string[], now: Date) => database.transaction().execute((trx) => loadFacts(trx, ids, now))

describe('loadAccessFacts', () => {
  it("loads Kari with her children, their other parent and everyone's care relations", async () => {
    const facts = await loadAccessFacts(db, [P.kariNordmann.id], DEMO.now)
    expect(facts.now).toBe(DEMO.now)
    expect(Object.keys(facts.persons).sort()).toEqual([P.kariNordmann.id, P.olaNordmann.id, P.emmaNordmann.id, P.jonasNordmann.id].sort())
    expect(facts.persons[P.emmaNordmann.id]).toEqual({
      id: P.emmaNordmann.id,
      birthDate: '2018-05-20',
      confidentialAddress: false,
      addressKey: 'storgata 10|3126',
      deceased: false,
    })
    expect(new Set(Object.values(facts.persons).map((p) => p.addressKey))).toEqual(new Set(['storgata 10|3126']))
    expect(facts.parentalRelations).toHaveLength(4)
    expect(facts.parentalRelations).toContainEqual({
      parentPersonId: P.kariNordmann.id,
      childPersonId: P.emmaNordmann.id,
      parentalResponsibility: true,
    })
    expect(facts.parentalRelations).toContainEqual({
      parentPersonId: P.kariNordmann.id,
      childPersonId: P.jonasNordmann.id,
      parentalResponsibility: true,
    })
    expect(facts.fullmakter).toEqual([])
    expect(facts.careRelations).toEqual(
      expect.arrayContaining([
        {
          patientPersonId: P.kariNordmann.id,
          serviceId: SV.tonsbergLegesenterFastlege.id,
          organisationId: O.tonsbergLegesenter.id,
          validFrom: DEMO.careRelations.kariTonsbergFastlege.validFrom,
          validTo: null,
        },
        expect.objectContaining({ patientPersonId: P.emmaNordmann.id, serviceId: SV.tonsbergHelsestasjon.id }),
      ]),
    )
    expect(facts.careRelations).toHaveLength(2)
  })

  it('loads a fullmakt from both ends', async () => {
    const fromProxy = await loadAccessFacts(db, [P.perBerg.id], DEMO.now)
    const fromGiver = await loadAccessFacts(db, [P.ingridBerg.id], DEMO.now)
    expect(fromProxy).toEqual(fromGiver)
    expect(fromProxy.fullmakter).toEqual([DEMO.fullmakter.ingridToPer])
  })

  it('hides a confidential address', async () => {
    const facts = await loadAccessFacts(db, [P.saraHolm.id], DEMO.now)
    expect(facts.persons).toEqual({
      [P.saraHolm.id]: {
        id: P.saraHolm.id,
        birthDate: '1990-12-01',
        confidentialAddress: true,
        addressKey: null,
        deceased: false,
      },
    })
  })

  it('answers empty facts for nobody and leaves unknown ids out', async () => {
    expect(await loadAccessFacts(db, [], DEMO.now)).toEqual({
      now: DEMO.now,
      persons: {},
      parentalRelations: [],
      fullmakter: [],
      careRelations: [],
    })
    expect((await loadAccessFacts(db, [MISSING], DEMO.now)).persons).toEqual({})
  })
})

describe('the demo under the access policy', () => {
  const representable = async (personId: string) => representableCitizens(personId, await loadAccessFacts(db, [personId], DEMO.now))

  it('lets Kari act fully for Emma (8) and with reduced rights for Jonas (14)', async () => {
    expect(await representable(P.kariNordmann.id)).toEqual(
      [
        {
          personId: P.emmaNordmann.id,
          bases: ['parent'],
          read: [...SERVICE_AREAS],
          write: [...SERVICE_AREAS],
          reducedParentalRights: false,
        },
        {
          personId: P.jonasNordmann.id,
          bases: ['parent'],
          read: ['appointments', 'health-contacts', 'letters'],
          write: [],
          reducedParentalRights: true,
        },
      ].sort((a, b) => a.personId.localeCompare(b.personId)),
    )
  })

  it('lets Per act for Ingrid in the areas of her fullmakt', async () => {
    const areas = ['messages', 'appointments', 'health-contacts', 'home-visits', 'letters']
    expect(await representable(P.perBerg.id)).toEqual([
      { personId: P.ingridBerg.id, bases: ['fullmakt'], read: areas, write: areas, reducedParentalRights: false },
    ])
  })

  it('lets Liv act for Odd on consents too, by the assigned fullmakt', async () => {
    const [odd, ...others] = await representable(P.livDahl.id)
    expect(others).toEqual([])
    expect(odd).toMatchObject({ personId: P.oddDahl.id, bases: ['assigned-fullmakt'] })
    expect(odd?.write).toContain('consents')
  })

  it.each([
    ['Sara (confidential address)', P.saraHolm.id],
    ['Lars (Nora is 16)', P.larsOlsen.id],
    ['Ingrid (gave a fullmakt, holds none)', P.ingridBerg.id],
    ['Emma (a child)', P.emmaNordmann.id],
  ])('lets %s act for nobody', async (_, personId) => {
    expect(await representable(personId)).toEqual([])
  })

  it("lets Lise Lund read Ingrid's data through the home nursing care relation, and not Ahmed's", async () => {
    const actor = {
      kind: 'staff' as const,
      staffId: S.liseLund.id,
      organisationId: O.tonsberg.id,
      serviceId: SV.tonsbergHjemmesykepleie.id,
      roles: ['health_personnel' as const],
    }
    const ingrid = await loadAccessFacts(db, [P.ingridBerg.id], DEMO.now)
    expect(decide({ actor, action: 'patient-data:read', patientPersonId: P.ingridBerg.id }, ingrid)).toMatchObject({
      allowed: true,
      basis: 'care-relation',
    })
    const ahmed = await loadAccessFacts(db, [P.ahmedKhan.id], DEMO.now)
    expect(decide({ actor, action: 'patient-data:read', patientPersonId: P.ahmedKhan.id }, ahmed)).toEqual({
      allowed: false,
      code: 'no-care-relation',
    })
  })
})
