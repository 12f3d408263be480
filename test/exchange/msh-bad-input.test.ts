// Everything a caller can get wrong on /msh is answered with NHN's ErrorMessage (status, errorCode, requestId), stores
// nothing, and never echoes document content back: the patient's national id, name and the dialog text are checked
// against every answer below.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { foresporsel, PARTY, TEST_PATIENT } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { createdId, expectErrorMessage, messageCount, type MshClient, mshClient, mshHeaders, oasValidator, postMessageBody, epjOf } from './msh-test-support.ts'

const MAX_DOCUMENT_BYTES = 16 * 1024
const SECRET_TEXT = 'Hemmelig dialogtekst om pasientens hjertesvikt'
const NATIONAL_ID = TEST_PATIENT.idents[0]?.id ?? ''
/** What must never come back in an error. */
const SECRETS = [NATIONAL_ID, 'Nordmann', SECRET_TEXT, 'hjertesvikt']

const GP = PARTY.tonsbergFastlege.herId
const HOME = PARTY.tonsbergHjemmesykepleie.herId

let t: TestApp
let gpToken: string
let gp: MshClient
let home: MshClient
const oas = oasValidator()
let stored = 0

beforeAll(async () => {
  t = await startTestApp({ EXCHANGE_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES) })
  gpToken = await t.systemToken(PARTY.tonsbergFastlege.orgnr, ['samband/exchange'])
  gp = mshClient(t, gpToken)
  home = await epjOf(t, PARTY.tonsbergHjemmesykepleie)
}, 60_000)
afterAll(async () => t?.close())
beforeEach(async () => {
  stored = await messageCount(t)
})

async function validXml(): Promise<string> {
  return (await foresporsel(t.db, GP, HOME, { text: SECRET_TEXT })).xml
}

/** A 400 ErrorMessage (errorCode 1000 unless told), no document content in it, and nothing stored. */
async function refused(response: Awaited<ReturnType<typeof gp.post>>, status = 400, errorCode?: number) {
  const body = expectErrorMessage(response, status, { errorCode: errorCode ?? (status === 400 ? 1000 : undefined), secrets: SECRETS, oas })
  expect(await messageCount(t)).toBe(stored)
  return body
}

function postRaw(payload: unknown, headers: Record<string, string> = mshHeaders(gpToken)) {
  return t.app.inject({ method: 'POST', url: '/msh/Messages', headers, payload: payload as object })
}

describe('headers and credentials', () => {
  it('api-version is required (400) and must be one this API speaks', async () => {
    const body = postMessageBody(await validXml())
    const { 'api-version': _, ...withoutVersion } = mshHeaders(gpToken)
    const missing = await refused(await postRaw(body, withoutVersion))
    expect(missing.error).toBe('Model validation error occurred')
    expect(missing.validationErrors?.join(' ')).toMatch(/api-version/)
    for (const version of ['3', '2-vNext', '0', 'x'.repeat(500)]) {
      const r = await refused(await postRaw(body, mshHeaders(gpToken, { 'api-version': version })))
      expect(r.validationErrors?.join(' ')).toMatch(/api-version/)
      expect(r.validationErrors?.join(' ').length).toBeLessThan(200)
    }
    // On reads too.
    expectErrorMessage(await t.app.inject({ method: 'GET', url: `/msh/Messages?ReceiverHerIds=${GP}`, headers: withoutVersion }), 400, { oas })
  })

  it('nhn-source-system is required', async () => {
    const { 'nhn-source-system': _, ...headers } = mshHeaders(gpToken)
    const r = await refused(await postRaw(postMessageBody(await validXml()), headers))
    expect(r.validationErrors?.join(' ')).toMatch(/nhn-source-system/)
    await refused(await postRaw(postMessageBody(await validXml()), { ...headers, 'nhn-source-system': '   ' }))
  })

  it('no token, a forged token or the wrong scheme is 401 with WWW-Authenticate', async () => {
    const body = postMessageBody(await validXml())
    const { authorization: _, ...anonymous } = mshHeaders(gpToken)
    const variants: Record<string, string>[] = [
      anonymous,
      { ...anonymous, authorization: `Bearer ${gpToken}x` },
      { ...anonymous, authorization: 'Bearer not-a-jwt' },
      { ...anonymous, authorization: `Basic ${Buffer.from('demo-epj-939901086:demo-secret-939901086').toString('base64')}` },
    ]
    for (const headers of variants) {
      const r = await postRaw(body, headers)
      await refused(r, 401)
      expect(r.headers['www-authenticate']).toBeDefined()
      const read = await t.app.inject({ method: 'GET', url: `/msh/Messages?ReceiverHerIds=${GP}`, headers })
      expect(expectErrorMessage(read, 401).error).toMatch(/^Unauthorized/)
    }
    // A token that is there but not valid gets RFC 6750/9449's error="invalid_token", so the client knows to renew it.
    const forged = await postRaw(body, { ...anonymous, authorization: `Bearer ${gpToken}x` })
    expect(forged.headers['www-authenticate']).toMatch(/error="invalid_token"/)
    const unbound = await postRaw(body, { ...anonymous, authorization: `DPoP ${gpToken}` })
    expectErrorMessage(unbound, 401)
    expect(unbound.headers['www-authenticate']).toMatch(/^DPoP error="invalid_token"/)
  })
})

