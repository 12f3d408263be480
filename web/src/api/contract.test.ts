import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createQueryClient } from '../query-client.ts'
import SAMPLES from './contract.samples.json'
import { devMailboxApi } from './forvaltning/dev-mailbox.ts'
import { onboardingApi } from './forvaltning/onboarding.ts'
import { fullmakterApi } from './fullmakter.ts'
import { exchangeApi } from './helsepersonell/exchange.ts'
import { OPEN_THREADS, serviceThreadsApi } from './helsepersonell/service-threads.ts'
import { ApiError, ContractError } from './http.ts'
import { accessLogApi } from './innbygger/access-log.ts'
import { citizenMessagesApi } from './innbygger/citizen-messages.ts'
import { healthContactsApi } from './innbygger/health-contacts.ts'
import { notificationSettingsApi } from './innbygger/notification-settings.ts'
import { waitingApi } from './innbygger/waiting.ts'
import { meApi } from './me.ts'

// The contract between the server and the web app: every call an api module makes, answered with what the server
// really sends, must come back whole through the schema the module reads it with. A field the server's schema gained
// that the sample lacks, or one the sample has that the schema lost, fails here; so does a module that reads an answer
// with the wrong schema or asks the wrong URL.
//
// contract.samples.json holds real answers of the server to these calls, captured through the API from the Vestfold
// demo data (Per Berg for his mother Ingrid, Kari Nordmann, Lise Lund and Berit Bakke, Tor Tangen, Ole Olsen the
// operator), arrays cut to two items and CSRF tokens replaced. When the server's schema changes, they change with it,
// taken from a real answer (the API tests in test/api and test/citizen make them), not written from the schema: a
// sample made to fit the schema proves nothing.

type Answer = { method: string; path: string; status?: number; body: unknown }

let expected: Answer | null = null
let sent: { method: string; url: string; headers: Record<string, string>; body: unknown } | null = null

beforeEach(() => {
  expected = null
  sent = null
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      sent = { method, url: input, headers: (init.headers ?? {}) as Record<string, string>, body: init.body ? JSON.parse(String(init.body)) : undefined }
      const pathname = new URL(input, 'http://samband.test').pathname
      if (!expected || expected.method !== method || expected.path !== pathname) throw new Error(`unexpected request ${method} ${pathname}`)
      const status = expected.status ?? 200
      if (status === 204) return new Response(null, { status })
      return new Response(typeof expected.body === 'string' ? expected.body : JSON.stringify(expected.body), {
        status,
        headers: { 'content-type': typeof expected.body === 'string' ? 'text/html' : 'application/json; charset=utf-8' },
      })
    }),
  )
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

function answer(method: string, path: string, body: unknown, status?: number) {
  expected = { method, path, body, ...(status === undefined ? {} : { status }) }
}

const CSRF = 'x8Yk2mQ0c3Rt7vWb1nLp5sHd9fJg4aZe'
const INGRID = SAMPLES.meCitizen.representations[0]?.personId ?? ''
const KARI = SAMPLES.fullmakterHistory.history[0]?.giver.id ?? ''
const HJEMMESYKEPLEIEN = SAMPLES.meStaff.service.id
const FAERDER_HJEMMESYKEPLEIE = '00000000-0000-4000-8000-000000000261' // Tor Tangen's service, which registered Odd Dahl's
const FASTLEGE = SAMPLES.party.herId
const THREAD = SAMPLES.citizenThread.id
const MESSAGE = SAMPLES.message.id
const TONSBERG = SAMPLES.municipality.id

type Case = { name: string; method: string; path: string; status?: number; sample: unknown; call: () => Promise<unknown> }

