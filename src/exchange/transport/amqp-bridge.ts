/**
 * The bridge between one installation's message exchange and the AMQP transport (see ADR 0008):
 * - outbound, it is the dispatcher's RemotePublisher: a delivery routed 'amqp' is published to `<toHerId>_async`
 *   (declaring the receiver's queues first), and the dispatcher marks it delivered after the broker's confirm;
 * - inbound, it consumes `<herId>_async` of every active local party and hands each message to receiveFromAmqp
 *   (amqp-inbound.ts); the message is acked only after that settles (stored, or answered), and returned to the
 *   queue when it throws (database down …), where the broker dead-letters it after 10 deliveries;
 * - it consumes `<herId>_error` of every local party too: an AMQP error another installation reports about one of
 *   our messages fails that delivery and raises the sender's 'delivery-failed' alert;
 * - the set of local parties is read again every `rescanMs` (a minute by default), so that parties added or
 *   deactivated in the registry are picked up without a restart.
 *
 * Matching an error report to a delivery: by its originalMessageId (the AMQP message id) among the publishes this
 * process made lately (kept in memory, the last 10 000), else — after a restart, say — by the document the report
 * echoes (sender, receiver and the document's hash). A report that matches neither is logged and dropped.
 */
import { setTimeout as delay } from 'node:timers/promises'
import type { RemotePublisher } from '../delivery/dispatcher.ts'
import { sha256Hex } from '../delivery/business-document.ts'
import type { ExchangeDeps } from '../delivery/exchange.service.ts'
import { activeLocalHerIds, type DeliveryKey, findSentDelivery, partiesNamingInstallation, recordTransportError } from './amqp-bridge.repository.ts'
import type { AmqpErrorReport } from './amqp-envelope.ts'
import { type InboundOutcome, receiveFromAmqp } from './amqp-inbound.ts'
import { type AmqpConsumer, type AmqpDelivery, type AmqpEnvelope, type AmqpErrorMessage, type AmqpTransport, connectAmqpTransport } from './amqp-transport.ts'

/** pino's calling convention; never given message content. */
export type BridgeLog = {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
}

export type AmqpBridgeOptions = {
  url: string
  /** Queue name prefix (AMQP_QUEUE_PREFIX). */
  prefix: string
  /** This installation's name (INSTALLATION_NAME): in logs and the broker's connection list. */
  installation: string
  log: BridgeLog
  /** Failures no caller awaits (connection lost, a handler that threw, a re-scan that failed). */
  onError: (error: Error) => void
  /** Called after an error report raised a 'delivery-failed' alert, so that whoever notifies the sender need not wait for its next poll. */
  onAlert?: () => void
  /** How often the local parties are read again. Default 60 s. */
  rescanMs?: number
  /** Unacked messages per consumer. Default 10. */
  prefetch?: number
}

export type AmqpBridge = {
  /** For the dispatcher. */
  publisher: RemotePublisher
  /** Starts consuming the local parties' queues, and the periodic re-scan; rejects if the first scan fails. */
  start(): Promise<void>
  /** Reads the local parties now: consumes new ones, stops consuming those no longer local or active. */
  rescan(): Promise<void>
  /** Stops the re-scan and every consumer, waiting for the messages in hand to be acked or returned. */
  stopConsuming(): Promise<void>
  /** stopConsuming, then closes the connection. Call after the dispatcher has stopped publishing. */
  close(): Promise<void>
  /** The HER-ids whose queues are consumed now. */
  consumedHerIds(): number[]
  /** What the consumers have done since start, for monitoring and tests. */
  stats(): AmqpBridgeStats
}

export type AmqpBridgeStats = {
  stored: number
  duplicates: number
  errorAppRecs: number
  /** The same refused document again: its error AppRec existed, none was sent. */
  errorAppRecsRepeated: number
  amqpErrorsSent: number
  errorReportsReceived: number
  /** Error reports that failed a delivery. */
  errorReportsRecorded: number
}

const SENT_MEMORY = 10_000
const START_CONCURRENCY = 8
const START_ATTEMPTS = 4

