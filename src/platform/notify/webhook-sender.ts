/**
 * Webhooks: an HTTP POST of a JSON body to a subscriber's URL, signed as the Standard Webhooks specification
 * (https://www.standardwebhooks.com/) has it, so that subscribers can check it with an existing library:
 *
 *   webhook-id:        the delivery's id, the same on every retry (the receiver drops duplicates by it)
 *   webhook-timestamp: seconds since the epoch, when this attempt was made
 *   webhook-signature: v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>" with the subscriber's secret>
 *
 * The timeout is short: one subscriber that hangs must not hold up the others. A network error, a timeout, a 3xx, a
 * 5xx, 408 or 429 is worth retrying (WebhookUnavailable); any other 4xx is the receiver refusing this delivery for
 * good (WebhookRefused). Redirects are not followed: the subscriber registered the URL it wants called. Neither the
 * body sent nor the body received is ever logged or kept.
 */
import { createHmac } from 'node:crypto'

export type OutgoingWebhook = {
  url: string
  /** Sent as JSON; the exact bytes sent are the bytes signed. */
  body: unknown
  /** The delivery's stable id (webhook-id, and Idempotency-Key): the same on every retry. */
  id: string
  /** The subscriber's signing secret: 'whsec_' + base64 (as Standard Webhooks issues them), or any other string, used as UTF-8. */
  secret: string
  /** What the webhook is about (e.g. 'incident-opened'); never sent. */
  kind?: string
}

export type WebhookSender = { send(webhook: OutgoingWebhook): Promise<void> }

/** The receiver refused the delivery itself (a 4xx other than 408/429): trying again will not help. */
export class WebhookRefused extends Error {
  override name = 'WebhookRefused'
  constructor(
    readonly status: number | null,
    message = `the webhook receiver refused the delivery (HTTP ${status})`,
  ) {
    super(message)
  }
}

/** The receiver is away, slow or failing (network error, timeout, 3xx, 5xx, 408, 429): try again later. */
export class WebhookUnavailable extends Error {
  override name = 'WebhookUnavailable'
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message)
  }
}

export type WebhookSenderOptions = {
  /** Per attempt, connection to answer; 5 s by default. */
  timeoutMs?: number
  /** For webhook-timestamp; the real clock by default. */
  now?: () => Date
  userAgent?: string
}

/** The webhook-signature header's value for one attempt. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8')
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
  return `v1,${mac}`
}

export function createWebhookSender(options: WebhookSenderOptions = {}): WebhookSender {
  const timeoutMs = options.timeoutMs ?? 5_000
  const now = options.now ?? (() => new Date())
  return {
    async send(webhook) {
      const url = new URL(webhook.url)
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookRefused(null, 'a webhook URL must be http(s)')
      const body = JSON.stringify(webhook.body)
      const timestamp = Math.floor(now().getTime() / 1000)
      let response: Response
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': options.userAgent ?? 'Samband-Webhooks/1',
            'webhook-id': webhook.id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(webhook.secret, webhook.id, timestamp, body),
            'idempotency-key': webhook.id,
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'manual',
        })
      } catch (error) {
        throw new WebhookUnavailable(`the webhook receiver could not be reached (${(error as Error).name})`, null)
      }
      // The answer's body is not needed (and never logged): let the connection go.
      await response.body?.cancel().catch(() => undefined)
      if (response.status >= 200 && response.status < 300) return
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new WebhookRefused(response.status)
      throw new WebhookUnavailable(`the webhook receiver answered HTTP ${response.status}`, response.status)
    },
  }
}
