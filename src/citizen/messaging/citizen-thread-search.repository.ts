/**
 * SQL of the citizen's own view over their threads: the list, searched and paged, and how many threads wait with an
 * unread answer per person (Min side). Every query starts from the person's threads (citizen_thread_citizen_idx), so
 * a search reads one person's few threads and their messages (citizen_message_thread_idx), never the whole table.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findServicesWithOrganisation } from '../../registry/index.ts'
import { type ThreadSummaryRow, threadQuery, toThreads, unreadOf } from './messaging.repository.ts'

type Db = Kysely<DB> | Transaction<DB>

/** A thread with a message from the service the citizen has not read. */
const HAS_UNREAD_ANSWER = sql<boolean>`EXISTS (SELECT 1 FROM citizen_message m WHERE m.thread_id = t.id AND m.from_side = 'service' AND m.read_at IS NULL)`

/** `text` as a LIKE pattern that matches it anywhere, its own %, _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * The services of this person's threads whose name or organisation's name holds `text` (case-insensitive). The
 * registry owns the names: it is asked for the few services the person has threads with, and they are matched here.
 */
async function servicesNamed(db: Db, personId: string, text: string): Promise<string[]> {
  const rows = await db.selectFrom('citizen_thread').select('service_id').distinct().where('citizen_person_id', '=', personId).execute()
  if (rows.length === 0) return []
  const services = await findServicesWithOrganisation(
    db,
    rows.map((r) => r.service_id),
  )
  const needle = text.toLocaleLowerCase('nb')
  return [...services.values()]
    .filter((s) => s.name.toLocaleLowerCase('nb').includes(needle) || s.organisationName.toLocaleLowerCase('nb').includes(needle))
    .map((s) => s.id)
}

/**
 * A citizen's threads, newest activity first, those matching `q` only (in the subject, any message, or the service's
 * name) when it is given; `total` and `unread` (threads with an unread answer) count over every page of the result.
 */
export async function searchCitizenThreads(
  db: Db,
  personId: string,
  query: { q?: string | undefined; limit: number; offset: number },
): Promise<{ items: ThreadSummaryRow[]; total: number; unread: number }> {
  const text = query.q?.trim() ?? ''
  const serviceIds = text === '' ? [] : await servicesNamed(db, personId, text)
  const pattern = containsPattern(text)
  const matching = sql<boolean>`(
    t.subject ILIKE ${pattern} ESCAPE '\\'
    OR EXISTS (SELECT 1 FROM citizen_message mb WHERE mb.thread_id = t.id AND mb.body ILIKE ${pattern} ESCAPE '\\')
    ${serviceIds.length > 0 ? sql`OR t.service_id IN (${sql.join(serviceIds)})` : sql``}
  )`
  const filter = text === '' ? sql<boolean>`TRUE` : matching
  const rows = await threadQuery(db)
    .select(unreadOf('service').as('unread_count'))
    .where('t.citizen_person_id', '=', personId)
    .where(filter)
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id')
    .limit(query.limit)
    .offset(query.offset)
    .execute()
  const counts = await db
    .selectFrom('citizen_thread as t')
    .select((eb) => [eb.fn.countAll<number>().as('total'), sql<number>`count(*) FILTER (WHERE ${HAS_UNREAD_ANSWER})`.as('unread')])
    .where('t.citizen_person_id', '=', personId)
    .where(filter)
    .executeTakeFirstOrThrow()
  return {
    items: (await toThreads(db, rows)).map(({ row, ...thread }) => ({ ...thread, unreadCount: Number(row.unread_count) })),
    total: Number(counts.total),
    unread: Number(counts.unread),
  }
}

/** Per person, how many of their threads hold an answer not yet read (people without any are 0). */
export async function countThreadsWithUnreadAnswers(db: Db, personIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map(personIds.map((id) => [id, 0]))
  if (personIds.length === 0) return counts
  const rows = await db
    .selectFrom('citizen_thread as t')
    .select(['t.citizen_person_id', (eb) => eb.fn.countAll<number>().as('unread')])
    .where('t.citizen_person_id', 'in', personIds)
    .where(HAS_UNREAD_ANSWER)
    .groupBy('t.citizen_person_id')
    .execute()
  for (const row of rows) counts.set(row.citizen_person_id, Number(row.unread))
  return counts
}
