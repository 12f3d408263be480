import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { CommunicationParty, PartyWithProcesses } from './address-registry.types.ts'
import type { MessageProcess } from './message-processes.ts'

type Db = Kysely<DB> | Transaction<DB>

const PARTY_COLUMNS = [
  'p.her_id',
  'p.kind',
  'p.name',
  'p.parent_her_id',
  'p.organisation_number',
  'p.organisation_id',
  'p.service_id',
  'p.hpr_number',
  'p.installation',
  'p.contact_email',
  'p.active',
] as const

type PartyRow = {
  her_id: number
  kind: CommunicationParty['kind']
  name: string
  parent_her_id: number | null
  organisation_number: string | null
  organisation_id: string | null
  service_id: string | null
  hpr_number: string | null
  installation: string
  contact_email: string | null
  active: boolean
}

function toParty(row: PartyRow): CommunicationParty {
  return {
    herId: row.her_id,
    kind: row.kind,
    name: row.name,
    parentHerId: row.parent_her_id,
    organisationNumber: row.organisation_number,
    organisationId: row.organisation_id,
    serviceId: row.service_id,
    hprNumber: row.hpr_number,
    installation: row.installation,
    contactEmail: row.contact_email,
    active: row.active,
  }
}

/** The parties with these HER-ids, with what they can receive; unknown ids are simply absent. One round trip. */
export async function findParties(db: Db, herIds: readonly number[]): Promise<Map<number, PartyWithProcesses>> {
  const result = new Map<number, PartyWithProcesses>()
  if (herIds.length === 0) return result
  const rows = await db
    .selectFrom('communication_party as p')
    .leftJoin('communication_party as parent', 'parent.her_id', 'p.parent_her_id')
    .select([
      ...PARTY_COLUMNS,
      'parent.name as parent_name',
      sql<unknown>`coalesce((
        SELECT json_agg(json_build_object('msgType', pp.msg_type, 'payloadNamespace', pp.payload_namespace) ORDER BY pp.msg_type, pp.payload_namespace)
        FROM party_process pp WHERE pp.her_id = p.her_id), '[]'::json)`.as('processes'),
    ])
    .where('p.her_id', 'in', [...new Set(herIds)])
    .execute()
  for (const row of rows) {
    const processes = (typeof row.processes === 'string' ? JSON.parse(row.processes) : row.processes) as MessageProcess[]
    result.set(row.her_id, { ...toParty(row), parentName: row.parent_name, processes })
  }
  return result
}

/**
 * What routing one message needs of its parties: each party, and whether it takes this one process (`processes`
 * is then just that process, or empty). Cheaper than loading every party's whole process list on the hot path.
 */
export async function findPartiesForProcess(db: Db, herIds: readonly number[], process: MessageProcess): Promise<Map<number, PartyWithProcesses>> {
  const result = new Map<number, PartyWithProcesses>()
  if (herIds.length === 0) return result
  const rows = await db
    .selectFrom('communication_party as p')
    .select([
      ...PARTY_COLUMNS,
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('party_process as pp')
              .select(sql`1`.as('one'))
              .whereRef('pp.her_id', '=', 'p.her_id')
              .where('pp.msg_type', '=', process.msgType)
              .where('pp.payload_namespace', '=', process.payloadNamespace),
          )
          .as('receives'),
    ])
    .where('p.her_id', 'in', [...new Set(herIds)])
    .execute()
  for (const row of rows) result.set(row.her_id, { ...toParty(row), parentName: null, processes: row.receives ? [process] : [] })
  return result
}

/** Where a party is served ('local' or another installation), or null when unknown: all that routing needs. */
export async function installationOf(db: Db, herId: number): Promise<string | null> {
  const row = await db.selectFrom('communication_party').select('installation').where('her_id', '=', herId).executeTakeFirst()
  return row?.installation ?? null
}

export async function findParty(db: Db, herId: number): Promise<PartyWithProcesses | null> {
  return (await findParties(db, [herId])).get(herId) ?? null
}

/** The HER-ids an organisation may send and receive for: every active party it owns in this installation. */
export async function herIdsOwnedBy(db: Db, organisationId: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('communication_party')
    .select('her_id')
    .where('organisation_id', '=', organisationId)
    .where('installation', '=', 'local')
    .where('active', '=', true)
    .execute()
  return new Set(rows.map((r) => r.her_id))
}

export type PartySearch = { query: string; limit: number; offset: number; receives?: string }

/**
 * Search as in the Adresseregister: digits match a HER-id or an organisation number exactly, anything else
 * matches the name (or the parent's name) by substring, case-insensitively.
 */
export async function searchParties(db: Db, search: PartySearch): Promise<{ items: CommunicationParty[]; total: number }> {
  const query = search.query.trim()
  let base = db
    .selectFrom('communication_party as p')
    .leftJoin('communication_party as parent', 'parent.her_id', 'p.parent_her_id')
    .where('p.active', '=', true)
  if (/^[0-9]{1,10}$/.test(query)) {
    const asNumber = Number(query)
    base = base.where((eb) =>
      eb.or([...(asNumber <= 2_147_483_647 ? [eb('p.her_id', '=', asNumber)] : []), eb('p.organisation_number', '=', query), eb('p.hpr_number', '=', query)]),
    )
  } else if (query.length > 0) {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    base = base.where((eb) => eb.or([eb('p.name', 'ilike', pattern), eb('parent.name', 'ilike', pattern)]))
  }
  if (search.receives) {
    const msgType = search.receives
    base = base.where((eb) =>
      eb.exists(eb.selectFrom('party_process as pp').select(sql`1`.as('one')).whereRef('pp.her_id', '=', 'p.her_id').where('pp.msg_type', '=', msgType)),
    )
  }
  const [rows, count] = await Promise.all([
    base
      .select([...PARTY_COLUMNS, 'parent.name as parent_name'])
      .orderBy('p.name')
      .orderBy('p.her_id')
      .limit(search.limit)
      .offset(search.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toParty), total: Number(count.n) }
}

export async function upsertParty(db: Db, party: CommunicationParty, processes: readonly MessageProcess[]): Promise<void> {
  const row = {
    her_id: party.herId,
    kind: party.kind,
    name: party.name,
    parent_her_id: party.parentHerId,
    organisation_number: party.organisationNumber,
    organisation_id: party.organisationId,
    service_id: party.serviceId,
    hpr_number: party.hprNumber,
    installation: party.installation,
    contact_email: party.contactEmail,
    active: party.active,
  }
  await db
    .insertInto('communication_party')
    .values(row)
    .onConflict((oc) => oc.column('her_id').doUpdateSet(row))
    .execute()
  await db.deleteFrom('party_process').where('her_id', '=', party.herId).execute()
  if (processes.length > 0) {
    await db
      .insertInto('party_process')
      .values(processes.map((p) => ({ her_id: party.herId, msg_type: p.msgType, payload_namespace: p.payloadNamespace })))
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
}
