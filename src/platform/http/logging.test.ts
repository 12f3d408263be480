import { Writable } from 'node:stream'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { createLogger, createRequestId, loggerOptions, pathOnly } from './logging.ts'

const NATIONAL_ID = '03893810098'

/** A pino logger with the app's options, writing into a string. */
function capture(level = 'info') {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const options = loggerOptions(level)
  if (!options || typeof options !== 'object') throw new Error('expected logger options')
  const logger = pino(options as pino.LoggerOptions, stream)
  return { logger, text: () => lines.join('') }
}

describe('pathOnly', () => {
  it.each([
    ['/api/organisations?query=Tønsberg', '/api/organisations'],
    [`/api/patients?nationalId=${NATIONAL_ID}`, '/api/patients'],
    [`/api/people/${NATIONAL_ID}`, '/api/people/***********'],
    [`/api/people/${NATIONAL_ID}/notes/${NATIONAL_ID}`, '/api/people/***********/notes/***********'],
    ['/api/orders/123456789012', '/api/orders/123456789012'],
    ['/api/orgs/983975259', '/api/orgs/983975259'],
    ['/', '/'],
    ['', ''],
  ])('%s → %s', (url, expected) => {
    expect(pathOnly(url)).toBe(expected)
  })
})

describe('loggerOptions', () => {
  it('logs nothing at level silent', () => {
    expect(loggerOptions('silent')).toBe(false)
  })

  it('serialises a request as method, path and id only', () => {
    const { logger, text } = capture()
    logger.info({
      req: {
        method: 'POST',
        url: `/api/patients/lookup?nationalId=${NATIONAL_ID}`,
        id: 'req-1',
        headers: { authorization: 'Bearer eyJhbGciOi.secret.token', cookie: 'samband_session=s3cr3t' },
        body: { nationalId: NATIONAL_ID },
      },
    })
    const line = JSON.parse(text()) as { req: unknown }
    expect(line.req).toEqual({ method: 'POST', url: '/api/patients/lookup', id: 'req-1' })
  })

  it('serialises a response as its status code only', () => {
    const { logger, text } = capture()
    logger.info({ res: { statusCode: 200, headers: { 'set-cookie': 'samband_session=s3cr3t' }, body: { nationalId: NATIONAL_ID } } })
    expect((JSON.parse(text()) as { res: unknown }).res).toEqual({ statusCode: 200 })
  })

  it.each(['nationalId', 'national_id', 'pid', 'fnr'])('redacts %s one level down', (key) => {
    const { logger, text } = capture()
    logger.info({ patient: { [key]: NATIONAL_ID, name: 'x' } }, 'looked up')
    expect(text()).not.toContain(NATIONAL_ID)
    expect(text()).toContain('[redacted]')
  })

  it.each(['nationalId', 'national_id', 'fnr'])('redacts %s at the top level of a log object', (key) => {
    const { logger, text } = capture()
    logger.info({ [key]: NATIONAL_ID }, 'looked up')
    expect(text()).not.toContain(NATIONAL_ID)
  })

  it('respects the level', () => {
    const { logger, text } = capture('warn')
    logger.info('not shown')
    logger.warn('shown')
    expect(text()).not.toContain('not shown')
    expect(text()).toContain('shown')
  })
})

describe('createLogger', () => {
  function sink() {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    return { stream, text: () => lines.join('') }
  }

  it('writes JSON lines by default, redacted', () => {
    const { stream, text } = sink()
    createLogger('info', { stream }).info({ patient: { nationalId: NATIONAL_ID } }, 'looked up')
    const line = JSON.parse(text()) as { msg: string; patient: { nationalId: string } }
    expect(line.msg).toBe('looked up')
    expect(line.patient.nationalId).toBe('[redacted]')
  })

  it('pretty: one readable line per entry for a person at a terminal, with the same redaction and serializers', () => {
    const { stream, text } = sink()
    const log = createLogger('info', { stream, format: 'pretty' })
    log.info({ patient: { nationalId: NATIONAL_ID }, req: { method: 'GET', url: `/api/x?nationalId=${NATIONAL_ID}`, id: 'r1' } }, 'looked up')
    log.debug('below the level')
    const out = text()
    expect(() => JSON.parse(out)).toThrow()
    expect(out).toMatch(/INFO.*looked up/)
    expect(out).toContain('[redacted]')
    expect(out).toContain('/api/x')
    expect(out).not.toContain(NATIONAL_ID)
    expect(out).not.toContain('below the level')
  })

  it('logs nothing at level silent, whatever the format', () => {
    const { stream, text } = sink()
    createLogger('silent', { stream, format: 'pretty' }).error('not shown')
    expect(text()).toBe('')
  })
})

describe('createRequestId', () => {
  it('makes a fresh UUID every time', () => {
    const ids = new Set(Array.from({ length: 100 }, () => createRequestId()))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
