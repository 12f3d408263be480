/**
 * SQL of staff's work on citizen threads: who in the service has a thread, internal notes, and the service's answer
 * templates. Nothing here is read by a citizen's use case, and nothing is sent to the EPJ.
 */
import type { DB } from '../../platform/db/schema.ts'
import type { Db } from './messaging.repository.ts'

export type Assignment = { staffId: string; assignedAt: Date }
export type ThreadNote = { id: string; authorName: string; body: string; createdAt: Date }
export type AnswerTemplateRow = { id: string; title: string; body: string; updatedAt: Date; updatedByStaffId: string }

export async function findAssignment(db: Db, threadId: string): Promise<Assignment | null> {
  const row = await db.selectFrom('citizen_thread').select(['assigned_staff_id', 'assigned_at']).where('id', '=', threadId).executeTakeFirst()
  return row?.assigned_staff_id && row.assigned_at ? { staffId: row.assigned_staff_id, assignedAt: row.assigned_at } : null
}

/** Gives the thread to a staff member, or to nobody (null). */
export async function setAssignment(db: Db, threadId: string, staffId: string | null, now: Date): Promise<void> {
  await db
    .updateTable('citizen_thread')
    .set({ assigned_staff_id: staffId, assigned_at: staffId === null ? null : now })
    .where('id', '=', threadId)
    .execute()
}

export async function insertNote(db: Db, note: { threadId: string; body: string; staffId: string; authorName: string; now: Date }): Promise<string> {
  const row = await db
    .insertInto('citizen_thread_note')
    .values({ thread_id: note.threadId, body: note.body, written_by_staff_id: note.staffId, author_name: note.authorName, created_at: note.now })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Oldest first, like the messages. */
export async function listNotes(db: Db, threadId: string): Promise<ThreadNote[]> {
  const rows = await db
    .selectFrom('citizen_thread_note')
    .select(['id', 'author_name', 'body', 'created_at'])
    .where('thread_id', '=', threadId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, authorName: r.author_name, body: r.body, createdAt: r.created_at }))
}

const templateColumns = ['id', 'title', 'body', 'updated_at', 'updated_by_staff_id'] as const
type TemplateRow = Pick<DB['service_answer_template'], 'title' | 'body'> & { id: string; updated_at: Date; updated_by_staff_id: string }
const toTemplate = (r: TemplateRow): AnswerTemplateRow => ({
  id: r.id,
  title: r.title,
  body: r.body,
  updatedAt: r.updated_at,
  updatedByStaffId: r.updated_by_staff_id,
})

/** The service's templates by title. */
export async function listTemplates(db: Db, serviceId: string): Promise<AnswerTemplateRow[]> {
  const rows = await db
    .selectFrom('service_answer_template')
    .select(templateColumns)
    .where('service_id', '=', serviceId)
    .orderBy('title')
    .orderBy('id')
    .execute()
  return rows.map(toTemplate)
}

/** Null when the service already has a template with this title. */
export async function insertTemplate(
  db: Db,
  input: { serviceId: string; title: string; body: string; staffId: string; now: Date },
): Promise<AnswerTemplateRow | null> {
  const row = await db
    .insertInto('service_answer_template')
    .values({ service_id: input.serviceId, title: input.title, body: input.body, updated_by_staff_id: input.staffId, updated_at: input.now })
    .onConflict((oc) => oc.columns(['service_id', 'title']).doNothing())
    .returning(templateColumns)
    .executeTakeFirst()
  return row ? toTemplate(row) : null
}

/** Null when the service has no such template. A title another template has is the caller's to refuse first. */
export async function updateTemplate(
  db: Db,
  input: { serviceId: string; id: string; title: string; body: string; staffId: string; now: Date },
): Promise<AnswerTemplateRow | null> {
  const row = await db
    .updateTable('service_answer_template')
    .set({ title: input.title, body: input.body, updated_by_staff_id: input.staffId, updated_at: input.now })
    .where('service_id', '=', input.serviceId)
    .where('id', '=', input.id)
    .returning(templateColumns)
    .executeTakeFirst()
  return row ? toTemplate(row) : null
}

export async function findTemplateByTitle(db: Db, serviceId: string, title: string): Promise<{ id: string } | null> {
  const row = await db.selectFrom('service_answer_template').select('id').where('service_id', '=', serviceId).where('title', '=', title).executeTakeFirst()
  return row ?? null
}

/** Whether a template was deleted. */
export async function deleteTemplate(db: Db, serviceId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('service_answer_template').where('service_id', '=', serviceId).where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
