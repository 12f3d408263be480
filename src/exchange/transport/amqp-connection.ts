import { connect, type ChannelModel } from 'amqplib'

/** The broker cannot be reached now (not connected, or no confirm in time); the operation may be retried. */
export class AmqpUnavailableError extends Error {
  readonly code = 'AMQP_UNAVAILABLE'
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'AmqpUnavailableError'
  }
}

/** The transport was closed by its owner. */
export class AmqpClosedError extends Error {
  readonly code = 'AMQP_CLOSED'
  constructor(message = 'the AMQP transport is closed') {
    super(message)
    this.name = 'AmqpClosedError'
  }
}

export type ReconnectOptions = {
  /** First delay after a connection loss; doubles per failed attempt (±20 % jitter). Default 200 ms. */
  initialDelayMs?: number
  /** Upper bound of the delay. Default 30 s. */
  maxDelayMs?: number
}

export type AmqpConnectionOptions = {
  onError: (error: Error) => void
  reconnect?: ReconnectOptions
  /** AMQP heartbeat, so that a silently dropped socket is noticed; used unless the URL sets `heartbeat`. Default 15 s. */
  heartbeatSeconds?: number
  /** Shown in the broker's connection list. */
  connectionName?: string
}

export function backoffDelay(attempt: number, options: ReconnectOptions = {}): number {
  const initial = options.initialDelayMs ?? 200
  const max = Math.max(initial, options.maxDelayMs ?? 30_000)
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 30))
  return Math.round(Math.min(max, base * (0.8 + Math.random() * 0.4)))
}

/** The broker address without credentials, for messages. */
export function describeBroker(url: string): string {
  try {
    const parsed = new URL(url)
    const port = parsed.port || (parsed.protocol === 'amqps:' ? '5671' : '5672')
    return `${parsed.protocol}//${parsed.hostname}:${port}${parsed.pathname.length > 1 ? parsed.pathname : ''}`
  } catch {
    return '(unparseable AMQP URL)'
  }
}

function withHeartbeat(url: string, seconds: number): string {
  try {
    const parsed = new URL(url)
    if (parsed.searchParams.has('heartbeat')) return url
    parsed.searchParams.set('heartbeat', String(seconds))
    return parsed.toString()
  } catch {
    return url
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

type Waiter = { resolve(model: ChannelModel): void; reject(error: Error): void; timer: NodeJS.Timeout }

/**
 * One AMQP connection that comes back after it is lost: on a close it did not ask for (broker restart, socket
 * drop, missed heartbeats) it reconnects with exponential backoff until `close()`, and tells its `onReconnect`
 * listeners, which recreate their channels. amqplib's own recovery option does the same for the connection only;
 * this keeps channels, consumers and waiting publishers in one place.
 */
export class ReconnectingConnection {
  readonly #url: string
  readonly #where: string
  readonly #options: AmqpConnectionOptions
  #model: ChannelModel | null = null
  #closed = false
  #connectedOnce = false
  #attempt = 0
  #timer: NodeJS.Timeout | null = null
  readonly #waiters = new Set<Waiter>()
  readonly #listeners = new Set<(model: ChannelModel) => void>()

  private constructor(url: string, options: AmqpConnectionOptions) {
    this.#url = withHeartbeat(url, options.heartbeatSeconds ?? 15)
    this.#where = describeBroker(url)
    this.#options = options
  }

  /** Connects once; rejects at once when the broker cannot be reached, so that a wrong URL fails at startup. */
  static async open(url: string, options: AmqpConnectionOptions): Promise<ReconnectingConnection> {
    const connection = new ReconnectingConnection(url, options)
    connection.#adopt(await connection.#connect())
    return connection
  }

  get broker(): string {
    return this.#where
  }

  get closed(): boolean {
    return this.#closed
  }

  /** The live connection, or null while reconnecting. */
  get current(): ChannelModel | null {
    return this.#model
  }

  /** Called with the new connection after every reconnect. */
  onReconnect(listener: (model: ChannelModel) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The live connection; waits for a reconnect at most `timeoutMs`, then rejects with AmqpUnavailableError. */
  waitForConnection(timeoutMs: number): Promise<ChannelModel> {
    if (this.#closed) return Promise.reject(new AmqpClosedError())
    if (this.#model) return Promise.resolve(this.#model)
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(
          () => {
            this.#waiters.delete(waiter)
            reject(new AmqpUnavailableError(`not connected to the AMQP broker at ${this.#where} (waited ${timeoutMs} ms)`))
          },
          Math.max(0, timeoutMs),
        ),
      }
      this.#waiters.add(waiter)
    })
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer)
      waiter.reject(new AmqpClosedError())
    }
    this.#waiters.clear()
    const model = this.#model
    this.#model = null
    if (model) await closeQuietly(model)
  }

  async #connect(): Promise<ChannelModel> {
    try {
      return await connect(this.#url, {
        timeout: 10_000,
        clientProperties: { connection_name: this.#options.connectionName ?? 'samband' },
      })
    } catch (error) {
      // amqplib's messages do not carry the URL, so no credentials leak through here.
      throw new AmqpUnavailableError(`cannot connect to the AMQP broker at ${this.#where}: ${messageOf(error)}`, {
        cause: error,
      })
    }
  }

  #adopt(model: ChannelModel): void {
    // 'close' follows every 'error' and carries the same error: report once, there.
    model.on('error', () => {})
    model.on('close', (error?: Error) => this.#lost(model, error))
    model.on('blocked', (reason: string) => this.#options.onError(new Error(`the AMQP broker at ${this.#where} blocks publishing: ${reason}`)))
    const reconnected = this.#connectedOnce
    this.#connectedOnce = true
    this.#model = model
    this.#attempt = 0
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer)
      waiter.resolve(model)
    }
    this.#waiters.clear()
    if (!reconnected) return
    for (const listener of this.#listeners) {
      try {
        listener(model)
      } catch (error) {
        this.#options.onError(error instanceof Error ? error : new Error(String(error)))
      }
    }
  }

  #lost(model: ChannelModel, error: Error | undefined): void {
    if (this.#model !== model) return
    this.#model = null
    if (this.#closed) return
    this.#options.onError(
      new Error(`AMQP connection to ${this.#where} lost (${error ? error.message : 'closed'}); reconnecting`, {
        cause: error,
      }),
    )
    this.#schedule()
  }

  #schedule(): void {
    if (this.#closed || this.#timer) return
    const delay = backoffDelay(this.#attempt, this.#options.reconnect)
    this.#attempt++
    this.#timer = setTimeout(() => {
      this.#timer = null
      void this.#retry()
    }, delay)
  }

  async #retry(): Promise<void> {
    if (this.#closed) return
    let model: ChannelModel
    try {
      model = await this.#connect()
    } catch (error) {
      if (this.#closed) return
      this.#options.onError(new Error(`${messageOf(error)}; retrying (attempt ${this.#attempt})`, { cause: error }))
      this.#schedule()
      return
    }
    if (this.#closed) {
      await closeQuietly(model)
      return
    }
    this.#adopt(model)
  }
}

/** Closes a connection or channel; gives up waiting after a while, since a dead peer never answers. */
export async function closeQuietly(closable: { close(): Promise<void> }, timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    closable.close().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs)
    }),
  ])
  clearTimeout(timer)
}
