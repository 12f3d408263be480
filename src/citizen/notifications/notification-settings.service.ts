/**
 * The citizen's notification level and the contact details notifications go to. On someone else's behalf this needs
 * the area for information registered about them ('access-log' here, Helsenorge's tjenesteområde 1).
 */
import type { Caller, UseCaseDeps } from '../../platform/access/access-gate.ts'
import { assertFound } from '../../platform/http/errors.ts'
import type { Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findPersonById, findPersonsByIds } from '../../registry/index.ts'
import { messageReaders } from '../messaging/messaging.rules.ts'
import type { ContactRegister } from './contact-register.ts'
import { getNotificationLevel, setNotificationLevel } from './notification.repository.ts'
import { type ContactDetails, isContactPassive, type NotificationLevel } from './notification-rules.ts'
import type { NotificationSettings } from './notification-settings.schemas.ts'

function registerStatus(contact: ContactDetails | undefined, now: Date): NotificationSettings['contact']['status'] {
  if (!contact) return 'missing'
  if (contact.reserved) return 'reserved'
  if (isContactPassive(contact.lastConfirmedAt, now)) return 'passive'
  return contact.mobile || contact.email ? 'active' : 'missing'
}

export type NotificationSettingsDeps = UseCaseDeps & { register: ContactRegister }

/** The others a message to this person notifies: the same readers the message notifications go to, by name. */
async function othersNotified(deps: UseCaseDeps, trx: Transaction<DB>, personId: string): Promise<NotificationSettings['alsoNotified']> {
  const facts = await deps.gate.facts(trx, [personId], deps.now())
  const others = messageReaders(personId, facts).filter((id) => id !== personId)
  const people = await findPersonsByIds(trx, others)
  const isParent = (id: string) => facts.parentalRelations.some((r) => r.parentPersonId === id && r.childPersonId === personId)
  return others.flatMap((id) => {
    const person = people.get(id)
    return person ? [{ name: `${person.givenName} ${person.familyName}`, role: isParent(id) ? ('parent' as const) : ('fullmektig' as const) }] : []
  })
}

export async function notificationSettingsOf(deps: NotificationSettingsDeps, caller: Caller, personId: string): Promise<NotificationSettings> {
  const { level, nationalId, alsoNotified } = await deps.gate.run(
    caller,
    { action: 'citizen-data:read', subjectPersonId: personId, area: 'access-log' },
    { resourceType: 'notification-settings', resourceId: personId, patientPersonId: personId },
    async (trx) => {
      const person = assertFound(await findPersonById(trx, personId), 'Personen')
      return { level: await getNotificationLevel(trx, personId), nationalId: person.nationalId, alsoNotified: await othersNotified(deps, trx, personId) }
    },
  )
  // Outside the transaction: the register is another service (and PGlite has one connection).
  const [contact] = await deps.register.lookup([nationalId])
  return {
    level,
    alsoNotified,
    contact: { mobile: contact?.mobile ?? null, email: contact?.email ?? null, status: registerStatus(contact, deps.now()) },
  }
}

export function chooseNotificationLevel(deps: UseCaseDeps, caller: Caller, personId: string, level: NotificationLevel): Promise<void> {
  return deps.gate.run(
    caller,
    { action: 'citizen-data:write', subjectPersonId: personId, area: 'access-log' },
    { resourceType: 'notification-settings', resourceId: personId, patientPersonId: personId },
    (trx) => setNotificationLevel(trx, personId, level, deps.now()),
  )
}
