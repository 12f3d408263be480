// Access decisions as callers meet them, the audit rows they leave, the citizen's view of them
// (innsyn i logg), and the append-only hash chain underneath. The blocks run in order: later
// ones read what earlier ones wrote.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../src/platform/audit/audit-log.repository.ts'
import { firstNationalIdFrom } from '../../src/platform/identifiers/national-id.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { ALL_DEMO_SCOPES, auditHead, auditRowsAfter, bearer, expectProblem, O, P, S, SV, sessionHeaders } from './api-helpers.ts'

let t: TestApp
type Credentials = Record<string, string>
let lise: Credentials
let anders: Credentials
let hanne: Credentials
let tor: Credentials
let tonsbergEpj: Credentials
let sivEpj: Credentials

const EMERGENCY_REASON = 'Innlagt akutt med brystsmerter, trenger legemiddelliste'

beforeAll(async () => {
  t = await startTestApp()
  lise = sessionHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
  anders = sessionHeaders(await t.staffSession(S.andersAas.id, SV.sivMedisinsk.id))
  hanne = sessionHeaders(await t.staffSession(S.hanneHauge.id, SV.tonsbergHelsestasjon.id))
  tor = sessionHeaders(await t.staffSession(S.torTangen.id, SV.faerderHjemmesykepleie.id))
  tonsbergEpj = bearer(await t.systemToken(O.tonsberg.organisationNumber, ALL_DEMO_SCOPES))
  sivEpj = bearer(await t.systemToken(O.siv.organisationNumber, ALL_DEMO_SCOPES))
}, 60_000)

afterAll(async () => {
  await t?.close()
})

function lookup(headers: Credentials, nationalId: string, emergencyReason?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/patients/lookup',
    headers,
    payload: { nationalId, ...(emergencyReason === undefined ? {} : { emergencyReason }) },
  })
}

/** Runs a request and returns it with the audit rows it wrote. */
async function audited<R>(request: () => Promise<R>) {
  const before = await auditHead(t.db)
  const response = await request()
  return { response, rows: await auditRowsAfter(t.db, before) }
}

