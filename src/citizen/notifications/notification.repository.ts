/** SQL of citizen notifications: the outbox (enqueue, claim, outcome) and the citizen's chosen level. */
import { type Kysely, sql, type Transaction } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../platform/db/schema.ts'
import {
  DEFAULT_NOTIFICATION_LEVEL,
  type NotificationChannel,
  type NotificationKind,
  type NotificationLevel,
  notificationKindSchema,
} from './notification-rules.ts'

type Db = Kysely<DB> | Transaction<DB>

/** What a caller says about an event. No content, no contact details: see notification-templates.ts. */
export const enqueueNotificationSchema = z.strictObject({
  /** Names the event, e.g. 'citizen-message:<message id>': enqueuing the same event for the same person again does nothing. */
  eventKey: z.string().min(1).max(200),
  personId: z.uuid(),
  kind: notificationKindSchema,
  senderName: z.string().max(200).nullable(),
  senderSensitive: z.boolean(),
  /** Not before this time (e.g. an appointment reminder); now when left out. */
  notBefore: z.date().optional(),
})
export type EnqueueNotification = z.input<typeof enqueueNotificationSchema>

/**
 * Enqueues a notification inside the caller's transaction, so it exists exactly when its cause was committed.
 * Returns false when this event was already enqueued for this person.
 */
export async function enqueueNotification(trx: Transaction<DB>, input: EnqueueNotification): Promise<boolean> {
  const n = enqueueNotificationSchema.parse(input)
  const row = await trx
    .insertInto('notification_outbox')
    .values({
      event_key: n.eventKey,
      person_id: n.personId,
      kind: n.kind,
      // A sensitive sender's name is not even kept.
      sender_name: n.senderSensitive ? null : n.senderName,
      sender_sensitive: n.senderSensitive,
      next_attempt_at: n.notBefore ?? sql<Date>`now()`,
    })
    .onConflict((oc) => oc.constraint('notification_outbox_event_once').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

export type DueNotification = { id: string; nationalId: string }

/** Candidates for a pass, without locks: the worker looks their contacts up before it claims them one by one. */
export async function listDueNotifications(db: Db, now: Date, limit: number): Promise<DueNotification[]> {
  const rows = await db
    .selectFrom('notification_outbox as o')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .select(['o.id', 'p.national_id'])
    .where('o.status', '=', 'pending')
    .where('o.next_attempt_at', '<=', now)
    .orderBy('o.next_attempt_at')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, nationalId: r.national_id }))
}

export type ClaimedNotification = {
  id: string
  personId: string
  nationalId: string
  kind: NotificationKind
  senderName: string | null
  senderSensitive: boolean
  attempts: number
}

/**
 * Locks one notification for the rest of the caller's transaction if it is still pending and due (FOR UPDATE SKIP
 * LOCKED: a row another worker holds is passed over, not waited for). Null when it is gone, done or taken.
 */
export async function claimNotification(trx: Transaction<DB>, id: string, now: Date): Promise<ClaimedNotification | null> {
  const result = await sql<{
    id: string
    person_id: string
    national_id: string
    kind: NotificationKind
    sender_name: string | null
    sender_sensitive: boolean
    attempts: number
  }>`
    SELECT o.id, o.person_id, p.national_id, o.kind, o.sender_name, o.sender_sensitive, o.attempts
    FROM notification_outbox o
    JOIN person p ON p.id = o.person_id
    WHERE o.id = ${id} AND o.status = 'pending' AND o.next_attempt_at <= ${now}
    FOR UPDATE OF o SKIP LOCKED
  `.execute(trx)
  const r = result.rows[0]
  if (!r) return null
  return {
    id: r.id,
    personId: r.person_id,
    nationalId: r.national_id,
    kind: r.kind,
    senderName: r.sender_name,
    senderSensitive: r.sender_sensitive,
    attempts: r.attempts,
  }
}

export async function markNotificationSent(db: Db, id: string, channel: NotificationChannel, now: Date): Promise<void> {
  await db.updateTable('notification_outbox').set({ status: 'sent', channel, completed_at: now, outcome_reason: null }).where('id', '=', id).execute()
}

export async function markNotificationSkipped(db: Db, id: string, reason: string, now: Date): Promise<void> {
  await db.updateTable('notification_outbox').set({ status: 'skipped', completed_at: now, outcome_reason: reason }).where('id', '=', id).execute()
}

/** One more failed attempt: try again at `retryAt`, or give up (status 'failed') when it is null. */
export async function recordNotificationFailure(
  db: Db,
  id: string,
  failure: { channel: NotificationChannel; reason: string; retryAt: Date | null; now: Date },
): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      channel: failure.channel,
      outcome_reason: failure.reason,
      ...(failure.retryAt ? { next_attempt_at: failure.retryAt } : { status: 'failed' as const, completed_at: failure.now }),
    }))
    .where('id', '=', id)
    .execute()
}

export async function getNotificationLevel(db: Db, personId: string): Promise<NotificationLevel> {
  const row = await db.selectFrom('notification_preference').select('level').where('person_id', '=', personId).executeTakeFirst()
  return row?.level ?? DEFAULT_NOTIFICATION_LEVEL
}

export async function setNotificationLevel(db: Db, personId: string, level: NotificationLevel, now: Date): Promise<void> {
  await db
    .insertInto('notification_preference')
    .values({ person_id: personId, level, updated_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ level, updated_at: now }))
    .execute()
}
