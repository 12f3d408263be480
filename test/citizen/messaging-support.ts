// Shared by the messaging API tests: sessions as headers, requests for the contract's routes, tiny real files, and
// relations the demo lacks (made in the test database only).
import { randomUUID } from 'node:crypto'
import { DEMO_PEOPLE, DEMO_SERVICES, DEMO_VALID_FROM } from '../../src/registry/demo/vestfold-demo.ts'
import { bearer, sessionHeaders } from '../api/api-helpers.ts'
import type { TestApp } from '../support/test-app.ts'

export type Headers = Record<string, string>

// Smallest files that carry the real signatures.
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
export const TINY_PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

export type Attachment = { fileName: string; contentType: 'application/pdf' | 'image/jpeg' | 'image/png'; contentBase64: string }

export const pdf = (fileName = 'brev.pdf', content: Buffer = TINY_PDF): Attachment => ({
  fileName,
  contentType: 'application/pdf',
  contentBase64: content.toString('base64'),
})

export type ThreadDetail = {
  id: string
  subject: string
  status: 'open' | 'closed'
  service: { id: string; name: string; organisationName: string }
  createdAt: string
  answerDueAt: string | null
  closedAt: string | null
  closedByName: string | null
  canReply: boolean
  endsAt: string | null
  answerTime: string
  citizen?: { personId: string; name: string; birthDate: string }
  messages: {
    id: string
    from: 'citizen' | 'service'
    authorName: string
    onBehalfOf: boolean
    body: string
    createdAt: string
    readAt: string | null
    attachments: { id: string; fileName: string; contentType: string; byteSize: number }[]
    writtenBy?: string
  }[]
}

export function messagingClient(t: TestApp) {
  return {
    async citizen(personId: string): Promise<Headers> {
      return sessionHeaders(await t.citizenSession(personId))
    },
    async staff(staffId: string, serviceId: string | null): Promise<Headers> {
      return sessionHeaders(await t.staffSession(staffId, serviceId))
    },
    async system(organisationNumber: string, scopes: string[] = ['samband/patient.read', 'samband/patient.write']): Promise<Headers> {
      return bearer(await t.systemToken(organisationNumber, scopes))
    },
    startThread(headers: Headers, personId: string, payload: Record<string, unknown>, extra: Headers = {}) {
      return t.app.inject({ method: 'POST', url: `/api/citizens/${personId}/threads`, headers: { ...headers, ...extra }, payload })
    },
    citizenWrite(headers: Headers, personId: string, threadId: string, payload: Record<string, unknown>, extra: Headers = {}) {
      return t.app.inject({ method: 'POST', url: `/api/citizens/${personId}/threads/${threadId}/messages`, headers: { ...headers, ...extra }, payload })
    },
    citizenGet(headers: Headers, path: string) {
      return t.app.inject({ method: 'GET', url: `/api/citizens/${path}`, headers })
    },
    citizenRead(headers: Headers, personId: string, threadId: string) {
      return t.app.inject({ method: 'POST', url: `/api/citizens/${personId}/threads/${threadId}/read`, headers })
    },
    serviceGet(headers: Headers, serviceId: string, path = '') {
      return t.app.inject({ method: 'GET', url: `/api/services/${serviceId}/threads${path}`, headers })
    },
    serviceWrite(headers: Headers, serviceId: string, threadId: string, payload: Record<string, unknown>, extra: Headers = {}) {
      return t.app.inject({ method: 'POST', url: `/api/services/${serviceId}/threads/${threadId}/messages`, headers: { ...headers, ...extra }, payload })
    },
    servicePost(headers: Headers, serviceId: string, threadId: string, action: 'read' | 'close') {
      return t.app.inject({ method: 'POST', url: `/api/services/${serviceId}/threads/${threadId}/${action}`, headers })
    },
  }
}

/** A care relation the demo does not have (e.g. someone receiving help from a Horten or Holmestrand service). */
export async function addCareRelation(t: TestApp, patientPersonId: string, serviceId: string): Promise<void> {
  await t.db
    .insertInto('care_relation')
    .values({ id: randomUUID(), patient_person_id: patientPersonId, service_id: serviceId, valid_from: DEMO_VALID_FROM, valid_to: null })
    .execute()
}

export async function addFullmakt(
  t: TestApp,
  input: { giver: string; proxy: string; areas: string[]; validFrom?: Date; validTo?: Date | null; revokedAt?: Date | null },
): Promise<string> {
  const id = randomUUID()
  await t.db
    .insertInto('fullmakt')
    .values({
      id,
      giver_person_id: input.giver,
      proxy_person_id: input.proxy,
      kind: 'ordinary',
      areas: input.areas,
      valid_from: input.validFrom ?? DEMO_VALID_FROM,
      valid_to: input.validTo ?? null,
      revoked_at: input.revokedAt ?? null,
    })
    .execute()
  return id
}

export async function outboxFor(t: TestApp, eventKey: string) {
  return t.db.selectFrom('notification_outbox').selectAll().where('event_key', '=', eventKey).orderBy('person_id').execute()
}

export async function countRows(t: TestApp) {
  const [threads, messages, attachments] = await Promise.all([
    t.db
      .selectFrom('citizen_thread')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    t.db
      .selectFrom('citizen_message')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    t.db
      .selectFrom('citizen_message_attachment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { threads: Number(threads.n), messages: Number(messages.n), attachments: Number(attachments.n) }
}

export const P = DEMO_PEOPLE
export const SV = DEMO_SERVICES
