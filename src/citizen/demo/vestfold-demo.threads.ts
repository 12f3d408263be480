/**
 * A few citizen threads for the demo, dated relative to when the demo is loaded so that the staff inbox always has
 * something overdue, something waiting and something answered: Per Berg writing for his mother Ingrid to Tønsberg
 * hjemmesykepleie (one answered by Lise Lund, one overdue), Kari Nordmann for Emma to the helsestasjon (waiting),
 * and Liv Dahl's closed thread for Odd with Færder hjemmesykepleie. Historic: never sent on to an EPJ, no
 * notifications. Ids 8xx (threads) and 85x (messages).
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { DEMO_SERVICES } from '../../registry/index.ts'
import { DEMO_PEOPLE } from '../../registry/index.ts'
import { DEMO_STAFF } from '../../registry/index.ts'
import { endOfNextWorkingDay } from '../messaging/working-days.ts'

const DAY = 86_400_000
const p = DEMO_PEOPLE
const s = DEMO_SERVICES

type DemoMessage = {
  id: string
  daysAgo: number
  from: 'citizen' | 'service'
  body: string
  writer: { personId: string; basis: string } | { staffId: string }
  authorName: string
  read: boolean
}

type DemoThread = {
  id: string
  citizenPersonId: string
  serviceId: string
  subject: string
  closedDaysAgo?: number
  closedByName?: string
  messages: DemoMessage[]
}

const id = (n: number) => `00000000-0000-4000-8000-000000000${n}`

export const DEMO_THREADS: readonly DemoThread[] = [
  {
    id: id(801),
    citizenPersonId: p.ingridBerg.id,
    serviceId: s.tonsbergHjemmesykepleie.id,
    subject: 'Besøket på torsdag',
    messages: [
      {
        id: id(851),
        daysAgo: 3,
        from: 'citizen',
        writer: { personId: p.perBerg.id, basis: 'fullmakt' },
        authorName: 'Per Berg',
        read: true,
        body: 'Hei. Mor skal til frisøren torsdag formiddag. Kan dere komme etter klokka 13 den dagen?',
      },
      {
        id: id(852),
        daysAgo: 2,
        from: 'service',
        writer: { staffId: DEMO_STAFF.liseLund.id },
        authorName: 'Lise Lund, sykepleier',
        // Not read yet: Per's Min side says an answer waits for Ingrid.
        read: false,
        body: 'Hei Per. Det går fint, vi kommer mellom 13 og 14 på torsdag. Hilsen Lise, hjemmesykepleien.',
      },
    ],
  },
  {
    id: id(802),
    citizenPersonId: p.ingridBerg.id,
    serviceId: s.tonsbergHjemmesykepleie.id,
    subject: 'Medisinlisten etter sykehusoppholdet',
    messages: [
      // Seven days: at least one working day lies between it and today whatever the date (the longest run of days off,
      // Easter's Thursday to Monday, is five), so it is overdue every day of the year.
      {
        id: id(853),
        daysAgo: 7,
        from: 'citizen',
        writer: { personId: p.perBerg.id, basis: 'fullmakt' },
        authorName: 'Per Berg',
        read: false,
        body: 'Mor kom hjem fra sykehuset i går. Har dere fått den nye medisinlisten fra legen?',
      },
    ],
  },
  {
    id: id(803),
    citizenPersonId: p.emmaNordmann.id,
    serviceId: s.tonsbergHelsestasjon.id,
    subject: 'Vaksine før skolestart',
    messages: [
      {
        id: id(854),
        daysAgo: 0,
        from: 'citizen',
        writer: { personId: p.kariNordmann.id, basis: 'parent' },
        authorName: 'Kari Nordmann',
        read: false,
        body: 'Hei. Emma mangler en vaksine fra 7-årsalderen. Kan vi få time til det?',
      },
    ],
  },
  {
    id: id(804),
    citizenPersonId: p.oddDahl.id,
    serviceId: s.faerderHjemmesykepleie.id,
    subject: 'Ny kode til nøkkelboksen',
    closedDaysAgo: 20,
    closedByName: 'Tor Tangen',
    messages: [
      {
        id: id(855),
        daysAgo: 24,
        from: 'citizen',
        writer: { personId: p.livDahl.id, basis: 'assigned-fullmakt' },
        authorName: 'Liv Dahl',
        read: true,
        body: 'Vi har byttet kode på nøkkelboksen. Ring meg, så får dere den nye koden.',
      },
      {
        id: id(856),
        daysAgo: 23,
        from: 'service',
        writer: { staffId: DEMO_STAFF.torTangen.id },
        authorName: 'Tor Tangen, sykepleier',
        read: true,
        body: 'Takk, vi har fått koden på telefon. Hilsen Tor.',
      },
    ],
  },
]

/** When a demo message was written: `daysAgo` whole days before `now`, and an hour more. */
export function demoMessageTime(now: Date, daysAgo: number): Date {
  return new Date(now.getTime() - daysAgo * DAY - 3_600_000)
}

/** Idempotent: does nothing when the first demo thread exists. Times are `now` minus whole days. */
export async function seedDemoThreads(db: Kysely<DB>, now: Date = new Date()): Promise<{ inserted: boolean }> {
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('citizen_thread').select('id').where('id', '=', id(801)).executeTakeFirst()
    if (exists) return { inserted: false }
    for (const thread of DEMO_THREADS) {
      const times = thread.messages.map((m) => demoMessageTime(now, m.daysAgo))
      const first = thread.messages[0]
      const firstAt = times[0]
      const lastAt = times[times.length - 1]
      if (!first || !firstAt || !lastAt) continue
      const last = thread.messages[thread.messages.length - 1]
      const closedAt = thread.closedDaysAgo === undefined ? null : new Date(now.getTime() - thread.closedDaysAgo * DAY)
      await trx
        .insertInto('citizen_thread')
        .values({
          id: thread.id,
          citizen_person_id: thread.citizenPersonId,
          service_id: thread.serviceId,
          subject: thread.subject,
          status: closedAt ? 'closed' : 'open',
          // The first message's MsgId, as for threads started in Samband.
          conversation_ref: first.id,
          created_at: firstAt,
          last_message_at: lastAt,
          answer_due_at: !closedAt && last?.from === 'citizen' ? endOfNextWorkingDay(lastAt) : null,
          closed_at: closedAt,
          closed_by_name: thread.closedByName ?? null,
        })
        .execute()
      await trx
        .insertInto('citizen_message')
        .values(
          thread.messages.map((m, i) => ({
            id: m.id,
            thread_id: thread.id,
            from_side: m.from,
            body: m.body,
            written_by_person_id: 'personId' in m.writer ? m.writer.personId : null,
            written_by_staff_id: 'staffId' in m.writer ? m.writer.staffId : null,
            author_name: m.authorName,
            representation_basis: 'basis' in m.writer ? m.writer.basis : null,
            created_at: times[i] as Date,
            read_at: m.read ? new Date((times[i] as Date).getTime() + 3_600_000) : null,
            msg_id: m.id,
          })),
        )
        .execute()
    }
    return { inserted: true }
  })
}