const cases: Case[] = [
  // who is signed in
  { name: 'a citizen', method: 'GET', path: '/api/me', sample: SAMPLES.meCitizen, call: () => meApi.me() },
  { name: 'staff', method: 'GET', path: '/api/me', sample: SAMPLES.meStaff, call: () => meApi.me() },
  { name: 'the platform operator', method: 'GET', path: '/api/me', sample: SAMPLES.meOperator, call: () => meApi.me() },
  // a citizen's pages
  { name: 'access log', method: 'GET', path: `/api/citizens/${INGRID}/access-log`, sample: SAMPLES.accessLog, call: () => accessLogApi.log(INGRID) },
  {
    name: 'health contacts',
    method: 'GET',
    path: `/api/citizens/${KARI}/health-contacts`,
    sample: SAMPLES.healthContacts,
    call: () => healthContactsApi.contacts(KARI),
  },
  {
    name: 'notification settings',
    method: 'GET',
    path: `/api/citizens/${KARI}/notification-settings`,
    sample: SAMPLES.notificationSettings,
    call: () => notificationSettingsApi.settings(KARI),
  },
  {
    name: 'services open for messages',
    method: 'GET',
    path: `/api/citizens/${INGRID}/message-services`,
    sample: SAMPLES.messageServices,
    call: () => citizenMessagesApi.services(INGRID),
  },
  {
    name: "a citizen's threads",
    method: 'GET',
    path: `/api/citizens/${INGRID}/threads`,
    sample: SAMPLES.citizenThreads,
    call: () => citizenMessagesApi.threads(INGRID, 0, 20),
  },
  {
    name: "a citizen's threads, searched",
    method: 'GET',
    path: `/api/citizens/${INGRID}/threads`,
    sample: SAMPLES.citizenThreads,
    call: () => citizenMessagesApi.threads(INGRID, 0, 20, undefined, 'dosett'),
  },
  { name: 'what is waiting on Min side', method: 'GET', path: '/api/me/waiting', sample: SAMPLES.waiting, call: () => waitingApi.summary() },
  {
    name: "a citizen's thread",
    method: 'GET',
    path: `/api/citizens/${INGRID}/threads/${THREAD}`,
    sample: SAMPLES.citizenThread,
    call: () => citizenMessagesApi.thread(INGRID, THREAD),
  },
  {
    name: 'a new thread',
    method: 'POST',
    path: `/api/citizens/${INGRID}/threads`,
    status: 201,
    sample: SAMPLES.threadCreated,
    call: () =>
      citizenMessagesApi.create(INGRID, { serviceId: HJEMMESYKEPLEIEN, subject: 'Endret besøkstid', body: 'Kan dere komme etter klokka 10?' }, CSRF, 'k1'),
  },
  {
    name: "a citizen's reply",
    method: 'POST',
    path: `/api/citizens/${INGRID}/threads/${THREAD}/messages`,
    status: 201,
    sample: SAMPLES.citizenReply,
    call: () => citizenMessagesApi.reply(INGRID, THREAD, { body: 'Takk!' }, CSRF, 'k2'),
  },
  // fullmakter
  {
    name: 'fullmakter given',
    method: 'GET',
    path: `/api/citizens/${INGRID}/fullmakter`,
    sample: SAMPLES.fullmakterGiven,
    call: () => fullmakterApi.list(INGRID),
  },
  {
    name: 'fullmakter received',
    method: 'GET',
    path: `/api/citizens/${INGRID}/fullmakter`,
    sample: SAMPLES.fullmakterReceived,
    call: () => fullmakterApi.list(INGRID),
  },
  {
    name: 'fullmakter ended and replaced',
    method: 'GET',
    path: `/api/citizens/${KARI}/fullmakter`,
    sample: SAMPLES.fullmakterHistory,
    call: () => fullmakterApi.list(KARI),
  },
  {
    name: 'a fullmakt given',
    method: 'POST',
    path: `/api/citizens/${KARI}/fullmakter`,
    status: 201,
    sample: SAMPLES.fullmaktGiven,
    call: () => fullmakterApi.give(KARI, { proxyNationalId: '02878310368', areas: ['messages', 'appointments'], validTo: '2027-06-30' }, CSRF),
  },
  {
    name: 'a fullmakt changed',
    method: 'PUT',
    path: `/api/citizens/${KARI}/fullmakter/${SAMPLES.fullmaktGiven.id}`,
    sample: SAMPLES.fullmaktChanged,
    call: () => fullmakterApi.change(KARI, SAMPLES.fullmaktGiven.id, { areas: ['messages'], validTo: null }, CSRF),
  },
  {
    name: 'a fullmakt ended',
    method: 'POST',
    path: `/api/citizens/${KARI}/fullmakter/${SAMPLES.fullmaktChanged.id}/end`,
    sample: SAMPLES.fullmaktEnded,
    call: () => fullmakterApi.end(KARI, SAMPLES.fullmaktChanged.id, CSRF),
  },
  {
    name: "a patient's assigned fullmakter",
    method: 'POST',
    path: `/api/services/${FAERDER_HJEMMESYKEPLEIE}/assigned-fullmakter/search`,
    sample: SAMPLES.assignedFullmakter,
    call: () => fullmakterApi.searchAssigned(FAERDER_HJEMMESYKEPLEIE, { giverNationalId: '12844010131' }, CSRF),
  },
  {
    name: 'an assigned fullmakt ended',
    method: 'POST',
    path: `/api/services/${FAERDER_HJEMMESYKEPLEIE}/assigned-fullmakter/${SAMPLES.assignedFullmakter.items[0]?.id}/end`,
    sample: SAMPLES.assignedFullmakter.items[0],
    call: () => fullmakterApi.endAssigned(FAERDER_HJEMMESYKEPLEIE, SAMPLES.assignedFullmakter.items[0]?.id ?? '', CSRF),
  },
  // the service's side of citizens' messages
  {
    name: "the service's inbox",
    method: 'GET',
    path: `/api/services/${HJEMMESYKEPLEIEN}/threads`,
    sample: SAMPLES.staffThreads,
    call: () => serviceThreadsApi.list(HJEMMESYKEPLEIEN, OPEN_THREADS, 0),
  },
  {
    name: 'a thread as staff see it',
    method: 'GET',
    path: `/api/services/${HJEMMESYKEPLEIEN}/threads/${THREAD}`,
    sample: SAMPLES.staffThread,
    call: () => serviceThreadsApi.thread(HJEMMESYKEPLEIEN, THREAD),
  },
  {
    name: "the service's answer",
    method: 'POST',
    path: `/api/services/${HJEMMESYKEPLEIEN}/threads/${THREAD}/messages`,
    status: 201,
    sample: SAMPLES.staffAnswer,
    call: () => serviceThreadsApi.answer(HJEMMESYKEPLEIEN, THREAD, { body: 'Ja, vi kommer mellom 10 og 11.' }, CSRF, 'k3'),
  },
  {
    name: 'a thread closed',
    method: 'POST',
    path: `/api/services/${HJEMMESYKEPLEIEN}/threads/${THREAD}/close`,
    sample: SAMPLES.staffClosed,
    call: () => serviceThreadsApi.close(HJEMMESYKEPLEIEN, THREAD, CSRF),
  },
  {
    name: 'colleagues a thread can be given to',
    method: 'GET',
    path: `/api/services/${HJEMMESYKEPLEIEN}/thread-assignees`,
    sample: SAMPLES.staffAssignees,
    call: () => serviceThreadsApi.assignees(HJEMMESYKEPLEIEN),
  },
  {
    name: 'a thread given to a colleague',
    method: 'PUT',
    path: `/api/services/${HJEMMESYKEPLEIEN}/threads/${THREAD}/assignee`,
    sample: SAMPLES.staffAssigned,
    call: () => serviceThreadsApi.assign(HJEMMESYKEPLEIEN, THREAD, SAMPLES.staffAssigned.assignee?.staffId ?? null, CSRF),
  },
  {
    name: 'an internal note',
    method: 'POST',
    path: `/api/services/${HJEMMESYKEPLEIEN}/threads/${THREAD}/notes`,
    status: 201,
    sample: SAMPLES.staffNoted,
    call: () => serviceThreadsApi.addNote(HJEMMESYKEPLEIEN, THREAD, 'Ringer Per Berg før besøket.', CSRF),
  },
  {
    name: "the service's answer templates",
    method: 'GET',
    path: `/api/services/${HJEMMESYKEPLEIEN}/answer-templates`,
    sample: SAMPLES.answerTemplates,
    call: () => serviceThreadsApi.templates(HJEMMESYKEPLEIEN),
  },
  {
    name: 'an answer template added',
    method: 'POST',
    path: `/api/services/${HJEMMESYKEPLEIEN}/answer-templates`,
    status: 201,
    sample: SAMPLES.answerTemplate,
    call: () => serviceThreadsApi.createTemplate(HJEMMESYKEPLEIEN, { title: 'Besøkstid', body: 'Ja, vi kommer mellom 10 og 11.' }, CSRF),
  },
  // the message exchange
  { name: 'parties', method: 'GET', path: '/api/exchange/parties', sample: SAMPLES.parties, call: () => exchangeApi.parties({ q: 'Fastlege' }) },
  { name: 'one party', method: 'GET', path: `/api/exchange/parties/${FASTLEGE}`, sample: SAMPLES.party, call: () => exchangeApi.party(FASTLEGE) },
  { name: 'inbox', method: 'GET', path: '/api/exchange/inbox', sample: SAMPLES.inbox, call: () => exchangeApi.inbox(0) },
  { name: 'outbox', method: 'GET', path: '/api/exchange/outbox', sample: SAMPLES.outbox, call: () => exchangeApi.outbox(0) },
  { name: 'a message', method: 'GET', path: `/api/exchange/messages/${MESSAGE}`, sample: SAMPLES.message, call: () => exchangeApi.message(MESSAGE) },
  {
    name: 'an answered message',
    method: 'GET',
    path: `/api/exchange/messages/${MESSAGE}`,
    sample: SAMPLES.messageAnswered,
    call: () => exchangeApi.message(MESSAGE),
  },
  {
    name: 'a message sent',
    method: 'POST',
    path: '/api/exchange/messages',
    status: 201,
    sample: SAMPLES.messageCreated,
    call: () =>
      exchangeApi.send(
        { kind: 'foresporsel', receiverHerId: FASTLEGE, patientNationalId: '03893810098', subject: 'Medisinliste', text: 'Kan du bekrefte?' },
        CSRF,
      ),
  },
  {
    name: 'a message marked read and receipted',
    method: 'POST',
    path: `/api/exchange/messages/${MESSAGE}/read`,
    sample: SAMPLES.messageReceipted,
    call: () => exchangeApi.receipt(MESSAGE, CSRF),
  },
  {
    name: 'a message sent again',
    method: 'POST',
    path: `/api/exchange/messages/${MESSAGE}/resend`,
    status: 201,
    sample: SAMPLES.messageResent,
    call: () => exchangeApi.resend(MESSAGE, CSRF, 'a-key'),
  },
  {
    name: 'the patient a new message is about',
    method: 'POST',
    path: '/api/exchange/patients/lookup',
    sample: SAMPLES.patientLookup,
    call: () => exchangeApi.patient('03893810098', CSRF),
  },
  {
    name: 'an answer sent',
    method: 'POST',
    path: `/api/exchange/messages/${MESSAGE}/answer`,
    status: 201,
    sample: SAMPLES.answerCreated,
    call: () => exchangeApi.answer(MESSAGE, { text: 'Medisinlisten er oppdatert.' }, CSRF),
  },
  // the operator's onboarding
  { name: 'municipalities', method: 'GET', path: '/api/onboarding/municipalities', sample: SAMPLES.municipalities, call: () => onboardingApi.municipalities() },
  {
    name: 'one municipality',
    method: 'GET',
    path: `/api/onboarding/municipalities/${TONSBERG}`,
    sample: SAMPLES.municipality,
    call: () => onboardingApi.municipality(TONSBERG),
  },
  { name: 'terms versions', method: 'GET', path: '/api/onboarding/terms-versions', sample: SAMPLES.termsVersions, call: () => onboardingApi.termsVersions() },
  {
    name: 'what a notice would do',
    method: 'GET',
    path: `/api/onboarding/municipalities/${TONSBERG}/termination-preview`,
    sample: SAMPLES.noticePreview,
    call: () => onboardingApi.noticePreview(TONSBERG),
  },
  {
    name: 'EPJ support saved',
    method: 'PUT',
    path: `/api/onboarding/municipalities/${TONSBERG}/epj`,
    sample: SAMPLES.municipality,
    call: () => onboardingApi.saveEpj(TONSBERG, { product: 'DIPS Front', supportedServices: ['messages'] }, CSRF),
  },
  {
    name: 'a digital service stopped',
    method: 'DELETE',
    path: `/api/onboarding/municipalities/${TONSBERG}/services/${HJEMMESYKEPLEIEN}/digital-services/messages`,
    sample: SAMPLES.municipality,
    call: () => onboardingApi.setActivation(TONSBERG, HJEMMESYKEPLEIEN, 'messages', false, CSRF),
  },
  {
    name: 'notice given',
    method: 'POST',
    path: `/api/onboarding/municipalities/${TONSBERG}/termination`,
    status: 201,
    sample: SAMPLES.noticeGiven,
    call: () => onboardingApi.giveNotice(TONSBERG, { initiatedBy: 'operator', reason: 'Plattformen legges ned i regionen.' }, CSRF),
  },
  {
    name: 'terms published',
    method: 'POST',
    path: '/api/onboarding/terms-versions',
    status: 201,
    sample: SAMPLES.termsPublished,
    call: () =>
      onboardingApi.publishTerms(
        { document: 'general', digitalService: null, version: '3.0', title: 'Generelle vilkår', changeLog: 'Nye frister.', effectiveOn: '2027-03-01' },
        CSRF,
      ),
  },
  // the development mailbox (operator, development and demos only)
  { name: 'the development mailbox', method: 'GET', path: '/api/dev-mailbox', sample: SAMPLES.devMailbox, call: () => devMailboxApi.page(0) },
]

