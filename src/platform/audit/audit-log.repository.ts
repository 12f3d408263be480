import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { AuditLogTable, DB } from '../db/schema.ts'
import { type AuditEntry, type ChainLink, type ChainVerdict, GENESIS_HASH, linkHash, verifyLinks } from './audit-chain.rules.ts'

/**
 * Appends one entry inside the caller's transaction, so the record and the action it records
 * commit or fail together. Locking the chain head serialises writers: links never fork.
 */
export async function appendAudit(trx: Transaction<DB>, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  const head = await trx.selectFrom('audit_chain_head').select(['seq', 'hash']).forUpdate().executeTakeFirstOrThrow()
  const seq = Number(head.seq) + 1
  const hash = linkHash(seq, head.hash, entry)
  await trx
    .insertInto('audit_log')
    .values({
      seq,
      at: entry.at,
      request_id: entry.requestId,
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      actor_name: entry.actorName,
      actor_role: entry.actorRole,
      on_behalf_of_person_id: entry.onBehalfOfPersonId,
      organisation_id: entry.organisationId,
      service_id: entry.serviceId,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      patient_person_id: entry.patientPersonId,
      reason: entry.reason,
      decision: entry.decision,
      decision_basis: entry.decisionBasis,
      emergency: entry.emergency,
      prev_hash: head.hash,
      hash,
    })
    .execute()
  await trx.updateTable('audit_chain_head').set({ seq, hash }).where('singleton', '=', true).execute()
  return { seq, hash }
}

export function rowToEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    at: new Date(row.at),
    requestId: row.request_id,
    actorType: row.actor_type as AuditEntry['actorType'],
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    onBehalfOfPersonId: row.on_behalf_of_person_id,
    organisationId: row.organisation_id,
    serviceId: row.service_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    patientPersonId: row.patient_person_id,
    reason: row.reason,
    decision: row.decision,
    decisionBasis: row.decision_basis,
    emergency: row.emergency,
  }
}

/** Checks the whole chain in pages, and that the head row points at its last link. */
export async function verifyAuditChain(db: Kysely<DB>, pageSize = 5000): Promise<ChainVerdict> {
  let start = { seq: 0, hash: GENESIS_HASH }
  let checked = 0
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', start.seq).orderBy('seq').limit(pageSize).execute()
    const links: ChainLink[] = rows.map((r) => ({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, entry: rowToEntry(r) }))
    const verdict = verifyLinks(links, start)
    if (!verdict.ok) return { ...verdict, checked: checked + verdict.checked }
    checked += verdict.checked
    if (rows.length > 0) start = { seq: start.seq + rows.length, hash: verdict.headHash }
    if (rows.length < pageSize) break
  }
  // Entries cut off the end leave the head pointing past the last link.
  const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).executeTakeFirstOrThrow()
  if (Number(head.seq) !== start.seq || head.hash !== start.hash) {
    return { ok: false, checked, brokenAtSeq: start.seq + 1, problem: 'sequence-gap' }
  }
  return { ok: true, checked, headHash: head.hash }
}

/** How many rows of `action` this actor has in the log since `since` (e.g. their recent look-ups of people). */
export async function countRecentActions(db: Kysely<DB>, actorId: string, action: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('actor_id', '=', actorId)
    .where('action', '=', action)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Rows of one organisation, service, actor, decision and day (Europe/Oslo), counted: what a citizen's access log shows. */
export type AccessGroup = {
  day: string
  lastAt: Date
  count: number
  organisationId: string | null
  serviceId: string | null
  actorType: string
  actorName: string | null
  actorRole: string | null
  decision: 'allowed' | 'denied'
  /** The strongest basis of an allowed group (e.g. 'parent'); a deny code for a refused one. */
  basis: string | null
  resourceTypes: string[]
  emergency: boolean
}

export type AccessGroupQuery = {
  /** First and last day (YYYY-MM-DD, Oslo), both included; null for no limit. */
  from: string | null
  to: string | null
  organisationId: string | null
  offset: number
  limit: number
}

/**
 * Who has accessed, or tried to access, this person's information: by others (what the person did themselves is left
 * out), grouped by day, organisation, service, actor and whether it was refused, newest first; with the number of
 * groups and the organisations in the whole log (for a filter).
 */
export async function listAccessGroups(
  db: Kysely<DB>,
  personId: string,
  query: AccessGroupQuery,
): Promise<{ items: AccessGroup[]; total: number; organisationIds: string[] }> {
  const day = sql<string>`to_char(at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD')`
  const base = db.selectFrom('audit_log').where('patient_person_id', '=', personId).where(sql<boolean>`actor_id IS DISTINCT FROM ${personId}`)
  let filtered = base
  if (query.from !== null) filtered = filtered.where(day, '>=', query.from)
  if (query.to !== null) filtered = filtered.where(day, '<=', query.to)
  if (query.organisationId !== null) filtered = filtered.where('organisation_id', '=', query.organisationId)
  const rows = await filtered
    .select([
      day.as('day'),
      'organisation_id',
      'service_id',
      'actor_type',
      'actor_id',
      'decision',
      sql<string | null>`max(actor_name)`.as('actor_name'),
      sql<string | null>`max(actor_role)`.as('actor_role'),
      sql<string | null>`max(decision_basis)`.as('basis'),
      sql<Date>`max(at)`.as('last_at'),
      sql<string>`count(*)`.as('n'),
      sql<boolean>`bool_or(emergency)`.as('emergency'),
      sql<string[]>`array_agg(DISTINCT resource_type)`.as('resource_types'),
    ])
    .groupBy([day, 'organisation_id', 'service_id', 'actor_type', 'actor_id', 'decision'])
    .orderBy(sql`max(seq)`, 'desc')
    .offset(query.offset)
    .limit(query.limit)
    .execute()
  const groups = filtered.select(day.as('day')).groupBy([day, 'organisation_id', 'service_id', 'actor_type', 'actor_id', 'decision'])
  const counted = await db
    .selectFrom(groups.as('g'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  const organisations = await base.select('organisation_id').distinct().where('organisation_id', 'is not', null).execute()
  return {
    total: Number(counted.n),
    organisationIds: organisations.flatMap((o) => (o.organisation_id ? [o.organisation_id] : [])),
    items: rows.map((r) => ({
      day: r.day,
      lastAt: new Date(r.last_at),
      count: Number(r.n),
      organisationId: r.organisation_id,
      serviceId: r.service_id,
      actorType: r.actor_type,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      decision: r.decision,
      basis: r.basis,
      resourceTypes: [...r.resource_types].sort(),
      emergency: r.emergency,
    })),
  }
}