describe('staff looking up a patient', () => {
  it('with a care relation (Lise Lund, hjemmesykepleien Tønsberg → Ingrid Berg): 200 and an allowed audit row', async () => {
    const { response, rows } = await audited(() => lookup(lise, P.ingridBerg.nationalId))
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toEqual({
      id: P.ingridBerg.id,
      name: 'Ingrid Berg',
      birthDate: P.ingridBerg.birthDate,
      address: { line: 'Kirkeveien 5', postalCode: '3170', city: 'Sem' },
      confidentialAddress: false,
      emergencyAccess: false,
    })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      request_id: response.headers['x-request-id'],
      actor_type: 'staff',
      actor_id: S.liseLund.id,
      actor_name: 'Lise Lund',
      actor_role: 'sykepleier',
      organisation_id: O.tonsberg.id,
      service_id: SV.tonsbergHjemmesykepleie.id,
      action: 'patient-data:read',
      resource_type: 'patient',
      resource_id: P.ingridBerg.id,
      patient_person_id: P.ingridBerg.id,
      decision: 'allowed',
      decision_basis: 'care-relation',
      emergency: false,
      reason: null,
    })
  })

  it.each([
    ['Anders Aas (SiV, medisinsk)', () => anders, S.andersAas.id, SV.sivMedisinsk.id],
    ['Hanne Hauge (same municipality, another service)', () => hanne, S.hanneHauge.id, SV.tonsbergHelsestasjon.id],
    ['Tor Tangen (hjemmesykepleie, another municipality)', () => tor, S.torTangen.id, SV.faerderHjemmesykepleie.id],
  ])('without a care relation (%s): 403 and a denied audit row', async (_who, headers, staffId, serviceId) => {
    const { response, rows } = await audited(() => lookup(headers(), P.ingridBerg.nationalId))
    const problem = expectProblem(response, 403, 'forbidden')
    expect(JSON.stringify(problem)).not.toMatch(/care|relation|Ingrid/i)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actor_type: 'staff',
      actor_id: staffId,
      service_id: serviceId,
      action: 'patient-data:read',
      resource_type: 'patient',
      patient_person_id: P.ingridBerg.id,
      decision: 'denied',
      decision_basis: 'no-care-relation',
      emergency: false,
    })
  })

  it('emergency access with a written reason: 200 flagged, and the audit row carries the flag and the reason', async () => {
    const { response, rows } = await audited(() => lookup(anders, P.ingridBerg.nationalId, `  ${EMERGENCY_REASON}  `))
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ id: P.ingridBerg.id, emergencyAccess: true })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actor_id: S.andersAas.id,
      actor_name: 'Anders Aas',
      organisation_id: O.siv.id,
      service_id: SV.sivMedisinsk.id,
      patient_person_id: P.ingridBerg.id,
      decision: 'allowed',
      decision_basis: 'emergency-access',
      emergency: true,
      reason: EMERGENCY_REASON,
    })
  })

  it.each([
    ['one word', 'akutt'],
    ['nine letters', 'a b c d e f g h i'],
    ['punctuation only', '!!!!!!!!!!!!!!!!!!!!'],
    ['whitespace and dots', ' . . . . . . . . . . . . '],
  ])('emergency access with too short a reason (%s) is denied and logged as denied', async (_what, reason) => {
    const { response, rows } = await audited(() => lookup(anders, P.ingridBerg.nationalId, reason))
    expectProblem(response, 403, 'forbidden')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actor_id: S.andersAas.id, decision: 'denied', decision_basis: 'emergency-reason-required', emergency: false })
  })

  it('emergency access needs ten letters or digits: exactly ten is enough', async () => {
    const response = await lookup(tor, P.ingridBerg.nationalId, 'bevisstløs')
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ emergencyAccess: true })
  })

  it('a care relation wins over an emergency reason (no needless flag)', async () => {
    const { response, rows } = await audited(() => lookup(lise, P.ingridBerg.nationalId, EMERGENCY_REASON))
    expect(response.json()).toMatchObject({ emergencyAccess: false })
    expect(rows[0]).toMatchObject({ decision: 'allowed', decision_basis: 'care-relation', emergency: false })
  })

  it('an unknown (valid) national id is answered like a forbidden one, and logged as denied', async () => {
    const unknown = firstNationalIdFrom('1950-06-15', 100, 'female')
    expect(Object.values(P).map((p) => p.nationalId)).not.toContain(unknown)
    const { response, rows } = await audited(() => lookup(lise, unknown))
    const problem = expectProblem(response, 403, 'forbidden')
    const known = expectProblem(await lookup(lise, P.ahmedKhan.nationalId), 403, 'forbidden')
    expect({ ...problem, requestId: null }).toEqual({ ...known, requestId: null })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actor_id: S.liseLund.id, decision: 'denied', resource_id: null })
  })

  it('a confidential address is never shown', async () => {
    const response = await lookup(anders, P.saraHolm.nationalId, EMERGENCY_REASON)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ id: P.saraHolm.id, address: null, confidentialAddress: true })
  })
})

describe('systems looking up a patient', () => {
  it('the EPJ of an organisation with a care relation gets the patient, logged as the system', async () => {
    const { response, rows } = await audited(() => lookup(tonsbergEpj, P.ingridBerg.nationalId))
    expect(response.statusCode, response.body).toBe(200)
    expect(rows[0]).toMatchObject({
      actor_type: 'system',
      actor_id: `demo-epj-${O.tonsberg.organisationNumber}`,
      actor_name: 'EPJ Tønsberg kommune',
      organisation_id: O.tonsberg.id,
      service_id: null,
      decision: 'allowed',
      decision_basis: 'care-relation',
    })
  })

  it('another organisation’s EPJ is refused, and a reason does not help a system', async () => {
    for (const reason of [undefined, EMERGENCY_REASON]) {
      const { response, rows } = await audited(() => lookup(sivEpj, P.ingridBerg.nationalId, reason))
      expectProblem(response, 403, 'forbidden')
      expect(rows[0]).toMatchObject({ actor_type: 'system', actor_id: `demo-epj-${O.siv.organisationNumber}`, decision: 'denied', emergency: false })
    }
  })
})

