import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError, type ErrorCode, toProblem } from './errors.ts'

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad-request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad-request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
}

/** Maps every failure to RFC 9457 problem+json; unexpected errors are logged without payloads. */
export function registerProblemHandler(app: FastifyInstance, opts: { spaFallback: boolean }): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    let appError: AppError
    if (error instanceof AppError) {
      appError = error
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`,
        message: v.message ?? 'ugyldig verdi',
      }))
      appError = new AppError('validation-failed', 'En eller flere verdier er ugyldige.', fields)
    } else if (error.code && FASTIFY_CODES[error.code]) {
      appError = new AppError(FASTIFY_CODES[error.code] as ErrorCode)
    } else if (error.statusCode === 429) {
      appError = new AppError('rate-limited', 'Vent litt og prøv igjen.')
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      appError = new AppError(error.statusCode === 413 ? 'payload-too-large' : error.statusCode === 415 ? 'unsupported-media-type' : 'bad-request')
    } else {
      // The message and stack may hold data from the request; log the error class and code only.
      req.log.error(
        {
          err: {
            type: error.name,
            code: error.code,
            stack: error.stack
              ?.split('\n')
              .filter((line) => /^\s+at /.test(line))
              .slice(0, 6)
              .join('\n'),
          },
        },
        'unhandled error',
      )
      appError = new AppError('internal', 'Noe gikk galt hos oss. Prøv igjen senere.')
    }
    if (appError.status === 429) reply.header('retry-after', '60')
    // e.g. WWW-Authenticate on a refused DPoP proof (RFC 9449 §7.1).
    const extra = (error as { headers?: Record<string, string> }).headers
    if (extra) for (const [name, value] of Object.entries(extra)) if (/^www-authenticate$/i.test(name)) reply.header(name, value)
    return reply
      .code(appError.status)
      .type('application/problem+json')
      .send(toProblem(appError, pathOf(req.url), req.id))
  })

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/'
    // Client-side routes of the web app get its page; API and provider paths get problem+json.
    if (opts.spaFallback && req.method === 'GET' && !/^\/(api|auth|idp|metrics)(\/|$)/.test(path) && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html')
    }
    const error = new AppError('route-not-found', 'Det finnes ingen ressurs på denne adressen.')
    return reply
      .code(404)
      .type('application/problem+json')
      .send(toProblem(error, pathOf(req.url), req.id))
  })
}

/** The path as a URL parser reads it: percent-encoded, so markup in a raw path is never echoed. */
export function pathOf(url: string): string {
  try {
    return new URL(url, 'http://samband.invalid').pathname
  } catch {
    return '/'
  }
}

/** An API under its own prefix that answers errors in its own format (NHN's ErrorMessage under /msh). */
export type PrefixedErrorFormat = { prefix: string; body(requestId: string, status: number): { type: string; payload: unknown } }

const prefixedFormats: PrefixedErrorFormat[] = []

/** Lets a module answer Fastify's early failures under its prefix in its own error format. */
export function registerFrameworkErrorFormat(format: PrefixedErrorFormat): void {
  if (!prefixedFormats.some((f) => f.prefix === format.prefix)) prefixedFormats.push(format)
}

/** Answers that come before the hooks that set the usual security headers carry these. */
const EARLY_SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

/** Fastify's own early failures (a path it cannot decode, a broken header) as problem+json too. */
export function frameworkErrorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const appError = new AppError(error.statusCode === 413 ? 'payload-too-large' : 'bad-request', 'Forespørselen kunne ikke tolkes.')
  reply.raw.setHeader('x-request-id', req.id)
  for (const [name, value] of Object.entries(EARLY_SECURITY_HEADERS)) reply.raw.setHeader(name, value)
  const own = prefixedFormats.find((f) => (req.url ?? '').startsWith(f.prefix))
  if (own) {
    const { type, payload } = own.body(req.id, appError.status)
    void reply.code(appError.status).type(type).send(payload)
    return
  }
  void reply
    .code(appError.status)
    .type('application/problem+json')
    .send(toProblem(appError, undefined, req.id))
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a URL or headers over maxHeaderSize, a malformed
 * request line) as problem+json on the raw socket, instead of Fastify's own JSON. There is no request yet: no id,
 * no path, and the connection is closed after the answer.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const appError =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError('request-header-too-large', 'Adressen og toppfeltene kan til sammen være høyst 16 KB.')
      : new AppError('bad-request', 'Forespørselen kunne ikke tolkes.')
  const body = JSON.stringify(toProblem(appError))
  const headers = {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    ...EARLY_SECURITY_HEADERS,
  }
  const head = [`HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`)]
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`)
}
