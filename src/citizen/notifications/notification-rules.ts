/**
 * Who gets which notification, and by which channel: pure rules, no I/O.
 *
 * Levels follow Helsenorge's (https://www.helsenorge.no/kontaktinformasjon/): the citizen chooses begrenset, normal or
 * full; some notifications go out at every level (new, changed or cancelled appointments, appointment reminders,
 * messages from health personnel); completed home visits need full. Helsenorge does not publish which other kinds
 * belong to normal, so the middle row (letters, fullmakt changes) is our choice.
 *
 * Contact rules follow KRR's: details are looked up at every send; a contact not confirmed for 18 months is passive
 * and not used; a reserved person gets nothing from us (stricter than KRR, which allows service messages to reserved
 * people: Samband keeps to the stricter reading until the municipalities decide otherwise). SMS is the default
 * channel, as on Helsenorge; e-mail when there is no usable mobile number.
 */
import { TZDate } from '@date-fns/tz'
import { subMonths } from 'date-fns'
import { z } from 'zod'

import type { NotificationLevel } from './notification-settings.schemas.ts'

export type { NotificationLevel } from './notification-settings.schemas.ts'

/** Without a chosen level a citizen gets 'normal', as on Helsenorge. */
export const DEFAULT_NOTIFICATION_LEVEL: NotificationLevel = 'normal'

export const NOTIFICATION_KINDS = [
  'message-from-health-personnel',
  'appointment-new',
  'appointment-changed',
  'appointment-cancelled',
  'appointment-reminder',
  'letter-new',
  'fullmakt-changed',
  'home-visit-completed',
  'service-ending',
] as const
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS)
export type NotificationKind = z.infer<typeof notificationKindSchema>

export type NotificationChannel = 'sms' | 'email'

/** The lowest level at which a kind is sent; 'begrenset' means always. */
const LOWEST_LEVEL: Record<NotificationKind, NotificationLevel> = {
  'message-from-health-personnel': 'begrenset',
  'appointment-new': 'begrenset',
  'appointment-changed': 'begrenset',
  'appointment-cancelled': 'begrenset',
  'appointment-reminder': 'begrenset',
  'letter-new': 'normal',
  'fullmakt-changed': 'normal',
  'home-visit-completed': 'full',
  // A service the citizen uses is closing: they must know, whatever they chose.
  'service-ending': 'begrenset',
}

const RANK: Record<NotificationLevel, number> = { begrenset: 0, normal: 1, full: 2 }

/** Whether a notification of `kind` goes out to a citizen who chose `level`. */
export function isSentAtLevel(kind: NotificationKind, level: NotificationLevel): boolean {
  return RANK[level] >= RANK[LOWEST_LEVEL[kind]]
}

/** Sent whatever the citizen chose. */
export function isAlwaysSent(kind: NotificationKind): boolean {
  return LOWEST_LEVEL[kind] === 'begrenset'
}

/** 18 months, as KRR counts them: calendar months, not days. */
export const PASSIVE_AFTER_MONTHS = 18

export function isContactPassive(lastConfirmedAt: Date, now: Date): boolean {
  // subMonths keeps to the end of a shorter month (31 August − 18 months is 28 February, not 3 March).
  const limit = subMonths(new TZDate(now.getTime(), 'UTC'), PASSIVE_AFTER_MONTHS)
  return lastConfirmedAt.getTime() < limit.getTime()
}

/** What the register says about one person (see contact-register.ts). */
export type ContactDetails = {
  nationalId: string
  email?: string | undefined
  mobile?: string | undefined
  reserved: boolean
  lastConfirmedAt: Date
}

export type SkipReason = 'level' | 'not-in-register' | 'reserved' | 'contact-passive' | 'no-contact'

export type DeliveryDecision = { action: 'send'; channel: NotificationChannel; to: string } | { action: 'skip'; reason: SkipReason }

/** The send decision for one notification, from the register's answer (null: the person is not in it). */
export function decideDelivery(input: { kind: NotificationKind; level: NotificationLevel; contact: ContactDetails | null; now: Date }): DeliveryDecision {
  if (!isSentAtLevel(input.kind, input.level)) return { action: 'skip', reason: 'level' }
  const { contact } = input
  if (!contact) return { action: 'skip', reason: 'not-in-register' }
  if (contact.reserved) return { action: 'skip', reason: 'reserved' }
  if (isContactPassive(contact.lastConfirmedAt, input.now)) return { action: 'skip', reason: 'contact-passive' }
  if (contact.mobile) return { action: 'send', channel: 'sms', to: contact.mobile }
  if (contact.email) return { action: 'send', channel: 'email', to: contact.email }
  return { action: 'skip', reason: 'no-contact' }
}
