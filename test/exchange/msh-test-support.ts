/**
 * Shared by the /msh conformance tests: NHN's headers, request bodies, the vendored OAS as a response validator,
 * checks of NHN's ErrorMessage, and ways to build the documents the tests need (copy receivers, re-addressed
 * samples, AppRecs written by a receiver's own system).
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import { expect } from 'vitest'
import { vendoredNhnDir } from '../../src/exchange/xml/conformance-files.ts'
import { appRecInputFor } from '../../src/exchange/messages/apprec.rules.ts'
import { writeAppRec } from '../../src/exchange/messages/apprec.writer.ts'
import type { AppRecErrorCode } from '../../src/exchange/messages/apprec-codes.ts'
import type { Message } from '../../src/exchange/messages/message.types.ts'
import type { MsgHeadMessage, Organisation } from '../../src/exchange/messages/msg-head.types.ts'
import { readMessageXml } from '../../src/exchange/messages/read-message.ts'
import { APPREC_1_0_NAMESPACE, APPREC_1_1_NAMESPACE, createXsdValidator, type XsdValidator } from '../../src/exchange/xml/xsd-validator.ts'
import type { TestApp } from '../support/test-app.ts'

export const SOURCE_SYSTEM = 'Test EPJ 1.0'

/** What every EPJ sends NHN on every call (API.md §2.2). */
export function mshHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'api-version': '2', 'nhn-source-system': SOURCE_SYSTEM, ...extra }
}

export function postMessageBody(xml: string | Buffer, extra: Record<string, unknown> = {}) {
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml
  return { businessDocument: bytes.toString('base64'), contentType: 'application/xml', contentTransferEncoding: 'base64', ...extra }
}

type Response = { statusCode: number; headers: Record<string, unknown>; body: string; json<T = unknown>(): T }

/** A thin client for one EPJ: the calls every test makes, with NHN's headers. */
export function mshClient(t: TestApp, token: string) {
  const headers = mshHeaders(token)
  return {
    post: (xml: string | Buffer, extra: Record<string, unknown> = {}) =>
      t.app.inject({ method: 'POST', url: '/msh/Messages', headers, payload: postMessageBody(xml, extra) }),
    list: (query: string) => t.app.inject({ method: 'GET', url: `/msh/Messages?${query}`, headers }),
    get: (id: string, suffix = '') => t.app.inject({ method: 'GET', url: `/msh/Messages/${id}${suffix}`, headers }),
    read: (id: string, herId: number | string) => t.app.inject({ method: 'PUT', url: `/msh/Messages/${id}/read/${herId}`, headers }),
    appRec: (id: string, herId: number | string, body: unknown) =>
      t.app.inject({ method: 'POST', url: `/msh/Messages/${id}/apprec/${herId}`, headers, payload: body as object }),
    /** The whole unread inbox of one HER-id, with metadata. */
    inbox: async (herId: number) => {
      const r = await t.app.inject({ method: 'GET', url: `/msh/Messages?ReceiverHerIds=${herId}&IncludeMetadata=true&MessagesToFetch=100`, headers })
      expect(r.statusCode, r.body).toBe(200)
      return r.json<InboxItem[]>()
    },
    /** Reads everything unread, so that the next listing starts empty. */
    drain: async (herId: number) => {
      for (;;) {
        const r = await t.app.inject({ method: 'GET', url: `/msh/Messages?ReceiverHerIds=${herId}&MessagesToFetch=100`, headers })
        const items = r.json<{ id: string }[]>()
        if (items.length === 0) return
        for (const item of items) await t.app.inject({ method: 'PUT', url: `/msh/Messages/${item.id}/read/${herId}`, headers })
      }
    },
    documentOf: async (id: string) => {
      const r = await t.app.inject({ method: 'GET', url: `/msh/Messages/${id}/business-document`, headers })
      expect(r.statusCode, r.body).toBe(200)
      return Buffer.from(r.json<{ businessDocument: string }>().businessDocument, 'base64')
    },
  }
}

export type MshClient = ReturnType<typeof mshClient>

/** The demo EPJ of a party's organisation, with a token for the message API. */
export async function epjOf(t: TestApp, party: { orgnr: string }): Promise<MshClient> {
  return mshClient(t, await t.systemToken(party.orgnr, ['samband/exchange']))
}

/** The official AppRec 1.0 and 1.1 schemas: what every AppRec Samband writes must validate against. */
export function appRecSchemas(): Promise<XsdValidator> {
  return createXsdValidator({ namespaces: [APPREC_1_0_NAMESPACE, APPREC_1_1_NAMESPACE], xsdDir: join(vendoredNhnDir(), 'xsd') })
}

