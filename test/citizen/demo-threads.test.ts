// The demo's citizen threads: loaded once, and they give Lise Lund's inbox what a demo needs (one overdue, one
// answered); answering the overdue one marks the citizen's message read and clears the deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_THREADS, demoMessageTime, seedDemoThreads } from '../../src/citizen/demo/vestfold-demo.threads.ts'
import { endOfNextWorkingDay } from '../../src/citizen/messaging/working-days.ts'
import { S, SV } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({}, () => new Date())
}, 60_000)
afterAll(async () => {
  await t?.close()
})

type Inbox = { items: { id: string; overdue: boolean; awaitingAnswer: boolean; unreadCount: number }[]; overdue: number; unanswered: number }

describe('demo threads', () => {
  it('have one overdue and one waiting thread whatever day the demo is loaded (Easter, Christmas, at any hour)', () => {
    const [overdue, waiting] = [DEMO_THREADS[1]!.messages.at(-1)!, DEMO_THREADS[2]!.messages.at(-1)!]
    const late: string[] = []
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2030, 0, 1); day += 86_400_000) {
      // 00:30, 12:00 and 23:30 in Oslo, summer or winter.
      for (const hour of [-0.5, 11, 22.5]) {
        const now = new Date(day + hour * 3_600_000)
        if (endOfNextWorkingDay(demoMessageTime(now, overdue.daysAgo)).getTime() >= now.getTime()) late.push(now.toISOString())
        if (endOfNextWorkingDay(demoMessageTime(now, waiting.daysAgo)).getTime() < now.getTime()) late.push(`waiting ${now.toISOString()}`)
      }
    }
    expect(late).toEqual([])
  })

  it('are loaded once', async () => {
    expect(await seedDemoThreads(t.db)).toEqual({ inserted: true })
    expect(await seedDemoThreads(t.db)).toEqual({ inserted: false })
    const count = await t.db
      .selectFrom('citizen_thread')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(DEMO_THREADS.length)
  })

  it('put an overdue thread first in the service inbox; an answer marks it read and clears the deadline', async () => {
    const lise = await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
    const headers = { cookie: lise.cookie, 'x-csrf-token': lise.csrf }
    const url = `/api/services/${SV.tonsbergHjemmesykepleie.id}/threads`
    const before = (await t.app.inject({ url, headers })).json<Inbox>()
    expect(before.overdue).toBe(1)
    const [first] = before.items
    expect(first).toMatchObject({ overdue: true, awaitingAnswer: true, unreadCount: 1 })

    const answered = await t.app.inject({
      method: 'POST',
      url: `${url}/${first!.id}/messages`,
      headers,
      payload: { body: 'Ja, listen kom i går. Vi går gjennom den ved neste besøk.' },
    })
    expect(answered.statusCode, answered.body).toBe(201)
    const after = (await t.app.inject({ url, headers })).json<Inbox>()
    expect(after.overdue).toBe(0)
    expect(after.items.find((i) => i.id === first!.id)).toMatchObject({ overdue: false, awaitingAnswer: false, unreadCount: 0 })
  })
})
