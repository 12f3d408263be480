import type { Channel, ChannelModel, ConsumeMessage, Message } from 'amqplib'
import { backoffDelay, closeQuietly, type ReconnectingConnection, type ReconnectOptions } from './amqp-connection.ts'
import type { QueueNames } from './amqp-envelope.ts'
import { asError, assertQueues, messageOf } from './amqp-queues.ts'

export type Deliver = (message: ConsumeMessage, channel: Channel, consumer: QueueConsumer) => Promise<void>

export type ConsumerDeps = {
  names: QueueNames
  queue: string
  prefetch: number
  deliver: Deliver
  onError: (error: Error) => void
  connection: ReconnectingConnection
  reconnect: ReconnectOptions | undefined
  onStopped: () => void
}

/**
 * One consumer on its own channel (so that its prefetch and a channel error stay its own). It comes back by itself:
 * after a reconnect (`resume`), and after its channel alone was closed, e.g. when the broker cancelled it because
 * the queue was deleted (backoff, while the connection is up).
 */
export class QueueConsumer {
  readonly queue: string
  readonly #deps: ConsumerDeps
  #channel: Channel | null = null
  #consumerTag: string | null = null
  #starting = false
  #stopped = false
  #retryTimer: NodeJS.Timeout | null = null
  #retryAttempt = 0
  readonly #inFlight = new Set<Promise<void>>()

  constructor(deps: ConsumerDeps) {
    this.#deps = deps
    this.queue = deps.queue
  }

  async start(model: ChannelModel): Promise<void> {
    if (this.#stopped || this.#channel || this.#starting) return
    this.#starting = true
    let channel: Channel | null = null
    try {
      channel = await model.createChannel()
      const ch = channel
      ch.on('error', () => {})
      ch.on('close', () => this.#channelClosed(ch))
      await assertQueues(ch, this.#deps.names)
      await ch.prefetch(this.#deps.prefetch)
      const { consumerTag } = await ch.consume(
        this.queue,
        (message) => {
          if (message === null) {
            // The broker cancelled the consumer (queue deleted): start over on a new channel.
            this.#deps.onError(new Error(`the broker cancelled the consumer of ${this.queue}; restarting it`))
            void closeQuietly(ch)
            return
          }
          this.#track(this.#deps.deliver(message, ch, this))
        },
        { noAck: false },
      )
      if (this.#stopped) {
        await closeQuietly(ch)
        return
      }
      this.#channel = ch
      this.#consumerTag = consumerTag
      this.#retryAttempt = 0
    } catch (error) {
      if (channel) void closeQuietly(channel)
      throw error
    } finally {
      this.#starting = false
    }
  }

  /** After a reconnect. */
  resume(model: ChannelModel): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer)
    this.#retryTimer = null
    this.start(model).catch((error: unknown) => this.#retryLater(error))
  }

  /** Acks, returns (requeue) or dead-letters a delivery on the channel it came on. */
  settle(channel: Channel, message: Message, outcome: 'ack' | 'requeue' | 'dead-letter'): void {
    try {
      if (outcome === 'ack') channel.ack(message)
      else channel.nack(message, false, outcome === 'requeue')
    } catch (error) {
      // The channel died with the delivery on it: the broker has put the message back already.
      this.#deps.onError(
        new Error(
          `could not ${outcome === 'ack' ? 'ack' : 'nack'} AMQP message ${String(message.properties.messageId)} on ` +
            `${this.queue} (${messageOf(error)}); the broker delivers it again`,
        ),
      )
    }
  }

  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    if (this.#retryTimer) clearTimeout(this.#retryTimer)
    this.#retryTimer = null
    const channel = this.#channel
    if (channel && this.#consumerTag) await channel.cancel(this.#consumerTag).catch(() => {})
    // Let running handlers finish, so that their messages are acked or returned, not left to a channel close.
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight])
    this.#channel = null
    if (channel) await closeQuietly(channel)
    this.#deps.onStopped()
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.#deps.onError(asError(error)))
    this.#inFlight.add(tracked)
    void tracked.finally(() => this.#inFlight.delete(tracked))
  }

  #channelClosed(channel: Channel): void {
    if (this.#channel !== channel) return
    this.#channel = null
    this.#consumerTag = null
    if (this.#stopped) return
    // A lost connection brings the consumer back through resume(); a channel closed on its own is restarted here.
    if (this.#deps.connection.current) this.#retryLater(new Error(`the channel of the consumer of ${this.queue} closed`))
  }

  #retryLater(error: unknown): void {
    if (this.#stopped || this.#retryTimer || this.#deps.connection.closed) return
    const delay = backoffDelay(this.#retryAttempt++, this.#deps.reconnect)
    this.#deps.onError(new Error(`consumer of ${this.queue} is down (${messageOf(error)}); retrying in ${delay} ms`, { cause: error }))
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      const model = this.#deps.connection.current
      // Without a connection, resume() starts it after the reconnect.
      if (model) this.start(model).catch((e: unknown) => this.#retryLater(e))
    }, delay)
  }
}