describe("the server's real answers read whole through the schemas the web app uses", () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    answer(c.method, c.path, c.sample, c.status)
    expect(await c.call()).toEqual(c.sample)
  })

  test('a system client is nobody the pages serve', async () => {
    answer('GET', '/api/me', { kind: 'system', clientId: 'demo-epj-939901035', organisationId: TONSBERG, scopes: ['samband/patient.read'] })
    expect(await meApi.me()).toBeNull()
  })

  test('answers without a body are not read', async () => {
    answer('POST', `/api/citizens/${INGRID}/threads/${THREAD}/read`, null, 204)
    await expect(citizenMessagesApi.markRead(INGRID, THREAD, CSRF)).resolves.toBeUndefined()
    answer('PUT', `/api/citizens/${KARI}/notification-settings`, null, 204)
    await expect(notificationSettingsApi.saveLevel(KARI, { level: 'full' }, CSRF)).resolves.toBeUndefined()
    expect(sent?.body).toEqual({ level: 'full' })
    expect(sent?.headers['x-csrf-token']).toBe(CSRF)
    answer('DELETE', `/api/services/${HJEMMESYKEPLEIEN}/answer-templates/${SAMPLES.answerTemplate.id}`, null, 204)
    await expect(serviceThreadsApi.deleteTemplate(HJEMMESYKEPLEIEN, SAMPLES.answerTemplate.id, CSRF)).resolves.toBeUndefined()
    answer('DELETE', '/api/dev-mailbox', null, 204)
    await expect(devMailboxApi.clear(CSRF)).resolves.toBeUndefined()
    expect(sent?.headers['x-csrf-token']).toBe(CSRF)
  })
})

