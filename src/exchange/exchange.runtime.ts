/**
 * The message exchange's running parts for one process: the schema validator (compiled once), the use-case
 * dependencies, the dispatcher, and — when AMQP_URL is set — the transport to other installations.
 */
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { pino } from 'pino'
import type { Config } from '../config.ts'
import type { DB } from '../platform/db/schema.ts'
import { startAlertEmails } from './alerts/alert-emails.ts'
import type { AlertNotifier, ExchangeLog } from './alerts/alert-notifier.ts'
import { type Dispatcher, type RemotePublisher, startDispatcher } from './delivery/dispatcher.ts'
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
  close(): Promise<void>
}

let validatorPromise: ReturnType<typeof createXsdValidator> | null = null

/** One compiled schema set per process: it is read-only and takes a moment to load. */
function sharedValidator() {
  validatorPromise ??= createXsdValidator({ namespaces: [...DIALOG_NAMESPACES, ...PAYLOAD_NAMESPACES], xsdDir: join(vendoredNhnDir(), 'xsd') })
  return validatorPromise
}

export async function startExchange(opts: {
  db: Kysely<DB>
  config: Config
  now: () => Date
  remote?: RemotePublisher | null
  onError?: (error: unknown) => void
  /** Tests drive the dispatcher themselves when false. */
  runDispatcher?: boolean
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
  const dispatcher = startDispatcher(deps, {
    onAlert: () => alerts?.wake(),
    remote: opts.remote ?? amqp?.publisher ?? null,
    ...(opts.runDispatcher === false ? { pollMs: 3_600_000 } : {}),
    ...(opts.onError ? { onError: opts.onError } : {}),
  })
  deps.onQueued = () => dispatcher.wake()
  if (amqp) {
    try {
      await amqp.start()
    } catch (error) {
      await dispatcher.stop()
      await amqp.close()
      throw error
    }
  }
  alerts = startAlertEmails({
    db: opts.db,
    now: opts.now,
    config: opts.config,
    log: opts.log ?? pino({ level: opts.config.logLevel, base: { component: 'exchange-alerts' } }),
    poll: opts.runDispatcher !== false,
    ...(opts.onError ? { onError: opts.onError } : {}),
  })
  return {
    deps,
    dispatcher,
    alerts,
    amqp,
    mailbox: (party) => localMailbox(deps, party),
    async close() {
      // Consumers first (their handlers write to the database and may publish), then the dispatcher (it publishes), then the connection.
      await amqp?.stopConsuming()
      await dispatcher.stop()
      // After the dispatcher: it may still raise an alert and wake it.
      await alerts?.stop()
      await amqp?.close()
    },
  }
}
