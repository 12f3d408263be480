/**
 * Moves deliveries out of the outbox (exchange_delivery rows with status 'received'): local receivers get the
 * message in their inbox, remote ones get it published to their installation; and watches for AppRecs that do not
 * come (resend, then overdue). Everything it does is driven by rows committed in the database, so a crash at any
 * point loses nothing: on restart the same rows are simply due again.
 */
import { randomUUID } from 'node:crypto'
import { createPollingWorker, type Worker } from '../../platform/jobs/polling-loop.ts'
import { findDocument, findMessage } from './exchange.repository.ts'
import {
  applyResend,
  claimRemoteBatch,
  deliverLocalBatch,
  findDueForCheck,
  markOverdue,
  markRemoteDelivered,
  postponeCheck,
  raiseDeliveryFailedAlert,
} from './delivery-schedule.repository.ts'
import { resendDecision } from './delivery.rules.ts'
import type { ExchangeDeps } from './exchange.service.ts'

/** What the dispatcher needs of a transport to another installation (the AMQP adapter). */
export type RemotePublisher = {
  publish(envelope: {
    messageId: string
    subject: string
    fromHerId: number
    toHerId: number
    applicationTimeStamp: string
    body: Buffer
    /** The stored message (exchange_message.id) being delivered to toHerId: lets the transport tie an AMQP error report to the delivery. Not sent. */
    exchangeMessageId: string
  }): Promise<void>
}

export type DispatcherOptions = {
  remote: RemotePublisher | null
  /** How often to look for due work when nothing wakes it. */
  pollMs?: number
  /** How often to check AppRec deadlines. */
  sweepMs?: number
  batchSize?: number
  /** Transport attempts to another installation before the delivery is failed. */
  maxTransportAttempts?: number
  onError?: (error: unknown) => void
  /** Called after an alert was raised, so that whoever notifies the sender need not wait for its next poll. */
  onAlert?: () => void
}

/** runOnce: one pass that delivers what is due, publishes what is due, and checks the deadlines. For tests and the crash bench. */
export type Dispatcher = Worker<{ delivered: number; published: number; checked: number }>

/** createDispatcher, started. */
export function startDispatcher(deps: ExchangeDeps, options: DispatcherOptions): Dispatcher {
  const dispatcher = createDispatcher(deps, options)
  void dispatcher.start()
  return dispatcher
}

/** The dispatcher as a worker, not started (the composition root starts it). */
export function createDispatcher(deps: ExchangeDeps, options: DispatcherOptions): Dispatcher {
  const pollMs = options.pollMs ?? 1000
  const sweepMs = options.sweepMs ?? 30_000
  const batchSize = options.batchSize ?? 500
  const maxTransportAttempts = options.maxTransportAttempts ?? 10
  let worker: Dispatcher | null = null
  const wakeNow = () => worker?.wake()
  let lastSweep = 0

  async function deliverLocal(): Promise<number> {
    let total = 0
    for (;;) {
      const n = await deliverLocalBatch(deps.db, deps.now(), batchSize, deps.settings.resendIntervalMinutes)
      total += n
      if (n < batchSize) return total
    }
  }

  async function publishRemote(): Promise<number> {
    const claimed = await claimRemoteBatch(deps.db, deps.now(), batchSize, 60)
    if (!options.remote) {
      // A party of another installation with no transport configured cannot be reached: fail loudly, not silently wait.
      for (const d of claimed) {
        await deps.db
          .transaction()
          .execute((trx) => raiseDeliveryFailedAlert(trx, d, 'No transport to the receiving installation is configured (AMQP_URL).', deps.now()))
      }
      return 0
    }
    let published = 0
    for (const d of claimed) {
      try {
        const message = await findMessage(deps.db, d.messageId)
        const document = await findDocument(deps.db, d.messageId)
        if (!message || !document) continue
        await options.remote.publish({
          // A new AMQP message id per attempt; the MsgId inside is what receivers deduplicate on (RULES.md §5).
          messageId: randomUUID(),
          subject: message.msgType,
          fromHerId: message.senderHerId,
          toHerId: d.receiverHerId,
          applicationTimeStamp: deps.now().toISOString(),
          body: document.document,
          exchangeMessageId: d.messageId,
        })
        await markRemoteDelivered(deps.db, d, deps.now(), deps.settings.resendIntervalMinutes)
        published++
      } catch (error) {
        options.onError?.(error)
        // The lease set by the claim makes it due again later; give up after the bounded attempts.
        if (d.attempts >= maxTransportAttempts) {
          await deps.db
            .transaction()
            .execute((trx) => raiseDeliveryFailedAlert(trx, d, 'Transport to the receiving installation failed repeatedly.', deps.now()))
          options.onAlert?.()
        }
      }
    }
    return published
  }

  async function checkDeadlines(): Promise<number> {
    const now = deps.now()
    const due = await findDueForCheck(deps.db, now, batchSize)
    let republish = false
    let alerted = false
    for (const d of due) {
      const decision = resendDecision({
        now,
        deadline: d.deadlineAt,
        lastSentAt: d.deliveredAt,
        resends: d.resends,
        maxResends: deps.settings.maxResends,
        intervalMinutes: deps.settings.resendIntervalMinutes,
      })
      // Each write re-checks what was read (see applyResend): another process may have checked the same row.
      if (decision.action === 'overdue') {
        if (await deps.db.transaction().execute((trx) => markOverdue(trx, d, now))) alerted = true
      } else if (decision.action === 'resend') {
        if ((await applyResend(deps.db, d, d.route, now, decision.nextCheckAt)) && d.route === 'amqp') republish = true
      } else await postponeCheck(deps.db, d, decision.nextCheckAt)
    }
    if (republish) wakeNow()
    if (alerted) options.onAlert?.()
    return due.length
  }

  async function runOnce(checkNow: boolean) {
    const delivered = await deliverLocal()
    const published = await publishRemote()
    let checked = 0
    if (checkNow || Date.now() - lastSweep >= sweepMs) {
      lastSweep = Date.now()
      checked = await checkDeadlines()
    }
    return { delivered, published, checked }
  }

  // Passes in one process never overlap: a caller's runOnce waits for a loop pass already under way, so that when it
  // returns, what was due at its clock is done (other processes are kept apart by row locks and compare-and-set).
  worker = createPollingWorker({
    name: 'exchange.dispatcher',
    pollMs,
    onError: options.onError,
    pass: () => runOnce(false),
    more: (r) => r.delivered + r.published > 0,
    // Always checks the deadlines, even while a loop pass is sweeping (the writes are compare-and-set).
    runOnce: () => runOnce(true),
  })
  return worker
}