describe('the business document', () => {
  it('malformed XML is refused', async () => {
    const xml = (await validXml()).replace('</Sporsmal>', '</Sporsmaal>')
    const r = await refused(await gp.post(xml))
    expect(r.validationErrors?.join(' ')).toMatch(/T01/)
    await refused(await gp.post(`<?xml version="1.0" encoding="UTF-8"?><MsgHead>${SECRET_TEXT}`))
    await refused(await gp.post(`<?xml version="1.0" encoding="UTF-8"?>${SECRET_TEXT}`))
    await refused(await gp.post('<?xml version="1.0" encoding="UTF-8"?>'))
  })

  it('XML that is not UTF-8 with a declaration on its first line is refused', async () => {
    const xml = await validXml()
    const body = xml.slice(xml.indexOf('?>') + 2)
    // ISO-8859-1, declared and encoded as such: a valid XML document, but NHN takes UTF-8 only.
    await refused(await gp.post(Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${body}`, 'latin1')))
    // No declaration at all, or one without an encoding.
    await refused(await gp.post(body.trimStart()))
    await refused(await gp.post(`<?xml version="1.0"?>${body}`))
    // UTF-16 with a byte order mark.
    await refused(await gp.post(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${body}`, 'utf16le')])))
    // Declared UTF-8 but not UTF-8 (a Latin-1 ø).
    await refused(await gp.post(Buffer.from(xml, 'latin1')))
  })

  it('businessDocument that is not base64 is refused', async () => {
    for (const businessDocument of ['not base64!', 'PD94bWw', '====', 'PD94-bWw_', '\u00e6\u00f8\u00e5\u00e6']) {
      await refused(await postRaw({ businessDocument, contentType: 'application/xml', contentTransferEncoding: 'base64' }))
    }
  })

  it('a document in the wrong namespace, or of an unknown kind, is refused', async () => {
    const xml = await validXml()
    const r = await refused(await gp.post(xml.replace('xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24"', 'xmlns="http://example.org/msghead"')))
    expect(r.validationErrors?.join(' ')).toMatch(/T10/)
    await refused(await gp.post(xml.replace('xmlns="http://www.kith.no/xmlstds/dialog/2013-01-23"', 'xmlns="http://example.org/dialog"')))
    await refused(await gp.post(`<?xml version="1.0" encoding="UTF-8"?><Kari xmlns="urn:x">${SECRET_TEXT}</Kari>`))
  })

  it('a Dialogmelding that does not validate against the official XSD is refused (T02) without quoting values', async () => {
    const xml = await validXml()
    // TypeForesp is required in Foresporsel.
    const withoutType = xml.replace(/<TypeForesp [^>]*\/>/, '')
    expect(withoutType).not.toBe(xml)
    const r = await refused(await gp.post(withoutType))
    expect(r.validationErrors?.join(' ')).toMatch(/T02|TypeForesp|Sporsmal/)
    // The patient's national id where a date belongs: the schema message must not quote it.
    await refused(await gp.post(xml.replace(/<GenDate>[^<]*<\/GenDate>/, `<GenDate>${NATIONAL_ID}</GenDate>`)))
    // An unknown element in the middle of the patient.
    await refused(await gp.post(xml.replace('<FamilyName>', `<Diagnose>${SECRET_TEXT}</Diagnose><FamilyName>`)))
    // The national id where the schema fixes the value (MIGversion).
    await refused(await gp.post(xml.replace(/<MIGversion>[^<]*<\/MIGversion>/, `<MIGversion>${NATIONAL_ID}</MIGversion>`)))
  })

  it('a MsgId that is not a GUID is refused with E10 (AppRec 1.1) and nothing is stored', async () => {
    const before = await messageCount(t)
    const xml = (await validXml()).replace(/<MsgId>[^<]*<\/MsgId>/, '<MsgId>melding-nr-42</MsgId>')
    const r = await refused(await gp.post(xml))
    expect(r.validationErrors?.join(' ')).toMatch(/E10/)
    expect(await messageCount(t)).toBe(before)
  })

  it('billion laughs and external entities (XXE) are refused and nothing is stored', async () => {
    const xml = await validXml()
    const laughs = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE MsgHead [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>${xml.slice(xml.indexOf('?>') + 2).replace(SECRET_TEXT, '&lol9;')}`
    const xxe = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE MsgHead [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>${xml.slice(xml.indexOf('?>') + 2).replace(SECRET_TEXT, '&xxe;')}`
    const xxeParameter = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE MsgHead [ <!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote; ]>${xml.slice(xml.indexOf('?>') + 2)}`
    for (const evil of [laughs, xxe, xxeParameter]) {
      const r = await refused(await gp.post(evil))
      expect(r.validationErrors?.join(' ')).toMatch(/DOCTYPE|DTD/)
      expect(JSON.stringify(r)).not.toContain('root:')
    }
  })

  it('an oversized document, and an oversized request, are refused with an ErrorMessage', async () => {
    const big = (await foresporsel(t.db, GP, HOME, { text: `${SECRET_TEXT} ${'x'.repeat(MAX_DOCUMENT_BYTES)}` })).xml
    const r = await refused(await gp.post(big))
    expect(r.validationErrors?.join(' ')).toMatch(/limit|large/)
    // A request body far above what the document limit allows, base64 and JSON included.
    const huge = postMessageBody(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><MsgHead>${SECRET_TEXT}${'y'.repeat(MAX_DOCUMENT_BYTES * 8)}</MsgHead>`))
    await refused(await postRaw(huge))
  })
})

