/** SQL of citizen notifications: the outbox (enqueue, claim, outcome) and the citizen's chosen level. */
import { type Kysely, sql, type Transaction } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../platform/db/schema.ts'
import { findPersonsByIds } from '../../registry/index.ts'
import { DEFAULT_OUTBOX_LEASE_MS } from '../../platform/notify/outbox-worker.ts'
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

export type ClaimedNotification = {
  id: string
  personId: string
  nationalId: string
  kind: NotificationKind
  senderName: string | null
  senderSensitive: boolean
  /** Failed attempts so far. */
  attempts: number
  /** When it was due before the claim leased it. */
  dueAt: Date
  /** The citizen's chosen level (the default when they chose none). */
  level: NotificationLevel
}

/**
 * Claims due notifications for the rest of the caller's transaction and leases them until `leaseUntil`: pending rows
 * whose next attempt has come, oldest first, locked with FOR UPDATE SKIP LOCKED (a row another worker holds is passed
 * over, not waited for) and moved to `leaseUntil`, so that once the transaction commits no other worker takes them
 * while they are being sent. With `id`, only that row.
 */
export async function claimNotifications(
  trx: Transaction<DB>,
  request: { now: Date; limit: number; leaseUntil: Date; id?: string },
): Promise<ClaimedNotification[]> {
  const result = await sql<{
    id: string
    person_id: string
    kind: NotificationKind
    sender_name: string | null
    sender_sensitive: boolean
    attempts: number
    next_attempt_at: Date
  }>`
    SELECT o.id, o.person_id, o.kind, o.sender_name, o.sender_sensitive, o.attempts, o.next_attempt_at
    FROM notification_outbox o
    WHERE o.status = 'pending' AND o.next_attempt_at <= ${request.now} ${request.id === undefined ? sql`` : sql`AND o.id = ${request.id}`}
    ORDER BY o.next_attempt_at
    LIMIT ${request.limit}
    FOR UPDATE OF o SKIP LOCKED
  `.execute(trx)
  if (result.rows.length === 0) return []
  const ids = result.rows.map((r) => r.id)
  await trx.updateTable('notification_outbox').set({ next_attempt_at: request.leaseUntil }).where('id', 'in', ids).execute()
  const levels = await trx
    .selectFrom('notification_preference')
    .select(['person_id', 'level'])
    .where('person_id', 'in', [...new Set(result.rows.map((r) => r.person_id))])
    .execute()
  const levelOf = new Map(levels.map((l) => [l.person_id, l.level]))
  // The contact register is asked by national identity number, which the registry holds.
  const people = await findPersonsByIds(
    trx,
    result.rows.map((r) => r.person_id),
  )
  return result.rows.flatMap((r) => {
    const person = people.get(r.person_id)
    if (!person) return []
    return [
      {
        id: r.id,
        personId: r.person_id,
        nationalId: person.nationalId,
        kind: r.kind,
        senderName: r.sender_name,
        senderSensitive: r.sender_sensitive,
        attempts: r.attempts,
        dueAt: new Date(r.next_attempt_at),
        level: levelOf.get(r.person_id) ?? DEFAULT_NOTIFICATION_LEVEL,
      },
    ]
  })
}

/** One notification, claimed and leased as claimNotifications does; null when it is gone, done, not due or taken. */
export async function claimNotification(
  trx: Transaction<DB>,
  id: string,
  now: Date,
  leaseUntil: Date = new Date(now.getTime() + DEFAULT_OUTBOX_LEASE_MS),
): Promise<ClaimedNotification | null> {
  return (await claimNotifications(trx, { now, limit: 1, leaseUntil, id }))[0] ?? null
}

export async function markNotificationSent(db: Db, id: string, channel: NotificationChannel, now: Date): Promise<void> {
  await db.updateTable('notification_outbox').set({ status: 'sent', channel, completed_at: now, outcome_reason: null }).where('id', '=', id).execute()
}

export async function markNotificationSkipped(db: Db, id: string, reason: string, now: Date): Promise<void> {
  await db.updateTable('notification_outbox').set({ status: 'skipped', completed_at: now, outcome_reason: reason }).where('id', '=', id).execute()
}

/** A failed attempt (`attempts` in all now): try again at `retryAt`, or give up (status 'failed') when it is null. */
export async function recordNotificationFailure(
  db: Db,
  id: string,
  failure: { channel: NotificationChannel; attempts: number; reason: string; retryAt: Date | null; now: Date },
): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({
      attempts: failure.attempts,
      channel: failure.channel,
      outcome_reason: failure.reason,
      ...(failure.retryAt ? { next_attempt_at: failure.retryAt } : { status: 'failed' as const, completed_at: failure.now }),
    })
    .where('id', '=', id)
    .execute()
}

/** Not tried in this pass (its channel had just failed for another row): due again as it was, no attempt spent. */
export async function releaseNotification(db: Db, id: string, dueAt: Date): Promise<void> {
  await db.updateTable('notification_outbox').set({ next_attempt_at: dueAt }).where('id', '=', id).where('status', '=', 'pending').execute()
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
