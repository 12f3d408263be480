/**
 * The message exchange's running parts for one process: the schema validator (compiled once), the use-case
 * dependencies, its workers (the alert e-mails, the dispatcher, and — when AMQP_URL is set — the consumers of the
 * transport to other installations), made here and started and stopped by the composition root.
 */
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { pino } from 'pino'
import type { Config } from '../config.ts'
import type { DB } from '../platform/db/schema.ts'
import type { Worker } from '../platform/jobs/polling-loop.ts'
import type { Mailer } from '../platform/notify/mailer.ts'
import { createAlertEmails } from './alerts/alert-emails.ts'
import type { AlertNotifier, ExchangeLog } from './alerts/alert-notifier.ts'
import { createDispatcher, type Dispatcher, type RemotePublisher } from './delivery/dispatcher.ts'
import type { ExchangeDeps } from './delivery/exchange.service.ts'
import { type LocalMailbox, localMailbox } from './local-party/local-mailbox.ts'
import { type AmqpBridge, connectAmqpBridge } from './transport/amqp-bridge.ts'
import { batchingValidator } from './xml/batching-validator.ts'
import { vendoredNhnDir } from './xml/conformance-files.ts'
import { createXsdValidator, DIALOG_NAMESPACES, PAYLOAD_NAMESPACES } from './xml/xsd-validator.ts'

export type ExchangeRuntime = {
  deps: ExchangeDeps
  dispatcher: Dispatcher
  /** E-mails alerts to the senders' contact points; null without SMTP_URL (alerts then show in the portal only). */
  alerts: AlertNotifier | null
  /** The AMQP transport to other installations, when AMQP_URL is set (and no `remote` was given). */
  amqp: AmqpBridge | null
  /** The mailbox of a party Samband itself is (registered with ensurePlatformParty). */
  mailbox(party: { herId: number; actorId: string; sourceSystem: string }): LocalMailbox
  /**
   * The workers, in the order to start them; the composition root stops them in reverse: the AMQP consumers first
   * (their handlers write to the database and may raise alerts), then the dispatcher (it publishes and raises
   * alerts), then the alert e-mails.
   */
  workers: Worker[]
  /** After the workers have stopped: closes the AMQP connection. */
  close(): Promise<void>
}

let validatorPromise: ReturnType<typeof createXsdValidator> | null = null

/** One compiled schema set per process: it is read-only and takes a moment to load. */
function sharedValidator() {
  validatorPromise ??= createXsdValidator({ namespaces: [...DIALOG_NAMESPACES, ...PAYLOAD_NAMESPACES], xsdDir: join(vendoredNhnDir(), 'xsd') })
  return validatorPromise
}

/** Connects what the exchange needs (the schema validator; the AMQP broker when AMQP_URL is set) and makes its workers, not started. */
export async function startExchange(opts: {
  db: Kysely<DB>
  config: Config
  now: () => Date
  remote?: RemotePublisher | null
  onError?: (error: unknown) => void
  /** For the alert e-mails: SMTP or the development mailbox, as the composition root chose; null: alerts are not e-mailed. */
  mailer?: Mailer | null
  /** Where the exchange logs (no content); a pino logger at the configured level when not given. */
  log?: ExchangeLog
}): Promise<ExchangeRuntime> {
  const validator = batchingValidator(await sharedValidator(), { minIntervalMs: opts.config.exchange.xsdBatchIntervalMs })
  const settings = opts.config.exchange
  const deps: ExchangeDeps = { db: opts.db, now: opts.now, validator, settings }
  // Assigned below: the dispatcher and the AMQP bridge wake the alert e-mails when they raise an alert.
  let alerts: AlertNotifier | null = null
  // A given publisher (tests) wins; otherwise AMQP_URL connects the bridge, and a broker that cannot be reached stops start-up.
  const amqp =
    !opts.remote && settings.amqpUrl
      ? await connectAmqpBridge(deps, {
          url: settings.amqpUrl,
          prefix: settings.amqpQueuePrefix,
          installation: settings.installationName,
          log: opts.log ?? pino({ level: opts.config.logLevel, base: { component: 'exchange-amqp' } }),
          onError: (error) => (opts.onError ?? console.error)(error),
          onAlert: () => alerts?.wake(),
        })
      : null
  const dispatcher = createDispatcher(deps, {
    onAlert: () => alerts?.wake(),
    remote: opts.remote ?? amqp?.publisher ?? null,
    ...(opts.onError ? { onError: opts.onError } : {}),
  })
  deps.onQueued = () => dispatcher.wake()
  alerts = createAlertEmails({
    db: opts.db,
    now: opts.now,
    config: opts.config,
    log: opts.log ?? pino({ level: opts.config.logLevel, base: { component: 'exchange-alerts' } }),
    mailer: opts.mailer ?? null,
    ...(opts.onError ? { onError: opts.onError } : {}),
  })
  const workers: Worker[] = [...(alerts ? [alerts] : []), dispatcher, ...(amqp ? [amqpConsumers(amqp)] : [])]
  return {
    deps,
    dispatcher,
    alerts,
    amqp,
    mailbox: (party) => localMailbox(deps, party),
    workers,
    async close() {
      await amqp?.close()
    },
  }
}

/** The AMQP bridge's consumers in the shape of a worker: start consumes the local parties' queues (a broker that refuses stops start-up), runOnce reads the parties again. */
function amqpConsumers(amqp: AmqpBridge): Worker<void> {
  return {
    name: 'exchange.amqp-consumers',
    start: () => amqp.start(),
    wake() {},
    runOnce: () => amqp.rescan(),
    stop: () => amqp.stopConsuming(),
  }
}
