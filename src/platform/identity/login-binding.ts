import { createHash, randomBytes } from 'node:crypto'

/**
 * Login CSRF: a login attempt is bound to the browser that started it. That browser gets a random binding id in
 * a short-lived cookie sent only to /auth; the attempt stores its hash. A callback URL opened in another browser
 * (one an attacker captured from his own login) finds no matching attempt and is refused.
 */
export const LOGIN_BINDING_COOKIE = 'samband_login'
export const LOGIN_BINDING_PATH = '/auth'
/** As long as a login attempt lives. */
export const LOGIN_BINDING_TTL_SECONDS = 10 * 60

const BINDING = /^[A-Za-z0-9_-]{43}$/

/**
 * The browser's binding id: the one it already has (another tab's login under way stays valid), or a new one.
 */
export function browserBinding(existing: string | undefined): string {
  return existing && BINDING.test(existing) ? existing : randomBytes(32).toString('base64url')
}

/** What the login attempt stores: a copy of the table cannot finish anyone's login. */
export function bindingHash(binding: string): string {
  return createHash('sha256').update(binding).digest('base64url')
}

/** The cookie's binding id, when it has the shape of one. */
export function presentedBinding(cookie: string | undefined): string | null {
  return cookie && BINDING.test(cookie) ? cookie : null
}
