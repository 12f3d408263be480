// Attachments on citizen messages: PDF, JPEG and PNG that really are what they claim, at most five of 5 MiB; the
// body limit of the routes; downloads that are always attachments; and refusals that store nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ATTACHMENT_ROUTE_BODY_LIMIT, MAX_ATTACHMENT_BYTES } from '../../src/citizen/messaging/attachments.schemas.ts'
import { expectProblem, S } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { countRows, type Headers, messagingClient, P, pdf, SV, type ThreadDetail, TINY_PDF, TINY_PNG } from './messaging-support.ts'

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

const png = { fileName: 'utslett.png', contentType: 'image/png', contentBase64: TINY_PNG.toString('base64') }
const newThread = (attachments: unknown[]) => ({ serviceId: HOME_CARE, subject: 'Vedlegg', body: 'Se vedlegg.', attachments })

describe('attachments that are what they claim', { timeout: 30_000 }, () => {
  let thread: ThreadDetail

  it('a PDF and a PNG are stored and listed with their sizes', async () => {
    const res = await api.startThread(ingrid, P.ingridBerg.id, newThread([pdf('Epikrise «mars».pdf'), png]))
    expect(res.statusCode, res.body).toBe(201)
    thread = res.json<ThreadDetail>()
    expect(thread.messages[0]?.attachments).toEqual([
      { id: expect.any(String), fileName: 'Epikrise «mars».pdf', contentType: 'application/pdf', byteSize: TINY_PDF.length },
      { id: expect.any(String), fileName: 'utslett.png', contentType: 'image/png', byteSize: TINY_PNG.length },
    ])
  })

  it('the citizen and the service download them as attachments, never rendered', async () => {
    const attachment = thread.messages[0]?.attachments[0]
    for (const url of [
      `/api/citizens/${P.ingridBerg.id}/threads/${thread.id}/attachments/${attachment?.id}`,
      `/api/services/${HOME_CARE}/threads/${thread.id}/attachments/${attachment?.id}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: url.includes('/services/') ? lise : ingrid })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toBe('application/pdf')
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Epikrise _mars_.pdf"; filename\*=UTF-8''Epikrise%20%C2%ABmars%C2%BB\.pdf$/)
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.rawPayload.equals(TINY_PDF)).toBe(true)
    }
  })

  it('nobody else gets them, and an attachment of another thread is not found', async () => {
    const attachment = thread.messages[0]?.attachments[0]
    const ahmed = await api.citizen(P.ahmedKhan.id)
    const tor = await api.staff(S.torTangen.id, SV.faerderHjemmesykepleie.id)
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/api/citizens/${P.ingridBerg.id}/threads/${thread.id}/attachments/${attachment?.id}`, headers: ahmed }),
      403,
      'forbidden',
    )
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/api/services/${HOME_CARE}/threads/${thread.id}/attachments/${attachment?.id}`, headers: tor }),
      403,
      'forbidden',
    )
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/api/citizens/${P.ingridBerg.id}/threads/${thread.id}/attachments/${attachment?.id}` }),
      401,
      'unauthenticated',
    )
    const other = (await api.startThread(ingrid, P.ingridBerg.id, newThread([]))).json<ThreadDetail>()
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/api/citizens/${P.ingridBerg.id}/threads/${other.id}/attachments/${attachment?.id}`, headers: ingrid }),
      404,
      'not-found',
    )
  })

  it('a file sent under a name that says another type is saved as what it is; a name with a bidi override is refused', async () => {
    // A PNG named as a web page: opened from the downloads folder it would be a web page.
    const res = await api.serviceWrite(lise, HOME_CARE, thread.id, { body: 'Skjema.', attachments: [{ ...png, fileName: 'skjema.html' }] })
    expect(res.statusCode, res.body).toBe(201)
    const attachment = res.json<ThreadDetail>().messages.at(-1)?.attachments[0]
    expect(attachment?.fileName).toBe('skjema.html')
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/citizens/${P.ingridBerg.id}/threads/${thread.id}/attachments/${attachment?.id}`,
      headers: ingrid,
    })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('image/png')
    expect(download.headers['content-disposition']).toBe(`attachment; filename="skjema.html.png"; filename*=UTF-8''skjema.html.png`)
    const before = await countRows(t)
    const spoofed = await api.citizenWrite(ingrid, P.ingridBerg.id, thread.id, { body: 'Hei', attachments: [pdf('Epikrise\u202Efdp.exe')] })
    const problem = expectProblem(spoofed, 422, 'validation-failed')
    expect(problem.errors?.map((e) => e.path)).toEqual(['body.attachments.0.fileName'])
    expect(await countRows(t)).toEqual(before)
  })

  it('staff attach a file to an answer and the citizen downloads it', async () => {
    const res = await api.serviceWrite(lise, HOME_CARE, thread.id, { body: 'Her er planen.', attachments: [pdf('plan.pdf')] })
    expect(res.statusCode, res.body).toBe(201)
    const attachment = res.json<ThreadDetail>().messages.at(-1)?.attachments[0]
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/citizens/${P.ingridBerg.id}/threads/${thread.id}/attachments/${attachment?.id}`,
      headers: ingrid,
    })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toContain('plan.pdf')
  })

  it('five attachments in one message are stored in the order sent', async () => {
    const five = Array.from({ length: 5 }, (_, i) => pdf(`del-${i}.pdf`, Buffer.concat([TINY_PDF, Buffer.alloc(256 * 1024 * (i + 1), 0x20)])))
    const res = await api.startThread(ingrid, P.ingridBerg.id, newThread(five))
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201)
    expect(res.json<ThreadDetail>().messages[0]?.attachments.map((a) => a.fileName)).toEqual(five.map((a) => a.fileName))
  }, 60_000)

  it('a file larger than one slice is streamed whole, with its length, and never cached', async () => {
    // 2.5 MiB of bytes that differ from place to place: a slice read twice, or out of order, would show.
    const content = Buffer.concat([TINY_PDF, Buffer.from(Array.from({ length: 2.5 * 1024 * 1024 }, (_, i) => (i * 7919) % 251))])
    const sent = await api.startThread(ingrid, P.ingridBerg.id, newThread([pdf('stor.pdf', content)]))
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(201)
    const detail = sent.json<ThreadDetail>()
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/citizens/${P.ingridBerg.id}/threads/${detail.id}/attachments/${detail.messages[0]?.attachments[0]?.id}`,
      headers: ingrid,
    })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-length']).toBe(String(content.length))
    expect(download.headers['cache-control']).toBe('private, no-store')
    expect(download.rawPayload.equals(content)).toBe(true)
  }, 60_000)

  it('the body limit lets five attachments of 5 MiB through to the content check', async () => {
    // The largest message there can be; the last file is not a PDF, so it is refused by the content check (422),
    // not by the body limit (413), and nothing of the large files is stored.
    const before = await countRows(t)
    const largest = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x20)
    TINY_PDF.copy(largest)
    const notPdf = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x20)
    const five = [...Array.from({ length: 4 }, (_, i) => pdf(`stor-${i}.pdf`, largest)), pdf('ikke-pdf.pdf', notPdf)]
    const res = await api.startThread(ingrid, P.ingridBerg.id, { ...newThread(five), body: 'æ'.repeat(10_000) })
    const problem = expectProblem(res, 422, 'validation-failed')
    expect(problem.errors?.map((e) => e.path)).toEqual(['body.attachments.4'])
    expect(await countRows(t)).toEqual(before)
  }, 60_000)
})