export type InboxItem = {
  id: string
  contentType: string
  receiverHerId: number
  senderHerId: number
  businessDocumentId: string
  businessDocumentGenDate: string
  isAppRec: boolean
}

/** 201 with a JSON string holding a GUID, and Location pointing at it (OAS: POST /Messages, POST …/apprec). */
export function createdId(response: Response): string {
  expect(response.statusCode, response.body).toBe(201)
  expect(response.headers['content-type']).toMatch(/^application\/json/)
  expect(response.body).toMatch(/^"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"$/)
  const id = response.json<string>()
  expect(response.headers.location).toMatch(new RegExp(`/msh/Messages/${id}$`))
  return id
}

// ---------------------------------------------------------------------------------------------------------------
// The vendored OAS as a validator of our responses.

type JsonSchema = Record<string, unknown>

/**
 * OpenAPI 3.0's `nullable` is not JSON Schema: it becomes `null` in the type (or an anyOf with null where the schema
 * is only a reference), so that ajv checks exactly what the OAS says.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (node === null || typeof node !== 'object') return node
  const out: JsonSchema = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'nullable') continue
    out[k] = toJsonSchema(v)
  }
  if ((node as JsonSchema).nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
    } else {
      return { anyOf: [out, { type: 'null' }] }
    }
  }
  return out
}

const OAS_PATH = join(vendoredNhnDir(), 'msh-api-v2.openapi.json')

export type OasValidator = {
  /** The schema of one response in the OAS (path as the OAS writes it, e.g. '/Messages/{id}/status'). */
  response(method: string, path: string, status: number): (body: unknown) => void
  /** A component schema of the OAS (e.g. 'ErrorMessage'). */
  component(name: string): (body: unknown) => void
  /** Property names of a component schema. */
  properties(component: string): string[]
}

export function oasValidator(): OasValidator {
  const oas = JSON.parse(readFileSync(OAS_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>
    components: { schemas: Record<string, JsonSchema> }
  }
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2_147_483_648 && n <= 2_147_483_647 })
  // NHN's own examples have GenDates without an offset ("2024-09-03T07:55:13"): an ISO date-time, offset optional.
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)?$/)
  ajv.addSchema({ $id: 'oas', components: toJsonSchema(oas.components) as JsonSchema })
  const cache = new Map<string, ValidateFunction>()
  const refs = (schema: unknown): JsonSchema => JSON.parse(JSON.stringify(toJsonSchema(schema)).replaceAll('"#/components/', '"oas#/components/')) as JsonSchema
  const check = (key: string, schema: () => unknown) => {
    let validate = cache.get(key)
    if (!validate) {
      validate = ajv.compile(refs(schema()))
      cache.set(key, validate)
    }
    const v = validate
    return (body: unknown) => {
      const ok = v(body)
      expect(ok, `${key}: ${ajv.errorsText(v.errors)}\n${JSON.stringify(body)}`).toBe(true)
    }
  }
  return {
    response(method, path, status) {
      return check(`${method} ${path} ${status}`, () => {
        const schema = oas.paths[path]?.[method.toLowerCase()]?.responses[String(status)]?.content?.['application/json']?.schema
        if (!schema) throw new Error(`the OAS has no JSON response ${method} ${path} ${status}`)
        return schema
      })
    },
    component(name) {
      return check(name, () => ({ $ref: `#/components/schemas/${name}` }))
    },
    properties(component) {
      return Object.keys((oas.components.schemas[component]?.properties as JsonSchema | undefined) ?? {})
    },
  }
}

export const OAS_BYTES = (): Buffer => readFileSync(OAS_PATH)

// ---------------------------------------------------------------------------------------------------------------
// Errors.

export type ErrorMessageBody = { error: string | null; errorCode: number; validationErrors: string[] | null; stackTrace: string | null; requestId: string }

/**
 * NHN's ErrorMessage with the expected status: every property of the OAS schema and no other, requestId set and
 * equal to x-request-id, no stack trace, and none of `secrets` (document content) anywhere in the answer.
 */
