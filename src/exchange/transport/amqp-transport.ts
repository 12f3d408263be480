import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib'
import { AmqpUnavailableError, closeQuietly, ReconnectingConnection, type ReconnectOptions } from './amqp-connection.ts'
import { type Deliver, QueueConsumer } from './amqp-queue-consumer.ts'
import { assertQueues, messageOf } from './amqp-queues.ts'
import {
  deliveryAttempt,
  envelopeProblems,
  errorPublishOptions,
  INVALID_FIELD_VALUE,
  isHerId,
  MAX_DELIVERIES,
  publishOptions,
  queueNames,
  readEnvelope,
  type AmqpEnvelope,
  type AmqpErrorReport,
} from './amqp-envelope.ts'

export { AmqpClosedError, AmqpUnavailableError } from './amqp-connection.ts'
export { DLQ_ARGUMENTS, workQueueArguments } from './amqp-queues.ts'
export { MAX_DELIVERIES, queueNames, type AmqpEnvelope, type AmqpErrorReport } from './amqp-envelope.ts'

/**
 * AMQP transport for health messages between Samband installations, after NHN's AMQP rules (RULES.md §5).
 *
 * NHN's Tjenestebuss is AMQP 1.0; this adapter speaks AMQP 0-9-1 to RabbitMQ (amqplib) and maps the same message
 * properties onto 0-9-1 properties and headers (see amqp-envelope.ts). The body is the business document's bytes;
 * CMS signing/encryption is not done here yet.
 *
 * Queues, per HER-id, all durable quorum queues (names prefixed with `prefix`):
 * - `<herId>_async`, `<herId>_error`: `x-delivery-limit` 9, so the 10th delivery without an ack is the last (NHN:
 *   DLQ after 10 reads without commit); then dead-lettered through the default exchange to `<herId>_dlq`,
 *   at-least-once (`x-dead-letter-strategy`, which needs `x-overflow: reject-publish`), so a message is never
 *   dropped between the two queues.
 * - `<herId>_dlq`: no limit; for people to look at.
 * Checked on RabbitMQ 3.10: a message nacked (or left unacked by a dead consumer) 10 times lands in the DLQ with
 * `x-first-death-reason: delivery_limit`.
 *
 * Consuming: manual ack after the handler's promise resolves (= the message is persisted); a rejection returns it
 * to the queue (nack, requeue) and the broker counts the delivery. A message whose envelope is unusable never
 * reaches the handler: when its sender (fromHerId) can be read, an AMQP error (`transport:invalid-field-value`)
 * goes to the sender's `_error` queue and the message is acked, as NHN prescribes ("commit once an AMQP error has
 * been sent"); when the sender cannot be read, or the error cannot be sent, the message is rejected to the DLQ.
 * Duplicates are not filtered here: a handler must treat a messageId it has already persisted as done (NHN: log
 * it, no error, no AppRec), also because an ack lost with a dropped connection brings the message back.
 *
 * Connection: `connectAmqpTransport` tries once and rejects when the broker cannot be reached, so that a wrong URL
 * fails at startup. After that, a lost connection comes back by itself with exponential backoff (200 ms doubling to 30 s by
 * default) until `close()`; consumers resume on the new connection, and the broker hands their unacked messages
 * to whoever consumes next. `publish` and `publishError` made while disconnected wait for the connection; one
 * whose connection drops before the confirm is sent again on the next connection with the same messageId (NHN:
 * after a failed enqueue, the same ids; the receiver drops a duplicate). Both are bounded by `publishTimeoutMs`
 * (10 s by default) in all: then they reject with AmqpUnavailableError, and the message may or may not be on the
 * queue, so the caller keeps it and resends it later with the same ids. A nack or a missing queue rejects at once.
 *
 * Errors that no caller awaits (connection lost, handler failed, unusable message) go to `onError`; message bodies
 * are never put in an error.
 */

export type AmqpDelivery = {
  /** Deliveries of this message so far, this one included (1 … MAX_DELIVERIES). */
  attempt: number
  redelivered: boolean
}

export type AmqpHandler = (envelope: AmqpEnvelope, delivery: AmqpDelivery) => Promise<void>

export type AmqpConsumer = {
  /** Stops new deliveries, waits for the running handlers (so their messages are acked or returned), closes the channel. */
  stop(): Promise<void>
}