describe('the JSON body', () => {
  it('unknown properties are refused (additionalProperties: false), nested ones too', async () => {
    const xml = await validXml()
    await refused(await gp.post(xml, { senderHerId: GP }))
    await refused(await gp.post(xml, { ebXmlOverrides: { applicationName: 'EPJ', colour: 'blue' } }))
    // Every OAS property is accepted.
    createdId(
      await gp.post(xml, {
        receiverHerIdsSubset: null,
        ebXmlOverrides: {
          cpaId: null,
          conversationId: null,
          service: null,
          serviceType: null,
          action: null,
          senderRole: null,
          receiverRole: null,
          useSenderLevel1HerId: false,
          applicationName: 'EPJ',
          applicationVersion: '1.0',
          middlewareName: null,
          middlewareVersion: null,
          compressPayload: false,
        },
      }),
    )
  })

  it('contentType other than application/xml, contentTransferEncoding other than base64, missing or empty fields', async () => {
    const base = postMessageBody(await validXml())
    await refused(await postRaw({ ...base, contentType: 'text/xml' }))
    await refused(await postRaw({ ...base, contentType: 'application/json' }))
    await refused(await postRaw({ ...base, contentTransferEncoding: '7bit' }))
    await refused(await postRaw({ ...base, businessDocument: '' }))
    const { businessDocument: _, ...noDocument } = base
    await refused(await postRaw(noDocument))
    const { contentType: __, ...noContentType } = base
    await refused(await postRaw(noContentType))
    await refused(await postRaw([base]))
    await refused(await postRaw('just a string'))
  })

  it('a body that is not JSON is an ErrorMessage that does not quote the body', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/msh/Messages',
      headers: { ...mshHeaders(gpToken), 'content-type': 'application/json' },
      payload: `{"businessDocument": "${NATIONAL_ID} ${SECRET_TEXT}`,
    })
    await refused(r)
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/msh/Messages',
      headers: { ...mshHeaders(gpToken), 'content-type': 'application/xml' },
      payload: await validXml(),
    })
    expect(notJson.statusCode).toBeGreaterThanOrEqual(400)
    expect(notJson.statusCode).toBeLessThan(500)
    expectErrorMessage(notJson, notJson.statusCode, { secrets: SECRETS, oas })
  })

  it('receiverHerIdsSubset with HER-ids outside int32 1…2147483647 is refused', async () => {
    const xml = await validXml()
    for (const subset of [[0], [2_147_483_648], [-1], [1.5], ['abc']]) await refused(await gp.post(xml, { receiverHerIdsSubset: subset }))
  })
})

