// The demo as someone loads it on a day of their own (here 7 December 2026, two weeks after the demo was written):
// what the start-up banner, the README's demo section and the portal say about it must be true that day. Emma's and
// Jonas's ages are counted from their birth dates; Horten is under notice, not past it; the GP practice has an address
// of its own; the seeded exchange messages were sent minutes before they were delivered, not weeks.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_TERMINATION, demoTermination } from '../../src/citizen/demo/vestfold-demo.citizen-services.ts'
import { demoLoginLines } from '../../src/demo-data.ts'
import { seedDemoMessages } from '../../src/exchange/index.ts'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { P, SV } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

const LOADED = new Date('2026-12-07T22:57:00Z')
const DAY = 86_400_000

let t: TestApp
beforeAll(async () => {
  // Another secret key: the demo is seeded afresh on this clock, not copied from the run's template.
  t = await startTestApp({ SECRET_KEY: 'demo-as-loaded-'.padEnd(40, 'x') }, () => LOADED)
}, 60_000)
afterAll(async () => {
  await t?.close()
})

describe('the demo as loaded on 7 December 2026', () => {
  it('the start-up banner gives the children’s ages on the day, from their birth dates', () => {
    expect(demoLoginLines(LOADED).join('\n')).toContain('Kari Nordmann (mother of Emma 8 and Jonas 14)')
    expect(demoLoginLines(new Date('2027-06-01T10:00:00Z')).join('\n')).toContain('(mother of Emma 9 and Jonas 15)')
  })

  it('Horten is under notice: given three weeks before the demo was loaded, ending about ten days after', async () => {
    const row = await t.db
      .selectFrom('municipality_termination')
      .selectAll()
      .where('organisation_id', '=', DEMO.organisations.horten.id)
      .executeTakeFirstOrThrow()
    expect(row.notice_given_at.getTime()).toBeLessThan(LOADED.getTime())
    expect(row.ends_at.getTime() - LOADED.getTime()).toBeGreaterThan(7 * DAY)
    expect(row.ends_at).toEqual(demoTermination(LOADED).endsAt)
    // On the tests' fixed clock, the notice is the one they were written for.
    expect(DEMO_TERMINATION.endsAt).toEqual(new Date('2026-12-02T00:00:00+01:00'))
  })

  it('every service with contact details has a real-looking address in its own town; the GP practices too', async () => {
    const rows = await t.db.selectFrom('service_contact_info').select(['service_id', 'visiting_address', 'postal_code', 'city', 'phone']).execute()
    const gp = rows.find((r) => r.service_id === SV.tonsbergLegesenterFastlege.id)
    expect(gp).toMatchObject({ visiting_address: 'Øvre Langgate 40', postal_code: '3110', city: 'Tønsberg' })
    for (const row of rows) {
      expect(row.postal_code).toMatch(/^\d{4}$/)
      expect(row.city).not.toBe('Vestfold')
    }
    expect(new Set(rows.map((r) => r.phone)).has('+4733300000')).toBe(false)
  })

  it('the seeded exchange messages were written minutes before the demo was loaded', async () => {
    expect(await seedDemoMessages(t.exchange.deps)).toBe(2)
    const rows = await t.db.selectFrom('exchange_message').select(['gen_date']).execute()
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(LOADED.getTime() - row.gen_date.getTime()).toBeGreaterThan(0)
      expect(LOADED.getTime() - row.gen_date.getTime()).toBeLessThan(2 * 3_600_000)
    }
  }, 30_000)

  it('the README’s demo section says what the demo holds', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const demo = readme.slice(readme.indexOf('### Demo logins'), readme.indexOf('### Demo EPJ clients'))
    // Ages drift with the calendar: the README gives birth years, which do not.
    expect(demo).toContain(`Emma (born ${P.emmaNordmann.birthDate.slice(0, 4)}`)
    expect(demo).toContain(`Jonas (born ${P.jonasNordmann.birthDate.slice(0, 4)}`)
    expect(demo).toContain(`Nora (born ${P.noraOlsen.birthDate.slice(0, 4)}`)
    // Hanne Hauge works at Tønsberg's helsestasjon, not in Færder.
    expect(demo).toMatch(/Hanne Hauge \(staff\) \| public health nurse, helsestasjonen in Tønsberg/)
    expect(demo).toContain('Horten has given notice')
  })
})