export type AmqpTransport = {
  /** Declares (idempotently) the durable queues for a HER-id: `<herId>_async` and `<herId>_error`, with dead-lettering after 10 deliveries to `<herId>_dlq`. */
  ensureQueues(herId: number): Promise<void>
  /** Publishes persistently to `<toHerId>_async`; resolves only after the broker confirms; rejects on nack, on a missing queue, on close or after `publishTimeoutMs`. */
  publish(envelope: AmqpEnvelope): Promise<void>
  /** Publishes an AMQP-level error for a message that could not be read at all to `<toHerId>_error` (toHerId = the original sender). */
  publishError(toHerId: number, error: AmqpErrorReport): Promise<void>
  /** Consumes `<herId>_async` (declaring its queues) with manual ack and a prefetch (default 10); see above for ack, nack and unusable messages. */
  consume(herId: number, handler: AmqpHandler, options?: { prefetch?: number }): Promise<AmqpConsumer>
  /** Consumes `<herId>_error`: the AMQP errors others have sent about this HER-id's messages. Same semantics as `consume`. */
  consumeErrors(herId: number, handler: (message: AmqpErrorMessage) => Promise<void>, options?: { prefetch?: number }): Promise<AmqpConsumer>
  /** Stops the consumers (waiting for their running handlers, which must settle), then closes the connection; publishes still waiting reject. */
  close(): Promise<void>
}

/** A message from an `_error` queue. */
export type AmqpErrorMessage = {
  messageId?: string
  originalMessageId?: string
  errorCondition?: string
  errorDescription?: string
  errorConditionData?: string
  fromHerId?: number
  subject?: string
  receiverTimeStamp?: string
  body: Buffer
}

export type AmqpTransportOptions = {
  /** Prepended to every queue name, so that tests and two installations on one broker stay apart. Default ''. */
  prefix?: string
  /** Errors no caller awaits. Default: console.error. */
  onError?: (error: Error) => void
  /** Upper bound for one publish: waiting for a connection plus the broker's confirm. Default 10 000 ms. */
  publishTimeoutMs?: number
  reconnect?: ReconnectOptions
  /** AMQP heartbeat unless the URL sets one. Default 15 s. */
  heartbeatSeconds?: number
  /** Shown in the broker's connection list. Default `samband` plus the prefix. */
  connectionName?: string
}

type Publisher = { channel: ConfirmChannel; returned: Map<string, number> }

