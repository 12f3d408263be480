// Text the platform takes from citizens and staff: one rule for every free-text field (no half surrogate pairs, bidi
// overrides or zero-width characters), and limits that refuse with a message instead of cutting (subject 200,
// message 10 000 characters). Nothing refused is stored, so nothing of it reaches the service's EPJ.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectProblem, S } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { countRows, type Headers, messagingClient, P, pdf, SV, type ThreadDetail } from './messaging-support.ts'

let t: TestApp
let api: ReturnType<typeof messagingClient>
let ingrid: Headers
let lise: Headers

const HOME_CARE = SV.tonsbergHjemmesykepleie.id

beforeAll(async () => {
  t = await startTestApp()
  api = messagingClient(t)
  ingrid = await api.citizen(P.ingridBerg.id)
  lise = await api.staff(S.liseLund.id, HOME_CARE)
}, 60_000)

afterAll(async () => {
  await t?.close()
}, 60_000)

/** A new thread sent as raw JSON text, so that escapes such as "\ud800" reach the server as written. */
function rawNewThread(json: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/citizens/${P.ingridBerg.id}/threads`,
    headers: { ...ingrid, 'content-type': 'application/json' },
    payload: json,
  })
}

const fieldError = (res: { json: <T>() => T }, path: string) =>
  res.json<{ errors?: { path: string; message: string }[] }>().errors?.find((e) => e.path === path)

describe('characters that hide or turn text', { timeout: 30_000 }, () => {
  it('a subject with a right-to-left override is refused, naming the field and the character', async () => {
    const before = await countRows(t)
    const res = await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Faktura \u202Efdp.exe', body: 'Se vedlegg.' })
    expectProblem(res, 422, 'validation-failed')
    expect(fieldError(res, 'body.subject')?.message).toBe('kan ikke inneholde usynlige tegn som endrer tekstretning eller linjeskift (U+202E)')
    expect(await countRows(t)).toEqual(before)
  })

  it('half a surrogate pair in the raw JSON is refused, not stored as U+FFFD and sent on to the EPJ', async () => {
    const before = await countRows(t)
    const res = await rawNewThread(`{"serviceId":"${HOME_CARE}","subject":"Time","body":"Kan dere ringe meg? \\ud800"}`)
    expectProblem(res, 422, 'validation-failed')
    expect(fieldError(res, 'body.body')?.message).toMatch(/ødelagt tegn/)
    expect(await countRows(t)).toEqual(before)
    const replaced = await t.db.selectFrom('citizen_message').select('id').where('body', 'like', '%\ufffd%').execute()
    expect(replaced).toEqual([])
  })

  it('a zero-width space in a staff answer, and a file name with a zero-width joiner, are refused', async () => {
    const thread = (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Spørsmål', body: 'Hei 👩🏽‍⚕️' })).json<ThreadDetail>()
    expect(thread.messages[0]?.body).toBe('Hei 👩🏽‍⚕️')
    const answer = await api.serviceWrite(lise, HOME_CARE, thread.id, { body: 'Pass\u200bord' })
    expectProblem(answer, 422, 'validation-failed')
    expect(fieldError(answer, 'body.body')?.message).toMatch(/uten bredde \(U\+200B\)/)
    const file = await api.citizenWrite(ingrid, P.ingridBerg.id, thread.id, { body: 'Vedlegg', attachments: [pdf('brev\u200d.pdf')] })
    expectProblem(file, 422, 'validation-failed')
    expect(fieldError(file, 'body.attachments.0.fileName')?.message).toMatch(/uten bredde/)
  })
})

describe('limits that refuse instead of cutting', { timeout: 30_000 }, () => {
  it('a subject over 200 characters is refused with the field and the limit; 200 are taken whole', async () => {
    const res = await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 's'.repeat(201), body: 'Hei' })
    expectProblem(res, 422, 'validation-failed')
    expect(fieldError(res, 'body.subject')?.message).toBe('kan være høyst 200 tegn')
    const ok = await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 's'.repeat(200), body: 'Hei' })
    expect(ok.statusCode, ok.body).toBe(201)
    expect(ok.json<ThreadDetail>().subject).toBe('s'.repeat(200))
  })

  it('a message over 10 000 characters is refused with the field and the limit; 10 000 are stored whole', async () => {
    const res = await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Langt', body: 'b'.repeat(10_001) })
    expectProblem(res, 422, 'validation-failed')
    expect(fieldError(res, 'body.body')?.message).toBe('kan være høyst 10 000 tegn')
    const ok = await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Langt', body: 'b'.repeat(10_000) })
    expect(ok.statusCode, ok.body).toBe(201)
    const stored = await t.db.selectFrom('citizen_message').select('body').where('thread_id', '=', ok.json<ThreadDetail>().id).executeTakeFirstOrThrow()
    expect(stored.body).toHaveLength(10_000)
  })
})
