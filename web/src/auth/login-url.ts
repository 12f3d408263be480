export type LoginKind = 'citizen' | 'staff'

/**
 * The server's login start; a full page navigation, because it redirects through the identity
 * provider. Slashes stay readable in returnTo (`/auth/login?kind=citizen&returnTo=/innbygger`).
 */
export function loginUrl(kind: LoginKind, returnTo: string): string {
  const target = encodeURIComponent(returnTo).replaceAll('%2F', '/')
  return `/auth/login?kind=${kind}&returnTo=${target}`
}

export const homePath: Record<LoginKind, string> = {
  citizen: '/innbygger',
  staff: '/helsepersonell',
}
