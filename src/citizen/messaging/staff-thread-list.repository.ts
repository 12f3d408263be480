/**
 * SQL of the service's inbox of citizen threads, one row per conversation: overdue first, then those awaiting an
 * answer (oldest deadline first), then the rest by last message, newest first; filtered by status, by who has the
 * thread, by one citizen, and by free text in the subject or the citizen's name.
 */
import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findPersonsByIds } from '../../registry/index.ts'
import { type Db, type ThreadSummaryRow, threadQuery, toThreads, unreadOf } from './messaging.repository.ts'

export type StaffStatusFilter = 'open' | 'closed' | 'all'

export type StaffThreadFilter = {
  status: StaffStatusFilter
  /** Only threads this staff member has; `unassigned` for threads nobody has. */
  assignedTo: string | 'unassigned' | null
  patientPersonId: string | null
  /** Free text: part of the subject or of the citizen's name, in any case. */
  text: string | null
}

export type StaffThreadRow = ThreadSummaryRow & {
  assignedStaffId: string | null
  assignedAt: Date | null
  messageCount: number
  lastMessageFrom: 'citizen' | 'service'
}

type ThreadEb = ExpressionBuilder<DB & { t: DB['citizen_thread'] }, 't'>

/** Case does not matter ("ingrid" finds "Ingrid"); Norwegian letters compare as themselves. */
const fold = (s: string) => s.toLocaleLowerCase('nb').normalize('NFC')

/**
 * The citizens with threads in this service whose name holds the text. Names live in the registry (another module's
 * tables), so they are matched here among the service's own citizens rather than joined in SQL.
 */
async function citizensNamed(db: Db, serviceId: string, status: StaffStatusFilter, text: string): Promise<string[]> {
  let query = db.selectFrom('citizen_thread as t').select('t.citizen_person_id').distinct().where('t.service_id', '=', serviceId)
  if (status !== 'all') query = query.where('t.status', '=', status)
  const ids = (await query.execute()).map((r) => r.citizen_person_id)
  const people = await findPersonsByIds(db, ids)
  const wanted = fold(text)
  return ids.filter((id) => {
    const p = people.get(id)
    return p !== undefined && fold(`${p.givenName} ${p.familyName}`).includes(wanted)
  })
}

/** LIKE's own characters in the user's text match themselves. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export async function listStaffThreads(
  db: Db,
  serviceId: string,
  filter: StaffThreadFilter,
  page: { limit: number; offset: number },
  now: Date,
): Promise<{ items: StaffThreadRow[]; total: number; unanswered: number; overdue: number }> {
  const named = filter.text ? await citizensNamed(db, serviceId, filter.status, filter.text) : []
  const where = (eb: ThreadEb): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [eb('t.service_id', '=', serviceId)]
    if (filter.status !== 'all') parts.push(eb('t.status', '=', filter.status))
    if (filter.assignedTo === 'unassigned') parts.push(eb('t.assigned_staff_id', 'is', null))
    else if (filter.assignedTo !== null) parts.push(eb('t.assigned_staff_id', '=', filter.assignedTo))
    if (filter.patientPersonId !== null) parts.push(eb('t.citizen_person_id', '=', filter.patientPersonId))
    if (filter.text) {
      const bySubject = sql<SqlBool>`t.subject ILIKE ${likePattern(filter.text)}`
      parts.push(named.length > 0 ? eb.or([bySubject, eb('t.citizen_person_id', 'in', named)]) : bySubject)
    }
    return eb.and(parts)
  }
  const rows = await threadQuery(db)
    .select([
      't.assigned_staff_id',
      't.assigned_at',
      unreadOf('citizen').as('unread_count'),
      sql<number>`(SELECT count(*) FROM citizen_message m WHERE m.thread_id = t.id)`.as('message_count'),
      sql<'citizen' | 'service'>`(SELECT m.from_side FROM citizen_message m WHERE m.thread_id = t.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1)`.as(
        'last_from',
      ),
    ])
    .where(where)
    .orderBy(sql`CASE WHEN t.answer_due_at < ${now} THEN 0 WHEN t.answer_due_at IS NOT NULL THEN 1 ELSE 2 END`)
    .orderBy(sql`t.answer_due_at ASC NULLS LAST`)
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  const counts = await db
    .selectFrom('citizen_thread as t')
    .where(where)
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) FILTER (WHERE t.answer_due_at IS NOT NULL)`.as('unanswered'),
      sql<number>`count(*) FILTER (WHERE t.answer_due_at < ${now})`.as('overdue'),
    ])
    .executeTakeFirstOrThrow()
  return {
    items: (await toThreads(db, rows)).map(({ row, ...thread }) => ({
      ...thread,
      unreadCount: Number(row.unread_count),
      assignedStaffId: row.assigned_staff_id,
      assignedAt: row.assigned_at,
      messageCount: Number(row.message_count),
      lastMessageFrom: row.last_from ?? 'citizen',
    })),
    total: Number(counts.total),
    unanswered: Number(counts.unanswered),
    overdue: Number(counts.overdue),
  }
}