describe('an answer that breaks the contract', () => {
  async function refusal(call: () => Promise<unknown>): Promise<ContractError> {
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ContractError)
    return error as ContractError
  }

  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
  })

  test('is refused when a field is missing', async () => {
    const { answerTime: _, ...withoutAnswerTime } = SAMPLES.citizenThread
    answer('GET', `/api/citizens/${INGRID}/threads/${THREAD}`, withoutAnswerTime)
    const error = await refusal(() => citizenMessagesApi.thread(INGRID, THREAD))
    expect(error.issues).toEqual([{ path: 'answerTime', code: 'invalid_type' }])
    expect(error.path).toBe(`/api/citizens/${INGRID}/threads/${THREAD}`)
  })

  test('is refused when a field has the wrong type', async () => {
    const inbox = structuredClone(SAMPLES.inbox)
    Object.assign(inbox.items[0] ?? {}, { needsAnswer: 'ja' })
    answer('GET', '/api/exchange/inbox', inbox)
    const error = await refusal(() => exchangeApi.inbox(0))
    expect(error.issues).toEqual([{ path: 'items.0.needsAnswer', code: 'invalid_type' }])
  })

  test('is refused when a value is not one the contract knows', async () => {
    answer('GET', `/api/onboarding/municipalities/${TONSBERG}`, { ...SAMPLES.municipality, statuses: ['paused'] })
    const error = await refusal(() => onboardingApi.municipality(TONSBERG))
    expect(error.issues).toEqual([{ path: 'statuses.0', code: 'invalid_value' }])
  })

  test('is refused when the answer to a change is wrong, although the change was made', async () => {
    answer('POST', `/api/citizens/${INGRID}/threads`, { ...SAMPLES.threadCreated, messages: 'none' }, 201)
    const error = await refusal(() => citizenMessagesApi.create(INGRID, { serviceId: HJEMMESYKEPLEIEN, subject: 'Emne', body: 'Tekst' }, CSRF, 'k4'))
    expect(error.status).toBe(201)
    expect(error.issues).toEqual([{ path: 'messages', code: 'invalid_type' }])
  })

  test('is refused when it is not JSON at all', async () => {
    answer('GET', '/api/me', '<!doctype html><title>Samband</title>')
    const error = await refusal(() => meApi.me())
    expect(error.issues).toEqual([{ path: '(body)', code: 'not-json' }])
  })

  test('is not what a query cancelled while the answer arrived gets', async () => {
    const aborted = new DOMException('The operation was aborted.', 'AbortError')
    vi.stubGlobal('fetch', async () => ({ ok: true, status: 200, headers: new Headers(), json: () => Promise.reject(aborted) }))
    await expect(exchangeApi.inbox(0)).rejects.toBe(aborted)
    expect(console.error).not.toHaveBeenCalled()
  })

  test('is an ApiError without a problem document, so pages show it as a failure and nobody retries it', async () => {
    answer('GET', '/api/exchange/outbox', { ...SAMPLES.outbox, total: '1' })
    const error = await refusal(() => exchangeApi.outbox(0))
    expect(error).toBeInstanceOf(ApiError)
    expect(error.problem).toBeNull()
    expect(error.name).toBe('ContractError')
    const retry = createQueryClient().getDefaultOptions().queries?.retry
    expect(typeof retry === 'function' && retry(0, error)).toBe(false)
  })

  test('is logged with where it broke, never with the data', async () => {
    const thread = structuredClone(SAMPLES.staffThread)
    Object.assign(thread.citizen, { birthDate: 19380903 })
    Object.assign(thread.messages[0] ?? {}, { readAt: false })
    answer('GET', `/api/services/${HJEMMESYKEPLEIEN}/threads/${THREAD}`, thread)
    await refusal(() => serviceThreadsApi.thread(HJEMMESYKEPLEIEN, THREAD))
    const logged = vi.mocked(console.error).mock.calls.flat().map(String).join(' ')
    expect(logged).toContain('citizen.birthDate (invalid_type)')
    expect(logged).toContain('messages.0.readAt (invalid_type)')
    for (const data of ['Ingrid Berg', '19380903', 'false', 'Kan dere komme', SAMPLES.staffThread.subject]) expect(logged).not.toContain(data)
  })
})