export function expectErrorMessage(
  response: Response,
  status: number,
  options: { errorCode?: number; secrets?: readonly string[]; oas?: OasValidator } = {},
): ErrorMessageBody {
  expect(response.statusCode, response.body).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/json/)
  const body = response.json<ErrorMessageBody>()
  expect(Object.keys(body).sort()).toEqual(['error', 'errorCode', 'requestId', 'stackTrace', 'validationErrors'])
  expect(typeof body.requestId).toBe('string')
  expect(body.requestId.length).toBeGreaterThan(0)
  expect(response.headers['x-request-id']).toBe(body.requestId)
  expect(body.stackTrace).toBeNull()
  expect(typeof body.errorCode).toBe('number')
  if (options.errorCode !== undefined) expect(body.errorCode).toBe(options.errorCode)
  for (const secret of options.secrets ?? []) expect(response.body, 'document content echoed in the error').not.toContain(secret)
  options.oas?.component('ErrorMessage')(body)
  return body
}

// ---------------------------------------------------------------------------------------------------------------
// Documents.

/** The `<Organisation>…</Organisation>` under Receiver in a document we wrote: the addressing of that receiver. */
export function receiverOrganisationXml(xml: string): string {
  const match = /<Receiver>\s*(<Organisation>[\s\S]*?<\/Organisation>)\s*<\/Receiver>/.exec(xml)
  if (!match?.[1]) throw new Error('no Receiver/Organisation in the document')
  return match[1]
}

/** Adds copy receivers (MsgHead OtherReceiver, RoleReceiver COP) before Patient, where the schema puts them. */
export function withCopyReceivers(xml: string, organisationsXml: readonly string[]): string {
  const others = organisationsXml.map((org) => `<OtherReceiver><RoleReceiver V="COP" DN="Kopimottaker"/>${org}</OtherReceiver>`).join('')
  const at = xml.indexOf('<Patient>')
  if (at < 0) throw new Error('no Patient in the document')
  return xml.slice(0, at) + others + xml.slice(at)
}

export type PartyName = { topHerId: number; topName: string; herId: number; name: string }

/**
 * A conformance sample re-addressed between two demo parties: the MsgHead's Sender and Receiver (two levels each)
 * and its MsgId are rewritten in the text; everything else, the payload above all, stays byte for byte.
 */
export function readdressSample(
  xml: string,
  from: { sender: PartyName; receiver: PartyName },
  to: { sender: PartyName; receiver: PartyName },
  msgId = randomUUID(),
): string {
  const end = xml.indexOf('</MsgInfo>')
  let head = xml.slice(0, end)
  const swapParty = (section: 'Sender' | 'Receiver', a: PartyName, b: PartyName) => {
    const start = head.indexOf(`<${section}>`)
    const stop = head.indexOf(`</${section}>`) + section.length + 3
    const part = head
      .slice(start, stop)
      .replace(`<Id>${a.topHerId}</Id>`, `<Id>${b.topHerId}</Id>`)
      .replace(`<Id>${a.herId}</Id>`, `<Id>${b.herId}</Id>`)
      .replace(`<OrganisationName>${a.topName}</OrganisationName>`, `<OrganisationName>${b.topName}</OrganisationName>`)
      .replace(`<OrganisationName>${a.name}</OrganisationName>`, `<OrganisationName>${b.name}</OrganisationName>`)
    head = head.slice(0, start) + part + head.slice(stop)
  }
  swapParty('Sender', from.sender, to.sender)
  swapParty('Receiver', from.receiver, to.receiver)
  head = head.replace(/<MsgId>[^<]*<\/MsgId>/, `<MsgId>${msgId}</MsgId>`)
  return head + xml.slice(end)
}

export function readMessage(xml: string | Buffer): Message {
  const read = readMessageXml(xml, { maxBytes: 35 * 1024 * 1024 })
  if (!read.ok) throw new Error(`unreadable: ${JSON.stringify(read.stage === 'xml' ? read.error : read.errors)}`)
  return read.message
}

/** The AppRec a receiver's own EPJ writes (mirrored addressing), to be POSTed to /msh/Messages like any document. */
export function appRecXmlFor(
  originalXml: string,
  answer: { status: 'ok' } | { status: 'rejected'; errors: { code: AppRecErrorCode; text?: string }[] },
  copyReceiver?: Organisation,
): { id: string; xml: string } {
  const original = readMessage(originalXml) as MsgHeadMessage
  const id = randomUUID()
  const base = { id, genDate: new Date().toISOString(), ...(copyReceiver && { copyReceiver }) }
  const input =
    answer.status === 'ok' ? appRecInputFor(original, { ...base, status: '1' }) : appRecInputFor(original, { ...base, status: '2', errors: answer.errors })
  return { id, xml: writeAppRec({ ...input, softwareName: 'Test EPJ', softwareVersion: '1.0' }) }
}

/** The number of stored messages: refusals must store nothing. */
export async function messageCount(t: TestApp): Promise<number> {
  const row = await t.db
    .selectFrom('exchange_message')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
