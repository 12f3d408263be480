import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { RouteContext } from '../http/route-context.ts'
import { SESSION_COOKIE } from './authenticate.ts'
import { browserBinding, LOGIN_BINDING_COOKIE, LOGIN_BINDING_PATH, LOGIN_BINDING_TTL_SECONDS, presentedBinding } from './login-binding.ts'
import { LoginRefusedError, type PortalLogin } from './portal-login.ts'

/** Only our own pages are valid targets after login: no open redirects. */
const ReturnToSchema = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[A-Za-z0-9\-._~/?=&%]*$/, 'must be a path on this site')
  .optional()

export async function authRoutes(appBase: FastifyInstance, { ctx, login }: { ctx: RouteContext; login: PortalLogin }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const cookieOptions = { path: '/', httpOnly: true, secure: ctx.config.cookieSecure, sameSite: 'lax' as const }
  // Lax: the provider sends the browser back with a top-level GET, which carries it; path-limited to login and callback.
  const bindingCookieOptions = { ...cookieOptions, path: LOGIN_BINDING_PATH }

  app.get(
    '/auth/login',
    {
      schema: {
        tags: ['identity'],
        summary: 'Starts a portal login (OpenID Connect, authorization code with PKCE)',
        querystring: z.object({ kind: z.enum(['citizen', 'staff']), returnTo: ReturnToSchema }),
      },
    },
    async (req, reply) => {
      const { kind, returnTo } = req.query
      const binding = browserBinding(req.cookies[LOGIN_BINDING_COOKIE])
      const url = await login.start(kind, returnTo ?? (kind === 'citizen' ? '/innbygger' : '/helsepersonell'), ctx.now(), binding)
      reply.setCookie(LOGIN_BINDING_COOKIE, binding, { ...bindingCookieOptions, maxAge: LOGIN_BINDING_TTL_SECONDS })
      return reply.redirect(url, 302)
    },
  )

  app.get('/auth/callback', { schema: { hide: true } }, async (req, reply) => {
    const callbackUrl = new URL(req.url, ctx.config.publicUrl)
    let finished: Awaited<ReturnType<PortalLogin['finish']>>
    try {
      finished = await login.finish(callbackUrl, ctx.now(), presentedBinding(req.cookies[LOGIN_BINDING_COOKIE]))
    } catch (error) {
      // A refused callback may be a login CSRF attempt; the reason is logged, never who it was.
      if (error instanceof LoginRefusedError) req.log.warn({ event: 'login.callback-refused', reason: error.reason }, 'login callback refused')
      throw error
    }
    const { token, session, returnTo } = finished
    reply.clearCookie(LOGIN_BINDING_COOKIE, bindingCookieOptions)
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: session.expiresAt })
    return reply.redirect(returnTo, 302)
  })

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['identity'],
        summary: 'Ends the session (cookie session; requires the x-csrf-token header)',
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      if (principal.session) await login.logout(principal.session.token)
      reply.clearCookie(SESSION_COOKIE, cookieOptions)
      return reply.code(204).send()
    },
  )
}
