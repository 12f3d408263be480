/**
 * The exchange module's public face: MsgHead, Dialogmelding and AppRec between communication parties, the address
 * registry, and the NHN message API. Other modules and the composition root import only this file.
 *
 * - For the root: starting the exchange (its workers), its routes, its demo data.
 * - For a module that takes part in the exchange as a party of Samband's own (the citizen services): registering
 *   that party and its mailbox (local-party/), and the message library to write and read Dialogmelding.
 */
import type { RouteContext, RouteRegistration } from '../platform/http/route-context.ts'
import type { ExchangeRuntime } from './exchange.runtime.ts'
import { mshRoutes } from './msh/msh.routes.ts'
import { exchangePortalRoutes } from './portal/exchange-portal.routes.ts'

export { seedDemoAddressRegistry } from './address-registry/vestfold-demo.parties.ts'
export type { RemotePublisher } from './delivery/dispatcher.ts'
export { ExchangeError } from './delivery/exchange-error.ts'
export type { AppRecAnswerInput } from './delivery/exchange.service.ts'
export { seedDemoMessages } from './demo/vestfold-demo.messages.ts'
export { type ExchangeRuntime, startExchange } from './exchange.runtime.ts'
export type { LocalMailbox, MailboxEntry } from './local-party/local-mailbox.ts'
export { ensurePlatformParty } from './local-party/platform-party.ts'
export type { DialogmeldingPayload } from './messages/dialogmelding.types.ts'
export { writeDialogmelding } from './messages/dialogmelding.writer.ts'
export type { Organisation } from './messages/msg-head.types.ts'
export { BASE64_CONTAINER_NS } from './messages/namespaces.ts'
export { readMessageXml } from './messages/read-message.ts'
export { patientFromRegistry, TEMA_ANSWER, TYPE_FORESP_OTHER } from './portal/compose.ts'
export { createXsdValidator, DIALOG_NAMESPACES, type XsdValidator } from './xml/xsd-validator.ts'

export function exchangeModuleRoutes(ctx: RouteContext, exchange: ExchangeRuntime): RouteRegistration[] {
  return [{ plugin: (app) => mshRoutes(app, { ctx, exchange }), prefix: '/msh' }, { plugin: (app) => exchangePortalRoutes(app, { ctx, exchange }) }]
}