describe('refused, and nothing is stored', { timeout: 30_000 }, () => {
  it('a "PDF" that is text, or a PNG; a PNG that is a PDF', async () => {
    const before = await countRows(t)
    for (const bad of [
      pdf('falsk.pdf', Buffer.from('Dette er bare tekst, ikke en PDF.')),
      pdf('bilde.pdf', TINY_PNG),
      { ...png, contentBase64: TINY_PDF.toString('base64') },
    ]) {
      const problem = expectProblem(await api.startThread(ingrid, P.ingridBerg.id, newThread([bad])), 422, 'validation-failed')
      expect(problem.errors).toEqual([{ path: 'body.attachments.0', message: expect.stringMatching(/ikke en gyldig fil/) }])
    }
    // One good and one bad: the whole message is refused.
    const mixed = expectProblem(
      await api.startThread(ingrid, P.ingridBerg.id, newThread([pdf(), pdf('falsk.pdf', Buffer.from('tekst'))])),
      422,
      'validation-failed',
    )
    expect(mixed.errors?.map((e) => e.path)).toEqual(['body.attachments.1'])
    const thread = (await t.db.selectFrom('citizen_thread').select('id').where('citizen_person_id', '=', P.ingridBerg.id).executeTakeFirstOrThrow()).id
    const countsBeforeReply = await countRows(t)
    expect(countsBeforeReply).toEqual(before)
    expectProblem(await api.citizenWrite(ingrid, P.ingridBerg.id, thread, { body: 'Hei', attachments: [pdf('x.pdf', TINY_PNG)] }), 422, 'validation-failed')
    expectProblem(await api.serviceWrite(lise, HOME_CARE, thread, { body: 'Hei', attachments: [pdf('x.pdf', TINY_PNG)] }), 422, 'validation-failed')
    expect(await countRows(t)).toEqual(before)
  })

  it('an attachment over 5 MiB, more than five, bad base64, another content type, a path as file name', async () => {
    const before = await countRows(t)
    const tooBig = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20)
    TINY_PDF.copy(tooBig)
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, newThread([pdf('stor.pdf', tooBig)])), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, newThread(Array.from({ length: 6 }, () => pdf()))), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, newThread([{ ...pdf(), contentBase64: 'ikke base64!' }])), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, newThread([{ ...pdf(), contentType: 'text/html' }])), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, newThread([pdf('../../etc/passwd')])), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, newThread([{ ...pdf(), contentBase64: '' }])), 422, 'validation-failed')
    expect(await countRows(t)).toEqual(before)
  })

  it('a request body over the routes’ limit is refused with 413 before it is read', async () => {
    const before = await countRows(t)
    const oversized = `{"serviceId":"${HOME_CARE}","subject":"x","body":"${'a'.repeat(ATTACHMENT_ROUTE_BODY_LIMIT)}"}`
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.ingridBerg.id}/threads`,
      headers: { ...ingrid, 'content-type': 'application/json' },
      payload: oversized,
    })
    expectProblem(res, 413, 'payload-too-large')
    // Routes without attachments keep the app's ordinary limit.
    const thread = (await t.db.selectFrom('citizen_thread').select('id').where('citizen_person_id', '=', P.ingridBerg.id).executeTakeFirstOrThrow()).id
    const readWithBody = await t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.ingridBerg.id}/threads/${thread}/read`,
      headers: { ...ingrid, 'content-type': 'application/json' },
      payload: `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`,
    })
    expectProblem(readWithBody, 413, 'payload-too-large')
    expect(await countRows(t)).toEqual(before)
  })

  it('without a session, a large body is refused before it is parsed', async () => {
    const body = JSON.stringify(newThread([pdf('a.pdf', Buffer.alloc(4 * 1024 * 1024, 0x20))]))
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.ingridBerg.id}/threads`,
      headers: { 'content-type': 'application/json' },
      payload: body,
    })
    expectProblem(res, 401, 'unauthenticated')
    const { 'x-csrf-token': _csrf, ...noCsrf } = ingrid
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/api/citizens/${P.ingridBerg.id}/threads`,
        headers: { ...noCsrf, 'content-type': 'application/json' },
        payload: body,
      }),
      403,
      'csrf-failed',
    )
  })

  it('malformed JSON is a 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.ingridBerg.id}/threads`,
      headers: { ...ingrid, 'content-type': 'application/json' },
      payload: '{"subject": "Hei", "body": ',
    })
    expectProblem(res, 400, 'bad-request')
  })
})
