import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../test/support/test-database.ts'
import type { DatabaseHandle } from '../../platform/db/database.ts'
import type { DB } from '../../platform/db/schema.ts'
import { DEMO, seedRegistryDemo } from '../../registry/index.ts'
import { DIALOGMELDING_1_1_NS } from '../messages/namespaces.ts'
import { findParties, findParty, herIdsOwnedBy, searchParties, upsertParty } from './address-registry.repository.ts'
import { canReceive } from './address-registry.types.ts'
import { PROCESS_PROFILES } from './message-processes.ts'
import { addressingFor } from './party-addressing.ts'
import { demoParties, seedDemoAddressRegistry } from './vestfold-demo.parties.ts'

let handle: DatabaseHandle
let db: Kysely<DB>

beforeAll(async () => {
  handle = await openTestDatabase()
  db = handle.db
  await seedRegistryDemo(db)
  await seedDemoAddressRegistry(db)
})
afterAll(async () => handle?.close())

describe('the Vestfold demo registry', () => {
  it('has every demo organisation and service, with unique HER-ids, parents first', () => {
    const parties = demoParties()
    const herIds = parties.map((p) => p.party.herId)
    expect(new Set(herIds).size).toBe(herIds.length)
    const seen = new Set<number>()
    for (const { party } of parties) {
      if (party.parentHerId !== null) expect(seen.has(party.parentHerId), `${party.name} after its parent`).toBe(true)
      seen.add(party.herId)
    }
    expect(parties.filter((p) => p.party.kind === 'organisation')).toHaveLength(Object.keys(DEMO.organisations).length)
  })

  it('seeding again changes nothing', async () => {
    const before = await db
      .selectFrom('party_process')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    await seedDemoAddressRegistry(db)
    const after = await db
      .selectFrom('party_process')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('gives a service its parent, organisation number, owner and processes', async () => {
    const party = await findParty(db, 820231)
    expect(party).toMatchObject({
      herId: 820231,
      kind: 'service',
      name: 'Hjemmesykepleien',
      parentHerId: 810104,
      parentName: 'Tønsberg kommune',
      organisationNumber: '939901035',
      installation: 'local',
    })
    expect(canReceive(party?.processes ?? [], { msgType: 'LOG_INNLAGT', payloadNamespace: PROCESS_PROFILES.plo[0].payloadNamespace })).toBe(true)
    expect(canReceive(party?.processes ?? [], { msgType: 'DIALOG_FORESPORSEL', payloadNamespace: DIALOGMELDING_1_1_NS })).toBe(true)
    expect(canReceive(party?.processes ?? [], { msgType: 'EPIKRISE', payloadNamespace: PROCESS_PROFILES.epikrise[0].payloadNamespace })).toBe(false)
  })

  it('owns HER-ids per organisation: the organisation, its services and its people', async () => {
    const owned = await herIdsOwnedBy(db, DEMO.organisations.tonsbergLegesenter.id)
    expect(owned.has(810111)).toBe(true)
    expect(owned.has(820271)).toBe(true)
    expect(owned.has(820231)).toBe(false)
    expect([...owned].some((h) => h >= 830_000)).toBe(true)
  })

  it('leaves unknown HER-ids out', async () => {
    expect((await findParties(db, [820231, 999_999])).size).toBe(1)
  })
})

describe('searchParties', () => {
  it('finds by name, case-insensitively, and by the parent organisation name', async () => {
    const { items, total } = await searchParties(db, { query: 'tønsberg', limit: 50, offset: 0 })
    expect(total).toBeGreaterThan(3)
    expect(items.map((p) => p.herId)).toEqual(expect.arrayContaining([810104, 820231, 810111]))
  })

  it('finds by HER-id and by organisation number exactly', async () => {
    expect((await searchParties(db, { query: '820231', limit: 10, offset: 0 })).items.map((p) => p.herId)).toEqual([820231])
    const byOrgnr = await searchParties(db, { query: '939901035', limit: 50, offset: 0 })
    expect(byOrgnr.items.every((p) => p.organisationNumber === '939901035')).toBe(true)
    expect(byOrgnr.total).toBeGreaterThanOrEqual(4)
  })

  it('treats LIKE wildcards and quotes as text', async () => {
    expect((await searchParties(db, { query: '%', limit: 10, offset: 0 })).total).toBe(0)
    expect((await searchParties(db, { query: "_'; DROP TABLE communication_party; --", limit: 10, offset: 0 })).total).toBe(0)
  })

  it('filters on a process a party can receive, and pages', async () => {
    const plo = await searchParties(db, { query: '', receives: 'LOG_INNLAGT', limit: 100, offset: 0 })
    expect(plo.items.some((p) => p.name === 'Helsestasjonen')).toBe(false)
    expect(plo.items.some((p) => p.name === 'Hjemmesykepleien')).toBe(true)
    const first = await searchParties(db, { query: '', limit: 2, offset: 0 })
    const second = await searchParties(db, { query: '', limit: 2, offset: 2 })
    expect(first.items).toHaveLength(2)
    expect(second.items[0]?.herId).not.toBe(first.items[0]?.herId)
  })

  it('does not list inactive parties', async () => {
    const party = await findParty(db, 820233)
    if (!party) throw new Error('demo party missing')
    await upsertParty(db, { ...party, active: false }, party.processes)
    expect((await searchParties(db, { query: '820233', limit: 10, offset: 0 })).total).toBe(0)
    await upsertParty(db, { ...party, active: true }, party.processes)
  })
})

describe('addressingFor', () => {
  it('builds MsgHead addressing from the top organisation down to a person', async () => {
    const person = demoParties().find((p) => p.party.kind === 'person')?.party
    if (!person) throw new Error('no person party in the demo')
    const org = await addressingFor(db, person.herId)
    expect(org?.idents.map((i) => i.typeId.v)).toEqual(['HER', 'ENH'])
    expect(org?.organisation?.idents[0]?.id).toBe(String(person.parentHerId))
    expect(org?.organisation?.healthcareProfessional?.idents.map((i) => i.typeId.v)).toEqual(['HER', 'HPR'])
  })

  it('is null for an unknown HER-id', async () => {
    expect(await addressingFor(db, 1)).toBeNull()
  })
})
