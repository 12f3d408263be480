/**
 * NHN's ErrorMessage (EDI 2.0, api-version 2): what every error on /msh looks like, so that an EPJ written for
 * Norsk helsenett's Meldingstjener parses ours unchanged. Texts follow the OAS examples where it has them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppError } from '../../platform/http/errors.ts'
import { ExchangeError } from '../delivery/exchange-error.ts'

export type MshErrorMessage = {
  error: string | null
  errorCode: number
  validationErrors: string[] | null
  stackTrace: string | null
  requestId: string
}

export class MshError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
    readonly validationErrors: string[] | null = null,
    /** Response headers the error must carry, e.g. the RFC 9449 challenge of a refused token. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = 'MshError'
  }
}

const UNAUTHORIZED = 'Unauthorized: the request has no access token.'

/** NHN's texts are English; the platform's titles are Norwegian, so the /msh answer names the problem itself. */
const PLATFORM_ERROR_TEXT: Readonly<Record<string, string>> = {
  unauthenticated: UNAUTHORIZED,
  'invalid-token': 'Unauthorized: the access token is invalid, expired or not sent as issued.',
  'csrf-failed': 'Forbidden: the message API takes system tokens, not portal sessions.',
  forbidden: 'Forbidden.',
  'rate-limited': 'Too many requests',
}

/**
 * A platform error (authentication, CSRF, rate limit) in NHN's format. Its headers go along: a client that gets
 * 401 needs the WWW-Authenticate challenge (error="invalid_token" / "invalid_dpop_proof") to know what to fix.
 */
export function fromAppError(error: AppError): MshError {
  const challenge = (error as { headers?: Record<string, unknown> }).headers?.['www-authenticate']
  const headers: Record<string, string> =
    error.status === 401 ? { 'www-authenticate': typeof challenge === 'string' ? challenge : 'DPoP algs="RS256 PS256 ES256", Bearer' } : {}
  const text = PLATFORM_ERROR_TEXT[error.code] ?? (error.status === 401 ? UNAUTHORIZED : error.message)
  // The platform's detail (e.g. which DPoP check failed) carries no personal data and tells the client what to fix.
  return new MshError(error.status, 0, error.detail ? `${text} ${error.detail}` : text, null, headers)
}

export const MODEL_VALIDATION = 1000

export function modelValidation(errors: string[]): MshError {
  return new MshError(400, MODEL_VALIDATION, 'Model validation error occurred', errors)
}

/** Exchange errors → HTTP status and the error codes NHN uses (v3's specific codes where v2 has none). */
export function fromExchangeError(error: ExchangeError): MshError {
  switch (error.kind) {
    case 'not-authorised-for-her-id':
      return new MshError(403, 1202, error.message)
    case 'not-found':
      return new MshError(404, 1010, 'Could not find database document')
    case 'invalid-request':
    case 'invalid-document':
      return new MshError(400, MODEL_VALIDATION, 'Model validation error occurred', [error.message, ...error.details])
    case 'apprec-about-apprec':
      return new MshError(400, 1100, error.message)
    case 'not-a-receiver':
      return new MshError(400, 1102, error.message)
    case 'duplicate-with-different-content':
    case 'apprec-original-unknown':
    case 'apprec-already-final':
      return new MshError(400, MODEL_VALIDATION, 'Model validation error occurred', [error.message])
  }
}

export function sendMshError(req: FastifyRequest, reply: FastifyReply, error: MshError): FastifyReply {
  const body: MshErrorMessage = {
    error: error.message,
    errorCode: error.errorCode,
    validationErrors: error.validationErrors,
    stackTrace: null,
    requestId: req.id,
  }
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value)
  if (error.status === 401 && !error.headers['www-authenticate']) reply.header('www-authenticate', 'DPoP algs="RS256 PS256 ES256", Bearer')
  return reply.code(error.status).type('application/json; charset=utf-8').send(body)
}

export function isExchangeError(error: unknown): error is ExchangeError {
  return error instanceof ExchangeError
}
