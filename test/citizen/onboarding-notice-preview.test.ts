// Before "Registrer oppsigelse" is confirmed, the operator sees what it will do (issue 10 §16): the end date by the
// notice rules for each party, which services stop, and how many citizens will be notified — computed from the same
// data and by the same code as the notice itself, and changing nothing.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { terminationEndsAt } from '../../src/citizen/onboarding/notice-period.ts'
import { osloDate } from '../../src/platform/time/oslo-time.ts'
import { expectProblem, O, P, S, SV, sessionHeaders } from '../api/api-helpers.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'

type Preview = {
  options: { initiatedBy: 'municipality' | 'operator'; endsOn: string; lastDayOn: string }[]
  services: { id: string; name: string; digitalServices: string[] }[]
  notifiedPeople: number
}

let t: TestApp
let ole: Record<string, string>
const url = (id: string) => `/api/onboarding/municipalities/${id}/termination-preview`

beforeAll(async () => {
  t = await startTestApp()
  ole = sessionHeaders(await t.staffSession(S.oleOlsen.id, null))
}, 60_000)
afterAll(async () => t?.close())

const count = async (table: 'municipality_termination' | 'notification_outbox') =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n)

describe('GET /api/onboarding/municipalities/{id}/termination-preview', () => {
  let preview: Preview

  it('gives both end dates, the services that stop and the number of citizens to be told, and writes nothing', async () => {
    const before = [await count('municipality_termination'), await count('notification_outbox')]
    const response = await t.app.inject({ url: url(O.tonsberg.id), headers: ole })
    expect(response.statusCode, response.body).toBe(200)
    preview = response.json<Preview>()
    expect(preview.options).toEqual([
      { initiatedBy: 'municipality', endsOn: osloDate(terminationEndsAt(t.now(), 'municipality')), lastDayOn: expect.any(String) },
      { initiatedBy: 'operator', endsOn: osloDate(terminationEndsAt(t.now(), 'operator')), lastDayOn: expect.any(String) },
    ])
    expect(preview.services).toContainEqual({ id: SV.tonsbergHjemmesykepleie.id, name: expect.any(String), digitalServices: ['messages'] })
    expect(preview.notifiedPeople).toBeGreaterThan(0)
    expect([await count('municipality_termination'), await count('notification_outbox')]).toEqual(before)
  })

  it('counts exactly the citizens the notice then tells', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/onboarding/municipalities/${O.tonsberg.id}/termination`,
      headers: ole,
      payload: { initiatedBy: 'operator' },
    })
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json<{ notifiedPeople: number }>().notifiedPeople).toBe(preview.notifiedPeople)
    // Once given, there is nothing to preview: the notice is there.
    expectProblem(await t.app.inject({ url: url(O.tonsberg.id), headers: ole }), 409, 'conflict')
  })

  it('is for those who may give notice: not other staff, not citizens; one already given notice is a 409', async () => {
    const nurse = sessionHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id), null)
    expectProblem(await t.app.inject({ url: url(O.holmestrand.id), headers: nurse }), 403, 'forbidden')
    const citizen = sessionHeaders(await t.citizenSession(P.perBerg.id), null)
    expectProblem(await t.app.inject({ url: url(O.holmestrand.id), headers: citizen }), 403, 'forbidden')
    expectProblem(await t.app.inject({ url: url(O.horten.id), headers: ole }), 409, 'conflict')
  })
})
