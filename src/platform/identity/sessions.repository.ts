import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { deleteExpiredDpopJtis } from './dpop.ts'

export type Session = {
  kind: 'citizen' | 'staff'
  personId: string | null
  staffId: string | null
  serviceId: string | null
  csrfToken: string
  idTokenHint: string | null
  expiresAt: Date
}

/** Only a hash of the cookie's token is stored: a copy of the table opens no sessions. */
function sessionKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export async function createSession(
  db: Kysely<DB>,
  input: Omit<Session, 'csrfToken' | 'expiresAt'>,
  ttlMinutes: number,
  now: Date,
): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url')
  const session: Session = { ...input, csrfToken: randomBytes(24).toString('base64url'), expiresAt: new Date(now.getTime() + ttlMinutes * 60_000) }
  await db
    .insertInto('session')
    .values({
      id: sessionKey(token),
      kind: session.kind,
      person_id: session.personId,
      staff_id: session.staffId,
      service_id: session.serviceId,
      csrf_token: session.csrfToken,
      id_token_hint: session.idTokenHint,
      expires_at: session.expiresAt,
    })
    .execute()
  return { token, session }
}

export async function findSession(db: Kysely<DB>, token: string, now: Date): Promise<Session | null> {
  const row = await db.selectFrom('session').selectAll().where('id', '=', sessionKey(token)).where('expires_at', '>', now).executeTakeFirst()
  if (!row) return null
  return {
    kind: row.kind,
    personId: row.person_id,
    staffId: row.staff_id,
    serviceId: row.service_id,
    csrfToken: row.csrf_token,
    idTokenHint: row.id_token_hint,
    expiresAt: row.expires_at,
  }
}

export async function deleteSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', sessionKey(token)).execute()
}

export async function deleteExpiredSessions(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db.deleteFrom('session').where('expires_at', '<=', now).executeTakeFirst()
  await db.deleteFrom('login_attempt').where('expires_at', '<=', now).execute()
  await db.deleteFrom('idp_payload').where('expires_at', '<=', now).execute()
  await deleteExpiredDpopJtis(db, now)
  return Number(result.numDeletedRows)
}

/** Staff switch the service they act for; the session is the only place that choice lives. */
export async function setSessionService(db: Kysely<DB>, token: string, serviceId: string): Promise<void> {
  await db.updateTable('session').set({ service_id: serviceId }).where('id', '=', sessionKey(token)).where('kind', '=', 'staff').execute()
}
