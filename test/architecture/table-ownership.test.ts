// Each table belongs to one module (ADR 0012); another module reaches it only through the owner's public face. This
// reads every non-test source file for the tables its SQL names (Kysely's selectFrom/insertInto/updateTable/deleteFrom
// and joins, and raw SQL's FROM/JOIN/INTO/UPDATE) and fails on a table of another module. Migrations create every
// table and are exempt; a table missing from the map fails too, so a new one must be given an owner.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

const OWNERS: Readonly<Record<string, readonly string[]>> = {
  platform: [
    'system_client',
    'dpop_proof_replay',
    'session',
    'login_attempt',
    'idp_payload',
    'idp_signing_key',
    'audit_log',
    'audit_chain_head',
    'dev_mailbox_message',
    'periodic_task',
  ],
  registry: ['organisation', 'service', 'person', 'parental_relation', 'staff', 'staff_membership', 'care_relation'],
  exchange: ['communication_party', 'party_process', 'exchange_message', 'exchange_delivery', 'exchange_alert'],
  citizen: [
    'fullmakt',
    'contact_register_entry',
    'notification_preference',
    'notification_outbox',
    'service_contact_info',
    'primary_contact',
    'terms_version',
    'municipality_onboarding',
    'terms_acceptance',
    'digital_service_activation',
    'municipality_termination',
    'citizen_thread',
    'citizen_message',
    'citizen_message_attachment',
    'citizen_thread_note',
    'service_answer_template',
  ],
}
const OWNER_OF = new Map(Object.entries(OWNERS).flatMap(([owner, tables]) => tables.map((t) => [t, owner] as const)))

const KYSELY = /\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'([a-z_]+)/g
const RAW = /\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_]+)\b/g

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

function tablesIn(text: string): Set<string> {
  return new Set([...text.matchAll(KYSELY), ...text.matchAll(RAW)].map((m) => m[1] as string))
}

const schemaTables = [...readFileSync(join(ROOT, 'src/platform/db/schema.ts'), 'utf8').matchAll(/^ {2}([a-z_]+): [A-Z]\w*Table$/gm)].map((m) => m[1])

describe('tables', () => {
  it('each have one owning module', () => {
    expect(schemaTables.length).toBeGreaterThan(30)
    expect(schemaTables.filter((t) => !OWNER_OF.has(t as string))).toEqual([])
  })

  it("are read and written only by their owner's code", () => {
    const trespasses: string[] = []
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const path = relative(join(ROOT, 'src'), file)
      const module = path.includes('/') ? (path.split('/')[0] as string) : null
      // The composition root composes the modules; it has no tables of its own and reads none.
      const owner = module === null ? 'root' : module
      for (const table of tablesIn(readFileSync(file, 'utf8'))) {
        const tableOwner = OWNER_OF.get(table)
        if (tableOwner && tableOwner !== owner) trespasses.push(`${path} → ${table} (${tableOwner})`)
      }
    }
    expect(trespasses).toEqual([])
  })

  it('finds a trespass when there is one', () => {
    expect([...tablesIn("db.selectFrom('person as p').innerJoin('service as s', 's.id', 'x')")]).toEqual(['person', 'service'])
    expect([...tablesIn('SELECT 1 FROM notification_outbox o JOIN person p ON p.id = o.person_id')]).toEqual(['notification_outbox', 'person'])
  })
})
