/**
 * Stand-ins for the notification channels' far ends, on random local ports: a real SMTP server in this process
 * (smtp-server) and an HTTP receiver in place of the SMS gateway. Both keep what they received for the test to read.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export type ReceivedMail = { to: string[]; raw: string; body: string }

export async function startSmtpReceiver(): Promise<{ port: number; url: string; received: ReceivedMail[]; close(): Promise<void> }> {
  const received: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, body: decodeMailBody(raw) })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  return { port, url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** The text body as a reader sees it (quoted-printable or base64 decoded). */
export function decodeMailBody(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/)
  const head = raw.slice(0, split)
  const body = raw.slice(split).trim()
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body, 'base64').toString('utf8')
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    return Buffer.from(bytes, 'latin1').toString('utf8')
  }
  return body
}

export type ReceivedSms = { to: string; text: string; reference: string; authorization: string | undefined; idempotencyKey: string | undefined }

/** Answers with `status` (settable, 200 by default) and keeps the SMS it accepted. */
export async function startSmsReceiver(): Promise<{ url: string; received: ReceivedSms[]; status: { code: number }; close(): Promise<void> }> {
  const received: ReceivedSms[] = []
  const status = { code: 200 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (status.code === 200) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string; text: string; reference: string }
        received.push({ ...body, authorization: req.headers.authorization, idempotencyKey: req.headers['idempotency-key'] as string | undefined })
      }
      res.writeHead(status.code, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`,
    received,
    status,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