export async function connectAmqpTransport(url: string, options: AmqpTransportOptions = {}): Promise<AmqpTransport> {
  const prefix = options.prefix ?? ''
  const onError = options.onError ?? ((error: Error) => console.error(`amqp-transport: ${error.message}`))
  const publishTimeoutMs = options.publishTimeoutMs ?? 10_000
  const connection = await ReconnectingConnection.open(url, {
    onError,
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
    ...(options.heartbeatSeconds !== undefined ? { heartbeatSeconds: options.heartbeatSeconds } : {}),
    connectionName: options.connectionName ?? `samband${prefix ? ` ${prefix}` : ''}`,
  })
  const consumers = new Set<QueueConsumer>()
  connection.onReconnect((model) => {
    for (const consumer of consumers) consumer.resume(model)
  })

  // One confirm channel per connection for all publishes, created on first use.
  let publisher: { model: ChannelModel; promise: Promise<Publisher> } | null = null
  function publisherFor(model: ChannelModel): Promise<Publisher> {
    if (publisher && publisher.model === model) return publisher.promise
    const state = {
      model,
      promise: model.createConfirmChannel().then((channel) => {
        const returned = new Map<string, number>()
        channel.on('error', () => {})
        channel.on('close', () => {
          if (publisher === state) publisher = null
        })
        // With `mandatory`, an unroutable message (no such queue) comes back before its confirm.
        channel.on('return', (message: Message) => {
          const key = returnKey(message.fields.routingKey, message.properties.messageId)
          returned.set(key, (returned.get(key) ?? 0) + 1)
        })
        return { channel, returned }
      }),
    }
    state.promise.catch(() => {
      if (publisher === state) publisher = null
    })
    publisher = state
    return state.promise
  }

  /**
   * Publishes with a confirm. A connection or channel lost before the confirm is retried on the next connection with
   * the same properties until `publishTimeoutMs` is used up: the broker may then hold the message twice, which the
   * receiver drops by messageId (NHN: after a failed enqueue, resend with the same ids).
   */
  async function send(queue: string, content: Buffer, publishOpts: Options.Publish, what: string): Promise<void> {
    const deadline = Date.now() + publishTimeoutMs
    for (;;) {
      const model = await connection.waitForConnection(deadline - Date.now()).catch((error: unknown) => {
        if (!(error instanceof AmqpUnavailableError)) throw error
        throw new AmqpUnavailableError(`${what}: no connection to the AMQP broker at ${connection.broker} within ${publishTimeoutMs} ms`, {
          cause: error,
        })
      })
      const outcome = await publishOnce(model, queue, content, publishOpts, what, deadline)
      if (outcome === 'confirmed') return
      if (Date.now() >= deadline) throw outcome
      // A channel that failed on a live connection (rare): do not spin on it.
      if (connection.current === model) await delay(50)
    }
  }

  /** Resolves 'confirmed', or with the error of a send that was lost on the way (retryable); rejects on a final answer. */
  async function publishOnce(
    model: ChannelModel,
    queue: string,
    content: Buffer,
    publishOpts: Options.Publish,
    what: string,
    deadline: number,
  ): Promise<'confirmed' | AmqpUnavailableError> {
    let pub: Publisher
    try {
      pub = await publisherFor(model)
    } catch (error) {
      return new AmqpUnavailableError(`${what}: cannot open a channel: ${messageOf(error)}`, { cause: error })
    }
    const key = returnKey(queue, publishOpts.messageId)
    return new Promise((resolve, reject) => {
      let settled = false
      const timer = setTimeout(
        () => {
          settled = true
          reject(new AmqpUnavailableError(`${what}: no confirm from the broker within ${publishTimeoutMs} ms; the message may or may not be on ${queue}`))
        },
        Math.max(0, deadline - Date.now()),
      )
      try {
        pub.channel.sendToQueue(queue, content, { ...publishOpts, mandatory: true }, (error: unknown) => {
          clearTimeout(timer)
          const count = pub.returned.get(key) ?? 0
          if (count > 0) {
            if (count === 1) pub.returned.delete(key)
            else pub.returned.set(key, count - 1)
          }
          if (settled) return
          settled = true
          // amqplib reports a nack as 'message nacked' and a channel lost before the confirm as 'channel closed'.
          if (error && /nack/i.test(messageOf(error))) reject(new Error(`${what}: rejected by the broker (nack)`, { cause: error }))
          else if (error)
            resolve(
              new AmqpUnavailableError(`${what}: not confirmed by the broker (${messageOf(error)}); the message may or may not be on ${queue}`, {
                cause: error,
              }),
            )
          else if (count > 0) reject(new Error(`${what}: the queue ${queue} does not exist (the broker returned the message)`))
          else resolve('confirmed')
        })
      } catch (error) {
        // amqplib throws at once on a channel already closed.
        clearTimeout(timer)
        settled = true
        resolve(new AmqpUnavailableError(`${what}: ${messageOf(error)}`, { cause: error }))
      }
    })
  }

  const transport: AmqpTransport = {
    async ensureQueues(herId) {
      if (!isHerId(herId)) throw new TypeError(`not a HER-id: ${String(herId)}`)
      const model = await connection.waitForConnection(publishTimeoutMs)
      const channel = await model.createChannel()
      channel.on('error', () => {})
      try {
        await assertQueues(channel, queueNames(prefix, herId))
      } finally {
        await closeQuietly(channel)
      }
    },

    async publish(envelope) {
      const problems = envelopeProblems(envelope)
      if (problems.length > 0) throw new TypeError(`AMQP envelope has missing or invalid ${problems.join(', ')}`)
      const queue = queueNames(prefix, envelope.toHerId).async
      await send(
        queue,
        envelope.body,
        publishOptions(envelope, queueNames(prefix, envelope.fromHerId).async),
        `publishing AMQP message ${envelope.messageId} (${envelope.subject}) to ${queue}`,
      )
    },

    async publishError(toHerId, report) {
      if (!isHerId(toHerId)) throw new TypeError(`not a HER-id: ${String(toHerId)}`)
      if (!report.errorCondition || !report.errorDescription) throw new TypeError('an AMQP error needs errorCondition and errorDescription')
      const queue = queueNames(prefix, toHerId).error
      const messageId = randomUUID()
      await send(
        queue,
        report.body ?? Buffer.alloc(0),
        errorPublishOptions(report, toHerId, messageId, new Date()),
        `publishing AMQP error ${report.errorCondition} about ${report.originalMessageId || '(no message id)'} to ${queue}`,
      )
    },

    async consume(herId, handler, consumeOptions = {}) {
      return startConsumer(
        herId,
        'async',
        async (message, channel, consumer) => {
          const read = readEnvelope(message, herId)
          if (read.ok) {
            const attempt = deliveryAttempt(message)
            try {
              await handler(read.envelope, { attempt, redelivered: message.fields.redelivered })
            } catch (error) {
              const fate =
                attempt >= MAX_DELIVERIES
                  ? `delivery ${attempt} of ${MAX_DELIVERIES}: it goes to the dead-letter queue`
                  : `delivery ${attempt} of ${MAX_DELIVERIES}: it goes back to the queue`
              onError(new Error(`handler failed for AMQP message ${read.envelope.messageId} on ${consumer.queue} (${fate})`, { cause: error }))
              consumer.settle(channel, message, 'requeue')
              return
            }
            consumer.settle(channel, message, 'ack')
            return
          }
          const what = `unusable AMQP message ${read.messageId ?? '(no message id)'} on ${consumer.queue}: missing or invalid ${read.fields.join(', ')}`
          if (read.fromHerId === undefined) {
            onError(new Error(`${what}; no sender to tell, so it goes to the dead-letter queue`))
            consumer.settle(channel, message, 'dead-letter')
            return
          }
          try {
            await transport.publishError(read.fromHerId, {
              originalMessageId: read.messageId ?? '',
              errorCondition: INVALID_FIELD_VALUE,
              errorDescription: 'One or more fields are missing or invalid',
              errorConditionData: read.fields,
              fromHerId: herId,
              ...(read.subject ? { subject: read.subject } : {}),
            })
          } catch (error) {
            onError(new Error(`${what}; the error report to HER-id ${read.fromHerId} failed, so it goes to the dead-letter queue`, { cause: error }))
            consumer.settle(channel, message, 'dead-letter')
            return
          }
          onError(new Error(`${what}; reported to HER-id ${read.fromHerId}'s error queue and removed`))
          consumer.settle(channel, message, 'ack')
        },
        consumeOptions.prefetch,
      )
    },

    async consumeErrors(herId, handler, consumeOptions = {}) {
      return startConsumer(
        herId,
        'error',
        async (message, channel, consumer) => {
          try {
            await handler(readErrorMessage(message))
          } catch (error) {
            onError(new Error(`error-queue handler failed for AMQP message ${String(message.properties.messageId)} on ${consumer.queue}`, { cause: error }))
            consumer.settle(channel, message, 'requeue')
            return
          }
          consumer.settle(channel, message, 'ack')
        },
        consumeOptions.prefetch,
      )
    },

    async close() {
      if (connection.closed) return
      await Promise.allSettled([...consumers].map((consumer) => consumer.stop()))
      const pub = publisher
      publisher = null
      if (pub) await pub.promise.then((p) => closeQuietly(p.channel)).catch(() => {})
      await connection.close()
    },
  }

  async function startConsumer(herId: number, kind: 'async' | 'error', deliver: Deliver, prefetch = 10): Promise<AmqpConsumer> {
    if (!isHerId(herId)) throw new TypeError(`not a HER-id: ${String(herId)}`)
    if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 65_535) throw new TypeError(`prefetch must be 1 … 65535, not ${prefetch}`)
    const names = queueNames(prefix, herId)
    const consumer = new QueueConsumer({
      names,
      queue: names[kind],
      prefetch,
      deliver,
      onError,
      connection,
      reconnect: options.reconnect,
      onStopped: () => consumers.delete(consumer),
    })
    // The first start must succeed, so that a wrong queue setup fails the caller rather than a log line.
    await consumer.start(await connection.waitForConnection(publishTimeoutMs))
    consumers.add(consumer)
    return { stop: () => consumer.stop() }
  }

  return transport
}

function returnKey(queue: string, messageId: unknown): string {
  return `${queue}\n${typeof messageId === 'string' ? messageId : ''}`
}

function readErrorMessage(message: Message): AmqpErrorMessage {
  const headers: Record<string, unknown> = message.properties.headers ?? {}
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
  const fromHerId = headers.fromHerId
  const result: AmqpErrorMessage = { body: message.content }
  const messageId = text(message.properties.messageId)
  if (messageId) result.messageId = messageId
  const subject = text(message.properties.type)
  if (subject) result.subject = subject
  for (const name of ['originalMessageId', 'errorCondition', 'errorDescription', 'errorConditionData', 'receiverTimeStamp'] as const) {
    const value = text(headers[name])
    if (value !== undefined) result[name] = value
  }
  if (isHerId(fromHerId)) result.fromHerId = fromHerId
  return result
}
