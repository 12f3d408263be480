// Shared by the API tests: the demo's fixed ids, and checks every test makes the same way.
import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import type { DB } from '../../src/platform/db/schema.ts'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'

export const P = DEMO.people
export const S = DEMO.staff
export const O = DEMO.organisations
export const SV = DEMO.services

/** Every scope the demo's EPJ clients hold. */
export const ALL_DEMO_SCOPES = [
  'samband/registry.read',
  'samband/organisation.read',
  'samband/organisation.write',
  'samband/patient.read',
  'samband/patient.write',
  'samband/exchange',
]

type InjectResponse = { statusCode: number; headers: Record<string, unknown>; body: string; json<T = unknown>(): T }

export type ProblemBody = {
  type: string
  title: string
  status: number
  code: string
  detail?: string
  instance?: string
  requestId?: string
  errors?: Array<{ path: string; message: string }>
}

/** An RFC 9457 problem with our stable code; returns it for further checks. */
export function expectProblem(response: InjectResponse, status: number, code: string): ProblemBody {
  expect(response.statusCode, response.body).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  const problem = response.json<ProblemBody>()
  expect(problem).toMatchObject({ type: `https://samband.no/problems/${code}`, status, code, title: expect.any(String) })
  expect(problem.title.length).toBeGreaterThan(0)
  return problem
}

/** Audit rows written after `afterSeq`, oldest first. */
export async function auditRowsAfter(db: Kysely<DB>, afterSeq: number) {
  return db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').execute()
}

export async function auditHead(db: Kysely<DB>): Promise<number> {
  const head = await db.selectFrom('audit_chain_head').select('seq').executeTakeFirstOrThrow()
  return Number(head.seq)
}

/** Headers for a cookie session, with or without its CSRF token. */
export function sessionHeaders(session: { cookie: string; csrf: string }, csrf: string | null = session.csrf): Record<string, string> {
  return csrf === null ? { cookie: session.cookie } : { cookie: session.cookie, 'x-csrf-token': csrf }
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}
