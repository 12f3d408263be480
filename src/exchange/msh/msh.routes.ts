/**
 * NHN's Meldingstjener REST API (EDI 2.0), api-version 2, under /msh: an EPJ written for Norsk helsenett's
 * Meldingstjener works against Samband by changing its base URL and token endpoint. Paths, headers, bodies, status
 * codes and the ErrorMessage format follow msh-api-v2.openapi.json (served unchanged at /msh/openapi.json).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../platform/http/errors.ts'
import { registerFrameworkErrorFormat } from '../../platform/http/problem-handler.ts'
import { callerOf, type FastifyInstance, type FastifyRequest, type RouteContext } from '../../platform/http/route-context.ts'
import type { StoredMessage } from '../delivery/stored-message.ts'
import type { ExchangeRuntime } from '../exchange.runtime.ts'
import { vendoredNhnDir } from '../xml/conformance-files.ts'
import { fromAppError, fromExchangeError, isExchangeError, MshError, modelValidation, sendMshError } from './msh-error.ts'
import { HerIdParam, IdParam, ListMessagesQuery, PostAppRecRequest, PostMessageRequest, zodMessages } from './msh.schemas.ts'
import { createMsh, type MshCaller } from './msh.service.ts'

const SUPPORTED_API_VERSIONS = new Set(['1', '2'])

export async function mshRoutes(app: FastifyInstance, opts: { ctx: RouteContext; exchange: ExchangeRuntime }): Promise<void> {
  const { ctx, exchange } = opts
  const msh = createMsh({ ...ctx, exchange: exchange.deps })
  const openApi = readFileSync(join(vendoredNhnDir(), 'msh-api-v2.openapi.json'))
  // The request limit is NHN's 35 MB document, base64-encoded in JSON.
  const postLimit = Math.ceil((ctx.config.exchange.maxDocumentBytes * 4) / 3) + 64 * 1024

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof MshError) return sendMshError(req, reply, error)
    if (isExchangeError(error)) return sendMshError(req, reply, fromExchangeError(error))
    if (error instanceof AppError) return sendMshError(req, reply, fromAppError(error))
    const status = (error as { statusCode?: number }).statusCode
    if (status === 413 || (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendMshError(
        req,
        reply,
        modelValidation([`The request is larger than the limit for a business document of ${ctx.config.exchange.maxDocumentBytes} bytes.`]),
      )
    }
    if (status === 429) return sendMshError(req, reply, new MshError(429, 0, 'Too many requests'))
    if (status !== undefined && status >= 400 && status < 500) return sendMshError(req, reply, modelValidation([(error as Error).message]))
    req.log.error({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'msh: unhandled error')
    return sendMshError(req, reply, new MshError(500, 0, 'An unknown error occurred'))
  })
  // A path Fastify cannot even decode never reaches this scope's handlers: answer it in NHN's format too.
  registerFrameworkErrorFormat({
    prefix: '/msh/',
    body: (requestId, status) => ({
      type: 'application/json; charset=utf-8',
      payload: {
        error: status === 413 ? 'The request is too large' : 'Model validation error occurred',
        errorCode: 1000,
        validationErrors: ['The request could not be read.'],
        stackTrace: null,
        requestId,
      },
    }),
  })
  app.setNotFoundHandler((req, reply) => sendMshError(req, reply, new MshError(404, 1010, 'The requested path does not exist in the MSH API')))

  app.get('/openapi.json', { schema: { hide: true } }, async (_req, reply) => reply.type('application/json').send(openApi))

  /** The client may use the API (its scope) before its headers are looked at; then the HER-ids it acts for. */
  async function caller(req: FastifyRequest): Promise<MshCaller> {
    const c = await callerOf(ctx, req)
    await msh.admit(c)
    const version = header(req, 'api-version')
    if (version === undefined) throw modelValidation(['The api-version header is required.'])
    if (!SUPPORTED_API_VERSIONS.has(version)) throw modelValidation([`api-version "${version.slice(0, 20)}" is not supported; use 2.`])
    const sourceSystem = header(req, 'nhn-source-system')
    if (!sourceSystem) throw modelValidation(['The nhn-source-system header is required (name and version of the client system).'])
    const actor = c.principal.actor
    if (actor.kind !== 'system') throw new Error('msh: a client the gate admitted is not a system')
    return {
      caller: c,
      organisationId: actor.organisationId,
      clientId: actor.clientId,
      ownedHerIds: await msh.ownedHerIds(actor),
      sourceSystem: sourceSystem.slice(0, 200),
    }
  }

  function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown): T {
    const result = schema.safeParse(value)
    if (!result.success) throw modelValidation(zodMessages(result.error))
    return result.data
  }

  function messageView(message: StoredMessage, receiverHerId: number, metadata: boolean) {
    if (!metadata) return { id: message.id, receiverHerId }
    return {
      id: message.id,
      contentType: message.contentType,
      receiverHerId,
      senderHerId: message.senderHerId,
      businessDocumentId: message.msgId,
      // GenDate as the document writes it: NHN echoes it (often without an offset, which clients read as Norwegian
      // time); re-serialising it as UTC would assert an offset the sender never gave.
      businessDocumentGenDate: message.genDateText,
      isAppRec: message.isAppRec,
    }
  }

  // NHN's server binds paths case-insensitively (ASP.NET); the spellings clients use are registered (API.md §0).
  const paths = (v2: string, v1?: string) => [...new Set([v2, v2.replace('/Messages', '/messages'), ...(v1 ? [v1, v1.replace('/Messages', '/messages')] : [])])]

  for (const url of paths('/Messages')) {
    app.get(url, { schema: { hide: true } }, async (req) => {
      const c = await caller(req)
      const q = parse(ListMessagesQuery, normaliseQuery(req.query))
      const entries = await msh.unread(c, {
        receiverHerIds: q.receiverherids,
        senderHerId: q.senderherid,
        msgId: q.businessdocumentid,
        limit: q.messagestofetch,
        descending: q.orderby === 'Descending',
      })
      return entries.map((e) => messageView(e.message, e.receiverHerId, q.includemetadata))
    })

    app.post(url, { schema: { hide: true }, bodyLimit: postLimit }, async (req, reply) => {
      const c = await caller(req)
      const body = parse(PostMessageRequest, req.body)
      const document = decodeBase64(body.businessDocument)
      assertUtf8Declared(document)
      const result = await msh.submit(c, { document, receiverHerIdsSubset: body.receiverHerIdsSubset ?? null })
      return reply.code(201).header('location', `${ctx.config.publicUrl}/msh/Messages/${result.id}`).type('application/json').send(JSON.stringify(result.id))
    })
  }

  for (const url of paths('/Messages/:id')) {
    app.get(url, { schema: { hide: true } }, async (req) => {
      const c = await caller(req)
      const id = parse(IdParam, (req.params as { id: string }).id)
      const { message, deliveries, asReceiver } = await msh.message(c, id)
      const receiverHerId = asReceiver?.receiverHerId ?? deliveries[0]?.receiverHerId ?? 0
      return messageView(message, receiverHerId, true)
    })
  }

  for (const url of paths('/Messages/:id/business-document', '/Messages/:id/BusinessDocument')) {
    app.get(url, { schema: { hide: true } }, async (req) => {
      const c = await caller(req)
      const id = parse(IdParam, (req.params as { id: string }).id)
      const { message, document } = await msh.document(c, id)
      if (!document) throw new MshError(404, 1010, 'Could not find database document')
      const stored = { document, contentType: message.contentType }
      return { businessDocument: stored.document.toString('base64'), contentType: stored.contentType, contentTransferEncoding: 'base64' }
    })
  }

  for (const url of paths('/Messages/:id/status', '/Messages/:id/Status')) {
    app.get(url, { schema: { hide: true } }, async (req) => {
      const c = await caller(req)
      const id = parse(IdParam, (req.params as { id: string }).id)
      const { deliveries } = await msh.message(c, id)
      return deliveries.map((d) => ({ receiverHerId: d.receiverHerId, transportDeliveryState: d.transportState, appRecStatus: d.appRecStatus }))
    })
  }

  for (const url of paths('/Messages/:id/apprec')) {
    app.get(url, { schema: { hide: true } }, async (req) => {
      const c = await caller(req)
      const id = parse(IdParam, (req.params as { id: string }).id)
      const { deliveries } = await msh.message(c, id)
      return deliveries.map((d) => ({
        receiverHerId: d.receiverHerId,
        appRecStatus: d.appRecStatus,
        appRecErrorList:
          d.appRecStatus === null ? null : (d.appRecErrors ?? []).map((e) => ({ errorCode: e.code, details: e.text, description: e.description, oid: e.oid })),
      }))
    })
  }

  for (const url of paths('/Messages/:id/read/:herId', '/Messages/:id/Read/:herId')) {
    app.put(url, { schema: { hide: true } }, async (req, reply) => {
      const c = await caller(req)
      const params = req.params as { id: string; herId: string }
      const id = parse(IdParam, params.id)
      const herId = parse(HerIdParam, params.herId)
      const found = await msh.markRead(c, id, herId)
      if (!found) throw new MshError(404, 1010, 'Could not find database document')
      return reply.code(204).send()
    })
  }

  for (const url of paths('/Messages/:id/apprec/:appRecSenderHerId', '/Messages/:id/Apprec/:appRecSenderHerId')) {
    app.post(url, { schema: { hide: true } }, async (req, reply) => {
      const c = await caller(req)
      const params = req.params as { id: string; appRecSenderHerId: string }
      const id = parse(IdParam, params.id)
      const herId = parse(HerIdParam, params.appRecSenderHerId)
      const body = parse(PostAppRecRequest, req.body)
      const result = await msh.appRec(c, id, herId, {
        status: body.appRecStatus,
        errors: (body.appRecErrorList ?? []).map((e) => ({ errorCode: e.errorCode, details: e.details ?? null })),
      })
      return reply.code(201).header('location', `${ctx.config.publicUrl}/msh/Messages/${result.id}`).type('application/json').send(JSON.stringify(result.id))
    })
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name]
  const text = Array.isArray(value) ? value[0] : value
  return text === undefined || text.trim() === '' ? undefined : text.trim()
}

