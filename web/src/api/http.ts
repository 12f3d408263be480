/** An RFC 9457 problem document, as the server sends for every error. */
export type Problem = {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  /** Which fields were wrong, e.g. `body.subject`, when the server validated a request. */
  errors?: { path: string; message: string }[]
}

/** Any non-2xx answer from the server; `problem` is null when the body was not problem+json. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.title ?? `HTTP ${status}`)
    this.name = 'ApiError'
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
    return (await response.json()) as Problem
  } catch {
    return null
  }
}

/** GET a JSON resource with the session cookie; throws ApiError on any non-2xx answer. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal,
  })
  if (!response.ok) throw new ApiError(response.status, await readProblem(response))
  return (await response.json()) as T
}

/** POST without a body (the server's state-changing endpoints check the CSRF header). */
export async function postEmpty(path: string, csrfToken: string): Promise<void> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
  })
  if (!response.ok) throw new ApiError(response.status, await readProblem(response))
}

/** PUT a JSON body (state-changing: the CSRF header is required). */
export async function putJson(path: string, body: unknown, csrfToken: string): Promise<void> {
  const response = await fetch(path, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new ApiError(response.status, await readProblem(response))
}

/**
 * POST a JSON body and read the JSON answer (state-changing: the CSRF header is required). `headers` adds to them,
 * e.g. an Idempotency-Key.
 */
export async function postJson<T>(path: string, body: unknown, csrfToken: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...headers, accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new ApiError(response.status, await readProblem(response))
  return (await response.json()) as T
}
