/**
 * The citizen module's public face: the municipal digital services for citizens (messages, health contacts,
 * fullmakter, notifications, onboarding of municipalities). Other modules and the composition root import only this.
 */
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { ExchangeRuntime } from '../exchange/index.ts'
import type { AccessFactsLoader } from '../platform/access/access-gate.ts'
import type { DB } from '../platform/db/schema.ts'
import type { Worker } from '../platform/jobs/polling-loop.ts'
import type { RouteContext, RouteRegistration } from '../platform/http/route-context.ts'
import { accessLogRoutes } from './access-log/access-log.routes.ts'
import { seedDemoCitizenServices } from './demo/vestfold-demo.citizen-services.ts'
import { seedDemoFullmakter } from './demo/vestfold-demo.fullmakter.ts'
import { seedDemoThreads } from './demo/vestfold-demo.threads.ts'
import { ensureCitizenServicesParty } from './epj-bridge/citizen-services-party.ts'
import { createEpjBridgeWorker, type EpjBridgeWorker } from './epj-bridge/epj-bridge.runtime.ts'
import { fullmaktRoutes } from './fullmakt/fullmakt.routes.ts'

export { loadFullmaktFacts } from './fullmakt/fullmakt-facts.ts'
import { healthContactsRoutes } from './health-contacts/health-contacts.routes.ts'
import { appendServiceMessageFromEpj } from './messaging/thread-writes.ts'
import { messagingRoutes } from './messaging/messaging.routes.ts'
import { seedDemoContactRegister } from './notifications/demo-contact-register.ts'
import { createNotifications, type NotificationChannels } from './notifications/notification-runtime.ts'
import { notificationSettingsRoutes } from './notifications/notification-settings.routes.ts'
import type { NotificationLog, NotificationWorker } from './notifications/notification-worker.ts'
import { onboardingRoutes } from './onboarding/onboarding.routes.ts'

export function citizenModuleRoutes(ctx: RouteContext): RouteRegistration[] {
  return [accessLogRoutes, messagingRoutes, onboardingRoutes, fullmaktRoutes, healthContactsRoutes, notificationSettingsRoutes].map((routes) => ({
    plugin: (app) => routes(app, { ctx }),
  }))
}

export type CitizenLog = NotificationLog & { child(bindings: Record<string, unknown>): NotificationLog }
export type { NotificationChannels } from './notifications/notification-runtime.ts'

/** The citizen module's background work: notifications out, and the dialog with the services' EPJ over the exchange. */
export type CitizenRuntime = {
  /** Null when no notification channel is configured. */
  notifications: NotificationWorker | null
  epjBridge: EpjBridgeWorker
  /** The workers, in the order to start them; the composition root starts them and stops them in reverse. */
  workers: Worker[]
  /** Something was written that may give the workers work: look now rather than at the next poll. */
  wake(): void
}

/** Makes the citizen module's workers (not started) with the notification channels the composition root chose. */
export async function startCitizen(opts: {
  db: Kysely<DB>
  now: () => Date
  config: Config
  log: CitizenLog
  exchange: ExchangeRuntime
  /** The access policy's facts (who may read a citizen's messages, and so hears of an answer). */
  facts: AccessFactsLoader
  channels: NotificationChannels
}): Promise<CitizenRuntime> {
  const { db, now, config, log } = opts
  const warn = (what: string) => (error: unknown) =>
    log.warn({ err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, `${what} error`)
  const notifications = createNotifications({
    db,
    now,
    config,
    log: log.child({ component: 'notifications' }),
    channels: opts.channels,
    onError: warn('notification worker'),
  })
  // Citizen messages to the services' EPJ, and the EPJ's answers back (ADR 0009).
  await ensureCitizenServicesParty(db, config.citizen.servicesHerId)
  const epjBridge = createEpjBridgeWorker(
    {
      db,
      now,
      // Samband's own party: no organisation in the registry owns it, so no EPJ client can send as it.
      mailbox: opts.exchange.mailbox({
        herId: config.citizen.servicesHerId,
        actorId: 'samband-citizen-services',
        sourceSystem: 'Samband innbyggertjenester',
      }),
      appendAnswer: (trx, input) => appendServiceMessageFromEpj(trx, input, opts.facts),
      onAnswersAdded: () => notifications?.wake(),
      log: log.child({ component: 'epj-bridge' }),
    },
    { onError: warn('EPJ bridge') },
  )
  return {
    notifications,
    epjBridge,
    // Stopped in reverse: the bridge (which wakes the notifications) before the notifications.
    workers: [...(notifications ? [notifications] : []), epjBridge],
    wake() {
      notifications?.wake()
      epjBridge.wake()
    },
  }
}

/** The demo's fullmakter, municipal services, onboarding state and contact register; with `threads`, citizen threads too. */
export async function seedCitizenDemo(db: Kysely<DB>, now: Date, options: { threads: boolean }): Promise<void> {
  await seedDemoFullmakter(db)
  await seedDemoCitizenServices(db, now)
  await seedDemoContactRegister(db, now)
  if (options.threads) await seedDemoThreads(db, now)
}
