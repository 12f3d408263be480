/**
 * SMS: the one SmsGateway interface every module sends through, and its client for an HTTP gateway: POST JSON
 * { to, text, reference, sender? } with a bearer token. The reference (the outbox row's id) also goes in an
 * Idempotency-Key header, so a gateway that honours it drops the one duplicate an ill-timed crash can cause (see
 * outbox-worker.ts). The development mailbox (dev-mailbox.ts) implements the same interface.
 */
export type OutgoingSms = {
  to: string
  text: string
  reference: string
  /** What the SMS is about (e.g. 'message-from-health-personnel'), for the development mailbox; never sent. */
  kind?: string
}

export type SmsGateway = { send(sms: OutgoingSms): Promise<void> }

/** The gateway refused the SMS itself (a 4xx other than 408/429): trying again will not help. */
export class SmsRefused extends Error {
  override name = 'SmsRefused'
  constructor(readonly status: number) {
    super(`the SMS gateway refused the message (HTTP ${status})`)
  }
}

/** The gateway is away or failing (network error, timeout, 5xx, 408, 429): try again later. */
export class SmsGatewayUnavailable extends Error {
  override name = 'SmsGatewayUnavailable'
}

export type HttpSmsGatewayOptions = {
  /** The gateway's send endpoint, e.g. https://sms.example/v1/messages (SMS_GATEWAY_URL). */
  url: string
  /** Bearer token (SMS_GATEWAY_TOKEN). */
  token: string
  /** Alphanumeric sender id shown on the phone, when the gateway supports one (e.g. "Samband"). */
  sender?: string
  /** Short by default: a gateway that hangs must not hold up the rest of a pass. */
  timeoutMs?: number
}

export function createHttpSmsGateway(options: HttpSmsGatewayOptions): SmsGateway {
  const url = new URL(options.url)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('SMS gateway URL must be http(s)')
  const timeoutMs = options.timeoutMs ?? 10_000
  return {
    async send(sms) {
      let response: Response
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.token}`,
            'idempotency-key': sms.reference,
          },
          body: JSON.stringify({ to: sms.to, text: sms.text, reference: sms.reference, ...(options.sender ? { sender: options.sender } : {}) }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        })
      } catch (error) {
        throw new SmsGatewayUnavailable(`the SMS gateway could not be reached (${(error as Error).name})`)
      }
      // Drain the body so the connection can be reused; its content is not needed (and not logged).
      await response.arrayBuffer().catch(() => undefined)
      if (response.ok) return
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new SmsRefused(response.status)
      throw new SmsGatewayUnavailable(`the SMS gateway answered HTTP ${response.status}`)
    },
  }
}
