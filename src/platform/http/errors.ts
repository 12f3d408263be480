/**
 * One error type with a stable code, one catalog, one mapping to RFC 9457 problem+json.
 * Texts are fixed per code so that no personal data can leak into an error response.
 */
export const ERROR_CATALOG = {
  'bad-request': { status: 400, title: 'Ugyldig forespørsel' },
  'validation-failed': { status: 422, title: 'Ugyldige data' },
  'invalid-national-id': { status: 422, title: 'Ugyldig fødselsnummer eller D-nummer' },
  unauthenticated: { status: 401, title: 'Innlogging kreves' },
  'invalid-token': { status: 401, title: 'Ugyldig eller utløpt tilgangsnøkkel' },
  forbidden: { status: 403, title: 'Ingen tilgang' },
  'csrf-failed': { status: 403, title: 'Forespørselen mangler gyldig CSRF-nøkkel' },
  'cross-site-request': { status: 403, title: 'Forespørselen kom fra et annet nettsted' },
  'not-found': { status: 404, title: 'Finnes ikke' },
  'route-not-found': { status: 404, title: 'Adressen finnes ikke' },
  'method-not-allowed': { status: 405, title: 'Metoden er ikke tillatt' },
  conflict: { status: 409, title: 'Konflikt' },
  'payload-too-large': { status: 413, title: 'Forespørselen er for stor' },
  'unsupported-media-type': { status: 415, title: 'Innholdstypen støttes ikke' },
  'request-header-too-large': { status: 431, title: 'Adressen eller toppfeltene i forespørselen er for store' },
  'rate-limited': { status: 429, title: 'For mange forespørsler' },
  'login-failed': { status: 400, title: 'Innloggingen kunne ikke fullføres' },
  internal: { status: 500, title: 'Intern feil' },
  unavailable: { status: 503, title: 'Tjenesten er midlertidig utilgjengelig' },
} as const satisfies Record<string, { status: number; title: string }>

export type ErrorCode = keyof typeof ERROR_CATALOG

export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    /** Shown to the caller: must never contain personal data. */
    readonly detail?: string,
    readonly fields?: Array<{ path: string; message: string }>,
  ) {
    super(detail ?? ERROR_CATALOG[code].title)
    this.name = 'AppError'
    this.status = ERROR_CATALOG[code].status
  }
}

export type Problem = {
  type: string
  title: string
  status: number
  code: ErrorCode
  detail?: string
  instance?: string
  requestId?: string
  errors?: Array<{ path: string; message: string }>
}

export function toProblem(error: AppError, instance?: string, requestId?: string): Problem {
  const entry = ERROR_CATALOG[error.code]
  return {
    type: `https://samband.no/problems/${error.code}`,
    title: entry.title,
    status: entry.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...(error.fields ? { errors: error.fields } : {}),
  }
}

export function assertFound<T>(value: T | null | undefined, what = 'Ressursen'): T {
  if (value === null || value === undefined) throw new AppError('not-found', `${what} finnes ikke.`)
  return value
}
