/** What the citizen and the staff see of a thread: the contract's shapes, built from the stored rows. */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findStaffByIds } from '../../registry/index.ts'
import { loadServiceAvailability } from '../onboarding/digital-services.repository.ts'
import { listMessages, type MessageRow, receivesService, type ThreadRow, type ThreadSummaryRow } from './messaging.repository.ts'
import { ANSWER_TIME_TEXT, citizenWriteRefusal, isOverdue, serviceWriteRefusal, writtenByLabel } from './messaging.rules.ts'
import type { StaffThreadDetail, ThreadDetail } from './messaging.schemas.ts'
import type { StaffThreadRow } from './staff-thread-list.repository.ts'
import { findAssignment, listNotes } from './thread-work.repository.ts'

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString())

function serviceRef(thread: ThreadRow) {
  return { id: thread.service.id, name: thread.service.name, organisationName: thread.service.organisationName }
}

function messageView(thread: ThreadRow, m: MessageRow) {
  return {
    id: m.id,
    from: m.fromSide,
    authorName: m.authorName,
    onBehalfOf: m.fromSide === 'citizen' && m.writtenByPersonId !== thread.citizenPersonId,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    readAt: iso(m.readAt),
    attachments: m.attachments,
  }
}

function detailFields(thread: ThreadRow, canReply: boolean, endsAt: Date | null) {
  return {
    id: thread.id,
    subject: thread.subject,
    status: thread.status,
    service: serviceRef(thread),
    createdAt: thread.createdAt.toISOString(),
    answerDueAt: iso(thread.answerDueAt),
    closedAt: iso(thread.closedAt),
    closedByName: thread.closedByName,
    canReply,
    endsAt: iso(endsAt),
    answerTime: ANSWER_TIME_TEXT,
  }
}

/** The citizen's view: canReply when they may still write here now (open thread, service open, still receiving help). */
export async function citizenThreadDetail(db: Kysely<DB>, thread: ThreadRow, now: Date): Promise<ThreadDetail> {
  const messages = await listMessages(db, thread.id)
  const availability = (await loadServiceAvailability(db, [thread.service.id], 'messages', now)).get(thread.service.id)
  const receives = await receivesService(db, thread.citizenPersonId, thread.service.id, now)
  const canReply = citizenWriteRefusal({ receivesService: receives, availability, threadStatus: thread.status }) === null
  return { ...detailFields(thread, canReply, availability?.endsAt ?? null), messages: messages.map((m) => messageView(thread, m)) }
}

type AssigneeNames = Map<string, { givenName: string; familyName: string }>

/** Names of the staff members who have these threads (one registry query). */
export function assigneeNames(db: Kysely<DB>, staffIds: readonly (string | null)[]): Promise<AssigneeNames> {
  return findStaffByIds(
    db,
    staffIds.filter((id): id is string => id !== null),
  )
}

function assigneeView(names: AssigneeNames, staffId: string | null, assignedAt: Date | null) {
  const staff = staffId ? names.get(staffId) : undefined
  return staffId && staff && assignedAt ? { staffId, name: `${staff.givenName} ${staff.familyName}`, assignedAt: assignedAt.toISOString() } : null
}

/** The staff's view: also whose thread it is, who actually wrote each message, who has it, and the internal notes. */
export async function staffThreadDetail(db: Kysely<DB>, thread: ThreadRow, now: Date): Promise<StaffThreadDetail> {
  const messages = await listMessages(db, thread.id)
  const availability = (await loadServiceAvailability(db, [thread.service.id], 'messages', now)).get(thread.service.id)
  const canReply = serviceWriteRefusal({ availability, threadStatus: thread.status }) === null
  const assignment = await findAssignment(db, thread.id)
  const names = await assigneeNames(db, [assignment?.staffId ?? null])
  const notes = await listNotes(db, thread.id)
  return {
    ...detailFields(thread, canReply, availability?.endsAt ?? null),
    overdue: thread.status === 'open' && isOverdue(thread.answerDueAt, now),
    assignee: assigneeView(names, assignment?.staffId ?? null, assignment?.assignedAt ?? null),
    notes: notes.map((n) => ({ id: n.id, authorName: n.authorName, body: n.body, createdAt: n.createdAt.toISOString() })),
    citizen: { personId: thread.citizenPersonId, name: thread.citizenName, birthDate: thread.citizenBirthDate },
    messages: messages.map((m) => ({
      ...messageView(thread, m),
      writtenBy: writtenByLabel({
        fromSide: m.fromSide,
        authorName: m.authorName,
        basis: m.representationBasis,
        citizenName: thread.citizenName,
        viaSystem: m.writtenByClientId !== null,
      }),
    })),
  }
}

export function citizenThreadSummary(row: ThreadSummaryRow) {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    service: serviceRef(row),
    lastMessageAt: row.lastMessageAt.toISOString(),
    unreadCount: row.unreadCount,
    answerDueAt: iso(row.answerDueAt),
  }
}

export function staffThreadSummary(row: StaffThreadRow, now: Date, names: AssigneeNames) {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    citizen: { personId: row.citizenPersonId, name: row.citizenName, birthDate: row.citizenBirthDate },
    lastMessageAt: row.lastMessageAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    unreadCount: row.unreadCount,
    answerDueAt: iso(row.answerDueAt),
    overdue: isOverdue(row.answerDueAt, now),
    awaitingAnswer: row.answerDueAt !== null,
    assignee: assigneeView(names, row.assignedStaffId, row.assignedAt),
    messageCount: row.messageCount,
    lastMessageFrom: row.lastMessageFrom,
  }
}
