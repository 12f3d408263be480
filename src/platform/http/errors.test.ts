import { describe, expect, it } from 'vitest'
import { AppError, assertFound, ERROR_CATALOG, type ErrorCode, toProblem } from './errors.ts'

const CODES = Object.keys(ERROR_CATALOG) as ErrorCode[]

describe('the error catalog', () => {
  it.each(CODES)('%s has an HTTP error status and a title', (code) => {
    const entry = ERROR_CATALOG[code]
    expect(entry.status).toBeGreaterThanOrEqual(400)
    expect(entry.status).toBeLessThan(600)
    expect(entry.title.length).toBeGreaterThan(3)
  })

  it.each([
    ['bad-request', 400],
    ['validation-failed', 422],
    ['invalid-national-id', 422],
    ['unauthenticated', 401],
    ['invalid-token', 401],
    ['forbidden', 403],
    ['csrf-failed', 403],
    ['cross-site-request', 403],
    ['not-found', 404],
    ['route-not-found', 404],
    ['payload-too-large', 413],
    ['unsupported-media-type', 415],
    ['request-header-too-large', 431],
    ['rate-limited', 429],
    ['internal', 500],
    ['unavailable', 503],
  ] as const)('%s is %i', (code, status) => {
    expect(ERROR_CATALOG[code].status).toBe(status)
    expect(new AppError(code).status).toBe(status)
  })
})

describe('toProblem', () => {
  it('gives the RFC 9457 members with the catalog title, never the detail as title', () => {
    const problem = toProblem(new AppError('forbidden', 'Du har ikke tilgang til denne ressursen.'), '/api/x', 'req-1')
    expect(problem).toEqual({
      type: 'https://samband.no/problems/forbidden',
      title: 'Ingen tilgang',
      status: 403,
      code: 'forbidden',
      detail: 'Du har ikke tilgang til denne ressursen.',
      instance: '/api/x',
      requestId: 'req-1',
    })
  })

  it('leaves out members it has no value for', () => {
    expect(toProblem(new AppError('unauthenticated'))).toEqual({
      type: 'https://samband.no/problems/unauthenticated',
      title: 'Innlogging kreves',
      status: 401,
      code: 'unauthenticated',
    })
  })

  it('carries field errors', () => {
    const fields = [{ path: 'body.nationalId', message: 'ugyldige kontrollsiffer' }]
    expect(toProblem(new AppError('invalid-national-id', 'Feil kontrollsiffer.', fields)).errors).toEqual(fields)
  })

  it.each(CODES)('the type of %s is a URL ending in the code', (code) => {
    expect(toProblem(new AppError(code)).type).toBe(`https://samband.no/problems/${code}`)
  })
})

describe('AppError and assertFound', () => {
  it('is an Error whose message is the detail, or else the title', () => {
    expect(new AppError('conflict', 'Finnes fra før.').message).toBe('Finnes fra før.')
    expect(new AppError('conflict').message).toBe('Konflikt')
    expect(new AppError('conflict')).toBeInstanceOf(Error)
  })

  it('assertFound passes values through, also falsy ones', () => {
    expect(assertFound(0)).toBe(0)
    expect(assertFound('')).toBe('')
  })

  it.each([null, undefined])('assertFound(%s) is a 404 naming the kind of thing', (value) => {
    expect(() => assertFound(value, 'Organisasjonen')).toThrowError(
      expect.objectContaining({ code: 'not-found', status: 404, detail: 'Organisasjonen finnes ikke.' }),
    )
  })
})
