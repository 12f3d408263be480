/**
 * NHN's ErrorMessage (EDI 2.0, api-version 2): what every error on /msh looks like, so that an EPJ written for
 * Norsk helsenett's Meldingstjener parses ours unchanged. Texts follow the OAS examples where it has them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
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
  ) {
    super(message)
    this.name = 'MshError'
  }
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
  if (error.status === 401) reply.header('www-authenticate', 'DPoP algs="RS256 PS256 ES256", Bearer')
  return reply.code(error.status).type('application/json; charset=utf-8').send(body)
}

export function isExchangeError(error: unknown): error is ExchangeError {
  return error instanceof ExchangeError
}