export async function connectAmqpBridge(deps: ExchangeDeps, options: AmqpBridgeOptions): Promise<AmqpBridge> {
  const { log, onError } = options
  const transport: AmqpTransport = await connectAmqpTransport(options.url, {
    prefix: options.prefix,
    onError,
    connectionName: `samband ${options.installation}${options.prefix ? ` (${options.prefix})` : ''}`,
  })
  const rescanMs = options.rescanMs ?? 60_000
  const prefetch = options.prefetch ?? 10
  const logBase = { installation: options.installation }

  // Queues known to exist, so that not every publish declares them again.
  const declared = new Set<number>()
  async function withQueues(herId: number, send: () => Promise<void>): Promise<void> {
    if (!declared.has(herId)) {
      await transport.ensureQueues(herId)
      declared.add(herId)
    }
    try {
      await send()
    } catch (error) {
      // A queue deleted since (or never made): declare it again on the next attempt.
      declared.delete(herId)
      throw error
    }
  }

  const sent = new Map<string, DeliveryKey>()
  function remember(amqpMessageId: string, key: DeliveryKey): void {
    sent.set(amqpMessageId, key)
    if (sent.size > SENT_MEMORY) sent.delete(sent.keys().next().value as string)
  }

  const publisher: RemotePublisher = {
    async publish({ exchangeMessageId, ...envelope }) {
      remember(envelope.messageId, { messageId: exchangeMessageId, receiverHerId: envelope.toHerId })
      await withQueues(envelope.toHerId, () => transport.publish(envelope))
    },
  }

  const inbound = {
    deps,
    reportError: (toHerId: number, report: AmqpErrorReport) => withQueues(toHerId, () => transport.publishError(toHerId, report)),
  }

  async function onMessage(envelope: AmqpEnvelope, delivery: AmqpDelivery): Promise<void> {
    const outcome = await receiveFromAmqp(inbound, envelope)
    logOutcome(envelope, delivery, outcome)
  }

  const stats: AmqpBridgeStats = {
    stored: 0,
    duplicates: 0,
    errorAppRecs: 0,
    errorAppRecsRepeated: 0,
    amqpErrorsSent: 0,
    errorReportsReceived: 0,
    errorReportsRecorded: 0,
  }

  function logOutcome(envelope: AmqpEnvelope, delivery: AmqpDelivery, outcome: InboundOutcome): void {
    const fields = {
      ...logBase,
      amqpMessageId: envelope.messageId,
      fromHerId: envelope.fromHerId,
      toHerId: envelope.toHerId,
      subject: envelope.subject,
      attempt: delivery.attempt,
    }
    switch (outcome.outcome) {
      case 'stored':
        stats.stored++
        log.info({ ...fields, id: outcome.id }, 'AMQP message stored')
        return
      case 'duplicate':
        stats.duplicates++
        // RULES.md §5: a duplicate is logged, with no error and no AppRec.
        log.info({ ...fields, id: outcome.id }, 'AMQP message is a duplicate of a stored document (same sender and MsgId); acknowledged, no error, no AppRec')
        return
      case 'error-apprec':
        if (outcome.alreadyAnswered) stats.errorAppRecsRepeated++
        else stats.errorAppRecs++
        log.warn(
          { ...fields, appRecId: outcome.appRecId, appRecError: outcome.code, alreadyAnswered: outcome.alreadyAnswered },
          outcome.alreadyAnswered ? 'AMQP message refused again; its negative AppRec was sent already' : 'AMQP message refused with a negative AppRec',
        )
        return
      case 'amqp-error':
        stats.amqpErrorsSent++
        log.warn({ ...fields, errorCondition: outcome.condition }, "AMQP message refused with an AMQP error on the sender's error queue")
        return
    }
  }

  async function onErrorReport(herId: number, report: AmqpErrorMessage): Promise<void> {
    stats.errorReportsReceived++
    const fields = { ...logBase, herId, reportedBy: report.fromHerId, originalMessageId: report.originalMessageId, errorCondition: report.errorCondition }
    let key = report.originalMessageId ? sent.get(report.originalMessageId) : undefined
    if (key && report.fromHerId !== undefined && report.fromHerId !== key.receiverHerId) key = undefined
    if (!key && report.fromHerId !== undefined && report.body.length > 0) {
      key = (await findSentDelivery(deps.db, { senderHerId: herId, receiverHerId: report.fromHerId, sha256: sha256Hex(report.body) })) ?? undefined
    }
    if (!key) {
      log.warn(fields, 'AMQP error report matches no delivery sent from here; dropped')
      return
    }
    const reason =
      `AMQP error from HER-id ${report.fromHerId ?? key.receiverHerId}: ${report.errorCondition ?? 'unknown condition'}${report.errorDescription ? `: ${report.errorDescription}` : ''}`.slice(
        0,
        1000,
      )
    const recorded = await deps.db.transaction().execute((trx) => recordTransportError(trx, key, reason, deps.now()))
    if (recorded) {
      stats.errorReportsRecorded++
      options.onAlert?.()
    }
    log.warn(
      { ...fields, messageId: key.messageId, receiverHerId: key.receiverHerId, recorded },
      recorded ? 'AMQP error report: delivery failed, sender alerted' : 'AMQP error report about a delivery already settled or failed',
    )
  }

  type Consumers = { messages: AmqpConsumer; errors: AmqpConsumer }
  const consumers = new Map<number, Consumers>()
  let stopping = false
  let timer: NodeJS.Timeout | null = null
  let scanning: Promise<void> = Promise.resolve()

  async function consumeParty(herId: number): Promise<void> {
    const messages = await transport.consume(herId, onMessage, { prefetch })
    let errors: AmqpConsumer
    try {
      errors = await transport.consumeErrors(herId, (report) => onErrorReport(herId, report), { prefetch })
    } catch (error) {
      await messages.stop()
      throw error
    }
    declared.add(herId)
    if (stopping) {
      await Promise.all([messages.stop(), errors.stop()])
      return
    }
    consumers.set(herId, { messages, errors })
  }

  async function scan(): Promise<void> {
    if (stopping) return
    const wanted = new Set(await activeLocalHerIds(deps.db))
    const gone = [...consumers.entries()].filter(([herId]) => !wanted.has(herId))
    for (const [herId] of gone) consumers.delete(herId)
    await Promise.all(gone.flatMap(([, c]) => [c.messages.stop(), c.errors.stop()]))
    const missing = [...wanted].filter((herId) => !consumers.has(herId))
    const failures: unknown[] = []
    for (let i = 0; i < missing.length && !stopping; i += START_CONCURRENCY) {
      const batch = missing.slice(i, i + START_CONCURRENCY)
      const results = await Promise.allSettled(batch.map((herId) => consumeParty(herId)))
      for (const r of results) if (r.status === 'rejected') failures.push(r.reason)
    }
    if (failures.length > 0) {
      throw new Error(`could not consume the queues of ${failures.length} of ${missing.length} local parties (retried at the next scan)`, {
        cause: failures[0],
      })
    }
  }

  /** One scan at a time: the timer and an explicit rescan() queue behind each other. */
  function rescan(): Promise<void> {
    const next = scanning.then(scan)
    scanning = next.catch(() => {})
    return next
  }

  async function stopConsuming(): Promise<void> {
    stopping = true
    if (timer) clearInterval(timer)
    timer = null
    await scanning
    const all = [...consumers.values()]
    consumers.clear()
    await Promise.all(all.flatMap((c) => [c.messages.stop(), c.errors.stop()]))
  }

  return {
    publisher,
    async start() {
      const misnamed = await partiesNamingInstallation(deps.db, options.installation)
      if (misnamed > 0) {
        log.warn(
          { ...logBase, parties: misnamed },
          "address registry names this installation for parties that should be 'local'; messages to them go to queues nobody here consumes",
        )
      }
      // A few tries: RabbitMQ can refuse a consumer on a quorum queue that another connection is declaring at the
      // same moment (its replica is not up yet), and the transport reconnects after such a failure by itself.
      for (let attempt = 1; ; attempt++) {
        try {
          await rescan()
          break
        } catch (error) {
          if (attempt >= START_ATTEMPTS || stopping) throw error
          onError(error instanceof Error ? error : new Error(String(error)))
          await delay(250 * 3 ** (attempt - 1))
        }
      }
      timer = setInterval(() => {
        rescan().catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))))
      }, rescanMs)
      timer.unref()
    },
    rescan,
    stopConsuming,
    async close() {
      await stopConsuming()
      await transport.close()
    },
    consumedHerIds: () => [...consumers.keys()].sort((a, b) => a - b),
    stats: () => ({ ...stats }),
  }
}
