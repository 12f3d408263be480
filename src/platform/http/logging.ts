import { randomUUID } from 'node:crypto'
import type { FastifyServerOptions } from 'fastify'
import { type DestinationStream, type Logger, pino } from 'pino'
import pretty from 'pino-pretty'

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

export type LogFormat = 'json' | 'pretty'

/**
 * The process's one logger: Fastify's requests and every background worker log through it (or its children). JSON
 * lines by default; 'pretty' writes them for a person at a terminal (pino-pretty). Redaction and serializers are the
 * same either way: they act before a line is formatted. Written to `stream`, or standard output.
 */
export function createLogger(level: string, output: { stream?: DestinationStream | undefined; format?: LogFormat } = {}): Logger {
  const options = loggerOptions(level)
  if (options === false || typeof options !== 'object') return pino({ level: 'silent' })
  if (output.format === 'pretty') {
    const destination = pretty({
      colorize: output.stream ? false : pretty.isColorSupported,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      ...(output.stream ? { destination: output.stream } : {}),
      // Synchronous, like pino's own standard output: lines are not lost when the process exits.
      sync: true,
    })
    return pino(options as object, destination)
  }
  return output.stream ? pino(options as object, output.stream) : pino(options as object)
}