describe('simplified AppRec bodies', () => {
  let id: string
  beforeAll(async () => {
    id = createdId(await gp.post(await validXml()))
    await t.exchange.dispatcher.runOnce()
  })

  it('Rejected without errors, an unknown error code, an unknown status or OkErrorInMessagePart are refused', async () => {
    const bodies: unknown[] = [
      { appRecStatus: 'Rejected' },
      { appRecStatus: 'Rejected', appRecErrorList: [] },
      { appRecStatus: 'Rejected', appRecErrorList: null },
      { appRecStatus: '2' },
      { appRecStatus: 'Rejected', appRecErrorList: [{ errorCode: 'Z99', details: 'ukjent' }] },
      { appRecStatus: 'Rejected', appRecErrorList: [{ errorCode: '', details: 'tom' }] },
      { appRecStatus: 'Maybe' },
      { appRecStatus: 4 },
      {},
      { appRecStatus: 'OkErrorInMessagePart', appRecErrorList: [{ errorCode: 'X99', details: 'delvis' }] },
      { appRecStatus: 'Ok', colour: 'blue' },
      { appRecStatus: 'Rejected', appRecErrorList: [{ errorCode: 'E21', details: 'x', extra: true }] },
    ]
    for (const body of bodies) {
      const r = await home.appRec(id, HOME, body)
      expectErrorMessage(r, 400, { oas })
    }
    // None of them settled anything: the status is still without an AppRec.
    expect((await gp.get(id, '/status')).json()).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: null }])
  })
})

describe('query and path parameters', () => {
  it('MessagesToFetch outside 1–100, an unknown OrderBy, a missing or malformed ReceiverHerIds, a long BusinessDocumentId', async () => {
    for (const query of [
      `ReceiverHerIds=${GP}&MessagesToFetch=0`,
      `ReceiverHerIds=${GP}&MessagesToFetch=101`,
      `ReceiverHerIds=${GP}&MessagesToFetch=-1`,
      `ReceiverHerIds=${GP}&MessagesToFetch=abc`,
      `ReceiverHerIds=${GP}&MessagesToFetch=1.5`,
      `ReceiverHerIds=${GP}&OrderBy=3`,
      `ReceiverHerIds=${GP}&OrderBy=Sideways`,
      `ReceiverHerIds=${GP}&IncludeMetadata=yes`,
      `ReceiverHerIds=${GP}&BusinessDocumentId=${'a'.repeat(101)}`,
      '',
      'ReceiverHerIds=',
      'ReceiverHerIds=abc',
      'MessagesToFetch=5',
    ]) {
      const r = await gp.list(query)
      const body = expectErrorMessage(r, 400, { errorCode: 1000, oas })
      expect(body.validationErrors?.length, query).toBeGreaterThan(0)
    }
    const r = await gp.list(`ReceiverHerIds=${GP}&MessagesToFetch=0`)
    expect(r.json<{ validationErrors: string[] }>().validationErrors.join(' ')).toMatch(/MessagesToFetch/)
  })

  it('HER-ids 0, 2147483648 and negative are refused wherever a HER-id is taken', async () => {
    const id = '5f5e94d5-d908-476b-a172-a241c52eddb6'
    for (const herId of ['0', '2147483648', '-1', '99999999999', 'abc']) {
      expectErrorMessage(await gp.list(`ReceiverHerIds=${herId}`), 400, { errorCode: 1000, oas })
      expectErrorMessage(await gp.list(`ReceiverHerIds=${GP}&SenderHerId=${herId}`), 400, { errorCode: 1000, oas })
      expectErrorMessage(await t.app.inject({ method: 'PUT', url: `/msh/Messages/${id}/read/${herId}`, headers: mshHeaders(gpToken) }), 400, {
        errorCode: 1000,
        oas,
      })
      expectErrorMessage(await gp.appRec(id, herId, { appRecStatus: 'Ok' }), 400, { errorCode: 1000, oas })
    }
    // The largest int32 is a HER-id (that nobody owns).
    expectErrorMessage(await gp.list('ReceiverHerIds=2147483647'), 403, { oas })
  })

  it('a path with malformed percent-encoding is a 400 ErrorMessage, not problem+json', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/msh/Messages/%zz', headers: mshHeaders(gpToken) })
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.json()).toMatchObject({ errorCode: 1000, requestId: response.headers['x-request-id'] })
  })

  it('an id that is not a GUID is refused on every endpoint', async () => {
    for (const id of ['123', 'not-a-guid', '5f5e94d5-d908-476b-a172-a241c52eddb', '5f5e94d5d908476ba172a241c52eddb6x', "' or 1=1 --"]) {
      const encoded = encodeURIComponent(id)
      for (const suffix of ['', '/business-document', '/status', '/apprec']) {
        expectErrorMessage(await gp.get(encoded, suffix), 400, { errorCode: 1000, oas })
      }
      expectErrorMessage(await gp.read(encoded, GP), 400, { errorCode: 1000, oas })
      expectErrorMessage(await gp.appRec(encoded, GP, { appRecStatus: 'Ok' }), 400, { errorCode: 1000, oas })
    }
  })
})
