/**
 * The message exchange's running parts for one process: the schema validator (compiled once), the use-case
 * dependencies, the dispatcher, and — when AMQP_URL is set — the transport to other installations.
 */
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { DB } from '../platform/db/schema.ts'
import { type Dispatcher, type RemotePublisher, startDispatcher } from './delivery/dispatcher.ts'
import type { ExchangeDeps } from './delivery/exchange.service.ts'
import { batchingValidator } from './xml/batching-validator.ts'
import { vendoredNhnDir } from './xml/conformance-files.ts'
import { createXsdValidator, DIALOG_NAMESPACES, PAYLOAD_NAMESPACES } from './xml/xsd-validator.ts'

export type ExchangeRuntime = {
  deps: ExchangeDeps
  dispatcher: Dispatcher
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
}): Promise<ExchangeRuntime> {
  const validator = batchingValidator(await sharedValidator())
  const deps: ExchangeDeps = { db: opts.db, now: opts.now, validator, settings: opts.config.exchange }
  const dispatcher = startDispatcher(deps, {
    remote: opts.remote ?? null,
    ...(opts.runDispatcher === false ? { pollMs: 3_600_000 } : {}),
    ...(opts.onError ? { onError: opts.onError } : {}),
  })
  deps.onQueued = () => dispatcher.wake()
  return {
    deps,
    dispatcher,
    async close() {
      await dispatcher.stop()
    },
  }
}
