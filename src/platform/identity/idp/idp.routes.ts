import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { CITIZEN_ACR } from '../identity.claims.ts'
import type { PeopleDirectory } from '../people-directory.ts'
import { accountIdOf, type EmbeddedIdp, escapeHtml } from './embedded-idp.ts'
import { renderLoginPage } from './idp-login-page.ts'

const LoginFormSchema = z.object({ account: z.string().regex(/^(citizen|staff):[0-9a-f-]{36}$/) })

/**
 * Mounts the embedded OpenID provider under /idp. The provider reads request bodies itself,
 * so this scope has no body parsers of its own; the login page is ours.
 */
export async function idpRoutes(app: FastifyInstance, opts: { idp: EmbeddedIdp; directory: PeopleDirectory; staffClientId: string }) {
  const { provider } = opts.idp
  const callback = provider.callback()
  // Provider faults carry protocol detail only (no claims), so their message is safe to log.
  provider.on('server_error', (_ctx, error: Error) =>
    app.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'identity provider error'),
  )

  // Before anything reads the request, so that no address the provider issues comes from the Host header.
  app.addHook('onRequest', async (req) => opts.idp.pinToPublicUrl(req.raw))

  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_req, _payload, done) => done(null))

  app.get('/interaction/:uid', { schema: { hide: true } }, async (req, reply) => {
    const details = await provider.interactionDetails(req.raw, reply.raw)
    const kind = details.params.client_id === opts.staffClientId ? 'staff' : 'citizen'
    const html = await renderLoginPage(opts.directory, { uid: details.uid, kind })
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
  })

  app.post('/interaction/:uid/login', { schema: { hide: true } }, async (req, reply) => {
    const form = await readForm(req)
    if (!form) {
      // The rest of an oversized body is not read: the connection closes after the answer.
      return reply
        .code(413)
        .header('connection', 'close')
        .type('text/html; charset=utf-8')
        .send(errorPage('Innsendingen var for stor. Gå tilbake og velg en av brukerne i listen.'))
    }
    const parsed = LoginFormSchema.safeParse(form)
    const details = await provider.interactionDetails(req.raw, reply.raw)
    const kind = details.params.client_id === opts.staffClientId ? 'staff' : 'citizen'
    if (!parsed.success || !parsed.data.account.startsWith(`${kind}:`) || !(await accountExists(opts.directory, parsed.data.account))) {
      return reply.code(400).type('text/html; charset=utf-8').send(errorPage('Velg en av brukerne i listen.'))
    }
    const [, id] = parsed.data.account.split(':') as [string, string]
    reply.hijack()
    await provider.interactionFinished(
      req.raw,
      reply.raw,
      { login: { accountId: accountIdOf(kind, id), acr: kind === 'citizen' ? CITIZEN_ACR : 'Level4', amr: ['demo'] } },
      { mergeWithLastSubmission: false },
    )
  })

  app.post('/interaction/:uid/abort', { schema: { hide: true } }, async (req, reply) => {
    reply.hijack()
    await provider.interactionFinished(
      req.raw,
      reply.raw,
      { error: 'access_denied', error_description: 'Innloggingen ble avbrutt' },
      { mergeWithLastSubmission: false },
    )
  })

  // Everything else is the provider's own: discovery, authorize, token, jwks, end session …
  const passThrough = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack()
    // The provider derives its mount path from originalUrl minus url, as under Express.
    const raw = req.raw as typeof req.raw & { originalUrl?: string }
    raw.originalUrl = raw.url
    raw.url = raw.url?.replace(/^\/idp/, '') || '/'
    callback(req.raw, reply.raw)
  }
  app.all('/', { schema: { hide: true } }, passThrough)
  app.all('/*', { schema: { hide: true } }, passThrough)
}

/** The login form holds one short field; a bigger body is refused (null) before it is read in full. */
const FORM_LIMIT_BYTES = 4096

function readForm(req: FastifyRequest): Promise<Record<string, string> | null> {
  if (Number(req.headers['content-length']) > FORM_LIMIT_BYTES) return Promise.resolve(null)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      req.raw.off('data', onData).off('end', onEnd).off('error', reject)
      // Paused, not destroyed: destroying the request would take the socket, and the answer with it.
      req.raw.pause()
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > FORM_LIMIT_BYTES) {
        stop()
        resolve(null)
      } else chunks.push(chunk)
    }
    const onEnd = () => {
      stop()
      resolve(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))))
    }
    req.raw.on('data', onData).on('end', onEnd).on('error', reject)
  })
}

async function accountExists(directory: PeopleDirectory, account: string): Promise<boolean> {
  const [kind, id] = account.split(':') as [string, string]
  return Boolean(kind === 'citizen' ? await directory.person(id) : await directory.staff(id))
}

function errorPage(message: string): string {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Feil ved innlogging</title></head><body><main><h1>Feil ved innlogging</h1><p>${escapeHtml(message)}</p><p><a href="/">Til forsiden</a></p></main></body></html>`
}
