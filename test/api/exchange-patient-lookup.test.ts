// "Ny melding" names the patient before anything is sent: POST /api/exchange/patients/lookup gives the name and birth
// date the registry holds for a national identity number. It is access to personal data: decided by the one gate
// (health personnel acting for a service with a HER-id, then a care relation with the person) and audit-logged with
// the person; an unknown number is told apart ("not in the registry") only to someone who may write messages at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { auditHead, auditRowsAfter, expectProblem, P, S, SV, sessionHeaders } from './api-helpers.ts'

type Session = { cookie: string; csrf: string }
const URL = '/api/exchange/patients/lookup'
const UNKNOWN = '01815049914' // valid control digits, nobody in the registry

let t: TestApp
let lise: Session

beforeAll(async () => {
  t = await startTestApp()
  lise = await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
})
afterAll(async () => t?.close())

const lookUp = (session: Session, nationalId: string, csrf: string | null = session.csrf) =>
  t.app.inject({ method: 'POST', url: URL, headers: sessionHeaders(session, csrf), payload: { nationalId } })

describe('POST /api/exchange/patients/lookup', () => {
  it("gives a patient's name and birth date to health personnel with a care relation, audit-logged with the person", async () => {
    const before = await auditHead(t.db)
    const response = await lookUp(lise, P.ingridBerg.nationalId)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toEqual({ name: 'Ingrid Berg', birthDate: P.ingridBerg.birthDate })
    expect(await auditRowsAfter(t.db, before)).toEqual([
      expect.objectContaining({ action: 'exchange.patient.lookup', decision: 'allowed', actor_id: S.liseLund.id, patient_person_id: P.ingridBerg.id }),
    ])
  })

  it('says a number is not in the registry (404), and logs the look-up', async () => {
    const before = await auditHead(t.db)
    const problem = expectProblem(await lookUp(lise, UNKNOWN), 404, 'not-found')
    expect(problem.detail).toContain('Folkeregisteret')
    expect(await auditRowsAfter(t.db, before)).toEqual([
      expect.objectContaining({ action: 'exchange.patient.lookup', decision: 'allowed', actor_id: S.liseLund.id, patient_person_id: null }),
    ])
  })

  it('refuses a person the service has no care relation with (403), audit-logged with the person', async () => {
    const before = await auditHead(t.db)
    expectProblem(await lookUp(lise, P.kariNordmann.nationalId), 403, 'forbidden')
    expect(await auditRowsAfter(t.db, before)).toEqual([
      expect.objectContaining({ action: 'exchange.patient.lookup', decision: 'denied', patient_person_id: P.kariNordmann.id }),
    ])
  })

  it('answers wrong control digits with 422, and needs the CSRF token', async () => {
    expectProblem(await lookUp(lise, '03893810099'), 422, 'invalid-national-id')
    expectProblem(await lookUp(lise, P.ingridBerg.nationalId, null), 403, 'csrf-failed')
  })

  it.each([
    ['a coordinator (no health personnel role)', () => t.staffSession(S.siriStrand.id, SV.sivSamhandling.id)],
    ['the platform operator', () => t.staffSession(S.oleOlsen.id, null)],
    ['a citizen', () => t.citizenSession(P.perBerg.id)],
  ])('refuses %s before looking at the number: a known and an unknown number answer alike', async (_who, session) => {
    const caller = await session()
    const before = await auditHead(t.db)
    const known = expectProblem(await lookUp(caller, P.ingridBerg.nationalId), 403, 'forbidden')
    const unknown = expectProblem(await lookUp(caller, UNKNOWN), 403, 'forbidden')
    expect([unknown.title, unknown.detail]).toEqual([known.title, known.detail])
    const rows = await auditRowsAfter(t.db, before)
    expect(rows.map((r) => [r.action, r.decision, r.patient_person_id])).toEqual([
      ['exchange.patient.lookup', 'denied', null],
      ['exchange.patient.lookup', 'denied', null],
    ])
  })
})