describe('another organisation’s resources', () => {
  it.each([
    ['staff (Lise Lund, Tønsberg)', () => lise, 'staff', S.liseLund.id],
    ['a system (EPJ Tønsberg)', () => tonsbergEpj, 'system', `demo-epj-${O.tonsberg.organisationNumber}`],
  ])('%s asking for SiV’s staff list: 403 and a denied row naming the actor and the resource', async (_who, headers, actorType, actorId) => {
    const { response, rows } = await audited(() => t.app.inject({ url: `/api/organisations/${O.siv.id}/staff`, headers: headers() }))
    expectProblem(response, 403, 'forbidden')
    expect(response.body).not.toContain('Anders')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      request_id: response.headers['x-request-id'],
      actor_type: actorType,
      actor_id: actorId,
      organisation_id: O.tonsberg.id,
      action: 'organisation-resource:read',
      resource_type: 'organisation-staff',
      resource_id: O.siv.id,
      decision: 'denied',
      decision_basis: 'other-organisation',
    })
  })

  it.each([
    ['staff', () => lise],
    ['a system', () => tonsbergEpj],
  ])('%s may read their own organisation’s staff list', async (_who, headers) => {
    const response = await t.app.inject({ url: `/api/organisations/${O.tonsberg.id}/staff`, headers: headers() })
    expect(response.statusCode).toBe(200)
    expect(
      response
        .json<{ items: Array<{ staffId: string }> }>()
        .items.map((i) => i.staffId)
        .sort(),
    ).toEqual([S.hanneHauge.id, S.liseLund.id].sort())
  })
})