/** Query names bind case-insensitively (ASP.NET does); repeated keys become arrays. */
function normaliseQuery(query: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const k = key.toLowerCase()
    const values = Array.isArray(value) ? value : [value]
    const existing = out[k]
    out[k] = existing === undefined ? values : [...(Array.isArray(existing) ? existing : [existing]), ...values]
  }
  for (const [k, v] of Object.entries(out)) if (k !== 'receiverherids' && Array.isArray(v)) out[k] = v.length === 1 ? v[0] : v
  if (typeof out.receiverherids === 'string') out.receiverherids = [out.receiverherids]
  // `ReceiverHerIds=1,2` is how some clients send arrays.
  if (Array.isArray(out.receiverherids)) out.receiverherids = out.receiverherids.flatMap((v) => String(v).split(',')).filter((v) => v !== '')
  return out
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '')
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw modelValidation(['businessDocument is not valid base64.'])
  return Buffer.from(compact, 'base64')
}

/** NHN: "The XML must be UTF-8 and declare so on its first line." */
function assertUtf8Declared(document: Buffer): void {
  const head = document
    .subarray(0, 200)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
  const declaration = /^<\?xml\s[^?]*encoding\s*=\s*["']([^"']+)["']/i.exec(head)
  if (declaration?.[1]?.toLowerCase() !== 'utf-8') {
    throw modelValidation(['businessDocument must be UTF-8 XML that declares encoding="UTF-8" on its first line.'])
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(document)
  } catch {
    throw modelValidation(['businessDocument is not valid UTF-8.'])
  }
}
