import type { FastifyInstance } from 'fastify'

/** Documents anyone may read, with nothing personal in them: shared caches may keep these. */
const PUBLIC_DOCUMENTS = new Set(['/api/health', '/api/openapi.json', '/msh/openapi.json'])
const PUBLIC_PREFIXES = ['/api/docs/']
/** Where answers are about someone: the APIs, and login and logout (which set cookies). */
const PERSONAL_PREFIXES = ['/api/', '/msh/', '/auth/']

/** Whether an answer at this path must not be stored by browsers or proxies. */
export function isPersonalPath(path: string): boolean {
  if (PUBLIC_DOCUMENTS.has(path) || path === '/api/docs' || PUBLIC_PREFIXES.some((p) => path.startsWith(p))) return false
  return PERSONAL_PREFIXES.some((p) => path.startsWith(p))
}

/**
 * Every answer under /api, /msh and /auth gets `Cache-Control: no-store` unless its route chose otherwise, errors
 * included: a default, so that a new route with personal data cannot forget it (a shared computer's back button and
 * disk cache, a proxy). The public documents above are left alone.
 */
export function registerNoStoreDefault(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (!reply.hasHeader('cache-control') && isPersonalPath(req.url.split('?')[0] ?? '/')) reply.header('cache-control', 'no-store')
    return payload
  })
}