describe('the citizen’s access log (innsyn i logg)', () => {
  type Item = {
    day: string
    lastAt: string
    count: number
    organisation: { id: string; name: string } | null
    service: { name: string } | null
    actorName: string | null
    actorRole: string | null
    role: string
    seen: string[]
    refused: boolean
    emergency: boolean
  }
  const logOf = (personId: string, headers: Credentials) => t.app.inject({ url: `/api/citizens/${personId}/access-log`, headers })

  it('Ingrid sees who has looked her up, a row per day, organisation, person and outcome: role, what was seen, emergencies and refusals marked', async () => {
    const ingrid = sessionHeaders(await t.citizenSession(P.ingridBerg.id))
    const response = await t.app.inject({ url: `/api/citizens/${P.ingridBerg.id}/access-log?limit=100`, headers: ingrid })
    expect(response.statusCode, response.body).toBe(200)
    const items = response.json<{ items: Item[] }>().items
    expect(items).toContainEqual(
      expect.objectContaining({
        organisation: { id: O.tonsberg.id, name: 'Tønsberg kommune' },
        service: { name: 'Hjemmesykepleien' },
        actorName: 'Lise Lund',
        actorRole: 'sykepleier',
        role: 'health-personnel',
        seen: expect.arrayContaining(['patient']),
        refused: false,
        emergency: false,
      }),
    )
    expect(items).toContainEqual(
      expect.objectContaining({
        organisation: expect.objectContaining({ name: 'Sykehuset i Vestfold HF' }),
        service: { name: 'Medisinsk avdeling' },
        actorName: 'Anders Aas',
        actorRole: 'lege',
        role: 'health-personnel',
        emergency: true,
      }),
    )
    expect(items).toContainEqual(expect.objectContaining({ actorName: 'EPJ Tønsberg kommune', role: 'system', service: null }))
    // Every access and attempt by others, counted in its row; refused attempts marked.
    const byOthers = await t.db
      .selectFrom('audit_log')
      .select(['seq', 'decision'])
      .where('patient_person_id', '=', P.ingridBerg.id)
      .where('actor_id', '!=', P.ingridBerg.id)
      .execute()
    expect(items.reduce((sum, i) => sum + i.count, 0)).toBe(byOthers.length)
    expect(items.filter((i) => i.refused).reduce((sum, i) => sum + i.count, 0)).toBe(byOthers.filter((r) => r.decision === 'denied').length)
    expect(
      items
        .filter((i) => i.emergency)
        .map((i) => i.actorName)
        .sort(),
    ).toEqual(['Anders Aas', 'Tor Tangen'])
    const times = items.map((i) => Date.parse(i.lastAt))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    for (const person of Object.values(P)) expect(response.body).not.toContain(person.nationalId)
    expect(response.body).not.toContain(EMERGENCY_REASON)
  })

  it('her own reading is logged, but her log does not list herself', async () => {
    const ingrid = sessionHeaders(await t.citizenSession(P.ingridBerg.id))
    const { response, rows } = await audited(() => logOf(P.ingridBerg.id, ingrid))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actor_type: 'citizen',
      actor_id: P.ingridBerg.id,
      resource_type: 'access-log',
      patient_person_id: P.ingridBerg.id,
      decision: 'allowed',
      decision_basis: 'self',
      on_behalf_of_person_id: null,
    })
    const items = response.json<{ items: Item[] }>().items
    expect(items.length).toBeGreaterThan(0)
    expect(items.map((i) => i.actorName)).not.toContain('Ingrid Berg')
  })

  it.each([
    ['Kari (no relation) reading Ingrid’s log', P.kariNordmann.id, P.ingridBerg.id, 'no-basis'],
    ['Per Berg reading Ingrid’s log (his fullmakt does not cover access-log)', P.perBerg.id, P.ingridBerg.id, 'area-not-covered'],
    ['Liv Dahl reading Odd’s log (her assigned fullmakt does not cover access-log)', P.livDahl.id, P.oddDahl.id, 'area-not-covered'],
    ['Kari reading Jonas’s log (14: reduced parental rights)', P.kariNordmann.id, P.jonasNordmann.id, 'reduced-parental-rights'],
    ['Lars reading Nora’s log (16: no parental rights)', P.larsOlsen.id, P.noraOlsen.id, 'child-16-or-older'],
    ['Sara Holm reading Ingrid’s log', P.saraHolm.id, P.ingridBerg.id, 'no-basis'],
  ])('%s: 403 and a denied row', async (_what, actorId, subjectId, basis) => {
    const headers = sessionHeaders(await t.citizenSession(actorId))
    const { response, rows } = await audited(() => logOf(subjectId, headers))
    expectProblem(response, 403, 'forbidden')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actor_type: 'citizen',
      actor_id: actorId,
      on_behalf_of_person_id: subjectId,
      resource_type: 'access-log',
      resource_id: subjectId,
      decision: 'denied',
      decision_basis: basis,
    })
  })

  it('Kari may read Emma’s log (8: full parental rights) and sees the health visitor there; her reading is logged on Emma’s behalf', async () => {
    expect((await lookup(hanne, P.emmaNordmann.nationalId)).statusCode).toBe(200)
    const kari = sessionHeaders(await t.citizenSession(P.kariNordmann.id))
    const { response, rows } = await audited(() => logOf(P.emmaNordmann.id, kari))
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json<{ items: Item[] }>().items.filter((i) => !i.refused)).toEqual([
      expect.objectContaining({
        organisation: { id: O.tonsberg.id, name: 'Tønsberg kommune' },
        service: { name: 'Helsestasjonen' },
        actorName: 'Hanne Hauge',
        actorRole: 'helsesykepleier',
        role: 'health-personnel',
        seen: ['patient'],
        emergency: false,
      }),
    ])
    expect(rows[0]).toMatchObject({
      actor_id: P.kariNordmann.id,
      on_behalf_of_person_id: P.emmaNordmann.id,
      patient_person_id: P.emmaNordmann.id,
      decision: 'allowed',
      decision_basis: 'parent',
    })
    // Kari's reading is an access by someone else, so Emma's log now shows it.
    const again = (await logOf(P.emmaNordmann.id, kari)).json<{ items: Item[] }>().items
    expect(again[0]).toMatchObject({ actorName: 'Kari Nordmann', role: 'parent', seen: ['access-log'], refused: false })
  })
})

