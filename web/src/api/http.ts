import { z } from 'zod'

// Every call to the server goes through here. Answers are checked against the server's own zod schemas (the
// *.schemas.ts files under src/, the same ones that make /api/openapi.json), not cast: an answer that is not what the
// contract says is an error the page shows as a failure, never data it trusts.

// The page's Content-Security-Policy has no 'unsafe-eval'. Without this, zod probes `new Function` once to decide
// whether it may compile fast parsers, and the browser reports the probe as a CSP violation even though zod catches it.
z.config({ jitless: true })

/**
 * An RFC 9457 problem document, as the server sends for every error (src/platform/http/errors.ts makes them; that
 * module is not part of the portable contract, so the shape is spelled here). Read leniently: a problem that does not
 * fit is no problem document (null), never a cast.
 */
const ProblemSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  /** Which fields were wrong, e.g. `body.subject`, when the server validated a request. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type Problem = z.infer<typeof ProblemSchema>

/** An answer from the server that cannot be used: any non-2xx (`problem` is null when the body was not problem+json). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.title ?? `HTTP ${status}`)
    this.name = 'ApiError'
  }
}

/** Where an answer broke the contract: the field's path and what kind of mismatch (never the value). */
export type ContractIssue = { path: string; code: string }

/**
 * A 2xx answer whose body is not what the server's schema says (a field missing or of the wrong type, or not JSON at
 * all): the server and the web app disagree about the contract. An ApiError without a problem document, so pages
 * show it as any other failure; `status` is the HTTP status the answer came with.
 */
export class ContractError extends ApiError {
  constructor(
    status: number,
    /** The path asked for, without its query string. */
    readonly path: string,
    readonly issues: readonly ContractIssue[],
  ) {
    super(status, null)
    this.name = 'ContractError'
    this.message = `Svaret fra ${path} følger ikke API-kontrakten`
  }
}

/** The server's explanation of a refusal, or a general one. */
export function problemDetail(error: unknown, fallback: string): string {
  return error instanceof ApiError && error.problem?.detail ? error.problem.detail : fallback
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401
}

async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get('content-type') ?? ''
  if (!type.includes('json')) return null
  try {
    const result = ProblemSchema.safeParse(await response.json())
    return result.success ? result.data : null
  } catch {
    return null
  }
}

function pathOnly(path: string): string {
  return path.split(/[?#]/, 1)[0] ?? path
}

/**
 * The answer's JSON as `schema` says it is, or a ContractError. The console gets the path asked for and where the
 * answer differed (field paths and issue codes); never the answer's data, which may be about a patient.
 */
async function readContract<S extends z.ZodType>(response: Response, path: string, schema: S): Promise<z.output<S>> {
  let data: unknown
  try {
    data = await response.json()
  } catch (error) {
    // A query cancelled while its body was arriving is no broken contract.
    if (error instanceof Error && error.name === 'AbortError') throw error
    throw contractError(response.status, path, [{ path: '(body)', code: 'not-json' }])
  }
  const result = schema.safeParse(data)
  if (result.success) return result.data
  throw contractError(
    response.status,
    path,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', code: issue.code })),
  )
}

function contractError(status: number, path: string, issues: ContractIssue[]): ContractError {
  const error = new ContractError(status, pathOnly(path), issues)
  console.error(`${error.message}:`, issues.map((issue) => `${issue.path} (${issue.code})`).join(', '))
  return error
}

async function send(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
  const response = await fetch(path, { credentials: 'same-origin', ...init, headers: { ...init.headers, accept: 'application/json' } })
  if (!response.ok) throw new ApiError(response.status, await readProblem(response))
  return response
}

function jsonBody(body: unknown): { body: string; headers: Record<string, string> } {
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
}

/** GET a JSON resource with the session cookie; ApiError on any non-2xx answer, ContractError on one `schema` refuses. */
export async function getJson<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
  const response = await send(path, { headers: {}, signal })
  return readContract(response, path, schema)
}

/** POST without a body, answered without one (the server's state-changing endpoints check the CSRF header). */
export async function postEmpty(path: string, csrfToken: string): Promise<void> {
  await sendEmpty('POST', path, csrfToken)
}

/** PUT a JSON body, answered without one (204; state-changing: the CSRF header is required). */
export async function putJson(path: string, body: unknown, csrfToken: string): Promise<void> {
  const json = jsonBody(body)
  await send(path, { method: 'PUT', body: json.body, headers: { ...json.headers, 'x-csrf-token': csrfToken } })
}

/**
 * POST a JSON body and read the JSON answer as `schema` says it is (state-changing: the CSRF header is required).
 * `headers` adds to them, e.g. an Idempotency-Key. The body's type is the caller's: each api module types it as the
 * server's body schema takes it (`z.input<typeof …Body>`).
 */
export async function postJson<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: S,
  csrfToken: string,
  headers: Record<string, string> = {},
): Promise<z.output<S>> {
  return sendJson('POST', path, body, schema, csrfToken, headers)
}

/**
 * A state-changing call (CSRF header) with a JSON body, or none when `body` is undefined, whose answer is JSON read as
 * `schema` says it is.
 */
export async function sendJson<S extends z.ZodType>(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body: unknown,
  schema: S,
  csrfToken: string,
  headers: Record<string, string> = {},
): Promise<z.output<S>> {
  const json = body === undefined ? null : jsonBody(body)
  const response = await send(path, {
    method,
    ...(json ? { body: json.body } : {}),
    headers: { ...headers, ...json?.headers, 'x-csrf-token': csrfToken },
  })
  return readContract(response, path, schema)
}

/** A state-changing call without a body, answered with none (204). */
export async function sendEmpty(method: 'POST' | 'PUT' | 'DELETE', path: string, csrfToken: string): Promise<void> {
  await send(path, { method, headers: { 'x-csrf-token': csrfToken } })
}

/** How much of a request body has gone to the server: `sent` of `total` bytes. */
export type UploadProgress = { sent: number; total: number }

/**
 * postJson for large bodies (attachments): the same request and the same checks of the answer, sent with
 * XMLHttpRequest because fetch tells nothing about how far an upload has come. `onProgress` hears as the body goes.
 */
export async function postJsonWithProgress<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: S,
  csrfToken: string,
  headers: Record<string, string>,
  onProgress: (progress: UploadProgress) => void,
): Promise<z.output<S>> {
  const json = jsonBody(body)
  const response = await new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.withCredentials = true
    for (const [name, value] of Object.entries({ ...headers, ...json.headers, 'x-csrf-token': csrfToken, accept: 'application/json' }))
      xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ sent: event.loaded, total: event.total })
    }
    xhr.onload = () => {
      const contentType = xhr.getResponseHeader('content-type')
      // 204 and 304 carry no body; a Response with one would throw.
      const text = xhr.status === 204 || xhr.status === 304 ? null : xhr.responseText
      resolve(new Response(text, { status: xhr.status, headers: contentType ? { 'content-type': contentType } : {} }))
    }
    // As fetch does: a request that never got an answer is a TypeError, not an ApiError.
    xhr.onerror = () => reject(new TypeError('Nettverksfeil'))
    xhr.onabort = () => reject(new DOMException('Avbrutt', 'AbortError'))
    xhr.send(json.body)
  })
  if (!response.ok) throw new ApiError(response.status, await readProblem(response))
  return readContract(response, path, schema)
}
