import { AppError } from './errors.ts'

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/

/** The optional Idempotency-Key header: 1–200 visible ASCII characters (a UUID, typically). */
export function idempotencyKeyOf(headers: Record<string, unknown>): string | null {
  const value = headers['idempotency-key']
  if (value === undefined) return null
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw new AppError('validation-failed', 'Idempotency-Key må være 1–200 synlige ASCII-tegn.', [
      { path: 'headers.idempotency-key', message: 'ugyldig verdi' },
    ])
  }
  return value
}