describe('the audit log itself', () => {
  it('holds no national identity numbers', async () => {
    const rows = JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute())
    for (const person of [...Object.values(P), ...Object.values(S)]) expect(rows).not.toContain(person.nationalId)
  })

  it('verifies after all this activity', async () => {
    const head = await auditHead(t.db)
    expect(head).toBeGreaterThan(20)
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, checked: head })
    // In small pages too, so the page boundaries are crossed.
    expect(await verifyAuditChain(t.db, 3)).toMatchObject({ ok: true, checked: head })
  })

  it.each([
    ['UPDATE', sql`UPDATE audit_log SET action = 'patient-data:write' WHERE seq = 1`],
    ['UPDATE of every row', sql`UPDATE audit_log SET reason = NULL`],
    ['DELETE', sql`DELETE FROM audit_log WHERE seq = 1`],
    ['DELETE of every row', sql`DELETE FROM audit_log`],
    ['TRUNCATE', sql`TRUNCATE audit_log`],
  ])('%s is refused by the database', async (_what, statement) => {
    const before = await t.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
    await expect(statement.execute(t.db)).rejects.toThrow(/append-only/)
    expect(await t.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).toEqual(before)
  })

  /** What someone with the table owner's rights could do: switch the guard off, change, switch it on. */
  async function behindTheTrigger(statement: ReturnType<typeof sql>) {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(t.db)
    try {
      await statement.execute(t.db)
    } finally {
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(t.db)
    }
  }

  async function seqOfLiseFirstLookup(): Promise<number> {
    const row = await t.db
      .selectFrom('audit_log')
      .select(['seq', 'action'])
      .where('actor_id', '=', S.liseLund.id)
      .where('decision', '=', 'allowed')
      .orderBy('seq')
      .executeTakeFirstOrThrow()
    return Number(row.seq)
  }

  it('a changed action is found at that row, and the chain is whole again once it is put back', async () => {
    const seq = await seqOfLiseFirstLookup()
    await behindTheTrigger(sql`UPDATE audit_log SET action = 'patient-data:write' WHERE seq = ${seq}`)
    expect(await verifyAuditChain(t.db)).toEqual({ ok: false, checked: seq - 1, brokenAtSeq: seq, problem: 'hash-mismatch' })
    expect(await verifyAuditChain(t.db, 2)).toMatchObject({ ok: false, brokenAtSeq: seq })
    await behindTheTrigger(sql`UPDATE audit_log SET action = 'patient-data:read' WHERE seq = ${seq}`)
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true })
  })

  it.each([
    ['a removed emergency flag', sql`UPDATE audit_log SET emergency = false`, sql`emergency = true`],
    ['a changed reason', sql`UPDATE audit_log SET reason = 'rutine'`, sql`reason IS NOT NULL AND decision = 'allowed'`],
    ['a denial turned into an allowance', sql`UPDATE audit_log SET decision = 'allowed'`, sql`decision = 'denied'`],
    ['a changed time', sql`UPDATE audit_log SET at = at + interval '1 day'`, sql`actor_type = 'system'`],
    ['a hash recomputed by hand', sql`UPDATE audit_log SET hash = repeat('a', 64)`, sql`actor_type = 'citizen'`],
  ])('%s is found at the first row changed', async (_what, update, where) => {
    const first = await sql<{ seq: number }>`SELECT min(seq) AS seq FROM audit_log WHERE ${where}`.execute(t.db)
    const seq = Number(first.rows[0]?.seq)
    expect(seq).toBeGreaterThan(0)
    const original = await t.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow()
    await behindTheTrigger(sql`${update} WHERE seq = ${seq}`)
    const verdict = await verifyAuditChain(t.db)
    expect(verdict).toMatchObject({ ok: false, brokenAtSeq: seq })
    // Put it back exactly as it was.
    await behindTheTrigger(
      sql`UPDATE audit_log SET emergency = ${original.emergency}, reason = ${original.reason}, decision = ${original.decision}, at = ${original.at}, hash = ${original.hash} WHERE seq = ${seq}`,
    )
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true })
  })

  it('a removed row in the middle breaks the chain at the next row', async () => {
    const seq = await seqOfLiseFirstLookup()
    const original = await t.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow()
    await behindTheTrigger(sql`DELETE FROM audit_log WHERE seq = ${seq}`)
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAtSeq: seq + 1, problem: 'sequence-gap' })
    await t.db.insertInto('audit_log').values(original).execute()
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true })
  })

  it('a removed last row is found too (the head still points past it)', async () => {
    const last = await auditHead(t.db)
    const original = await t.db.selectFrom('audit_log').selectAll().where('seq', '=', last).executeTakeFirstOrThrow()
    await behindTheTrigger(sql`DELETE FROM audit_log WHERE seq = ${last}`)
    expect(await verifyAuditChain(t.db)).toEqual({ ok: false, checked: last - 1, brokenAtSeq: last, problem: 'sequence-gap' })
    await t.db.insertInto('audit_log').values(original).execute()
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, checked: last })
  })

  it('new entries chain on after the checks', async () => {
    const before = await auditHead(t.db)
    expect((await lookup(lise, P.ingridBerg.nationalId)).statusCode).toBe(200)
    expect(await auditHead(t.db)).toBe(before + 1)
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, checked: before + 1 })
  })
})
