import { randomUUID } from 'node:crypto'
import type { FastifyServerOptions } from 'fastify'
import { type DestinationStream, type Logger, pino } from 'pino'

/**
 * JSON logs without personal data: no bodies, no query strings (they can carry national ids),
 * no cookies or tokens.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  if (level === 'silent') return false
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        'nationalId',
        'national_id',
        'fnr',
        '*.nationalId',
        '*.national_id',
        '*.pid',
        '*.fnr',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: pathOnly(req.url), id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }
}

/** Path without the query; 11-digit numbers in the path (national ids) are masked. */
export function pathOnly(url: string): string {
  return (url.split('?')[0] ?? '').replace(/\b\d{11}\b/g, '***********')
}

export function createRequestId(): string {
  return randomUUID()
}

/** The process's one logger: Fastify's requests and every background worker log through it (or its children). */
export function createLogger(level: string, stream?: DestinationStream): Logger {
  const options = loggerOptions(level)
  if (options === false || typeof options !== 'object') return pino({ level: 'silent' })
  return stream ? pino(options as object, stream) : pino(options as object)
}
