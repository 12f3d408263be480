import { describe, expect, it } from 'vitest'
import {
  type ContactDetails,
  decideDelivery,
  isAlwaysSent,
  isContactPassive,
  isSentAtLevel,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationLevel,
} from './notification-rules.ts'

describe('isSentAtLevel', () => {
  // kind → [begrenset, normal, full]
  const table: Record<NotificationKind, [boolean, boolean, boolean]> = {
    'message-from-health-personnel': [true, true, true],
    'appointment-new': [true, true, true],
    'appointment-changed': [true, true, true],
    'appointment-cancelled': [true, true, true],
    'appointment-reminder': [true, true, true],
    'letter-new': [false, true, true],
    'fullmakt-changed': [false, true, true],
    'home-visit-completed': [false, false, true],
    'service-ending': [true, true, true],
  }
  const levels: NotificationLevel[] = ['begrenset', 'normal', 'full']
  for (const kind of NOTIFICATION_KINDS) {
    levels.forEach((level, i) => {
      it(`${kind} at ${level}: ${table[kind][i] ? 'sent' : 'not sent'}`, () => {
        expect(isSentAtLevel(kind, level)).toBe(table[kind][i])
      })
    })
  }

  it('always sends appointments, messages from health personnel and a closing service, and nothing else', () => {
    expect(NOTIFICATION_KINDS.filter(isAlwaysSent)).toEqual([
      'message-from-health-personnel',
      'appointment-new',
      'appointment-changed',
      'appointment-cancelled',
      'appointment-reminder',
      'service-ending',
    ])
  })
})

describe('isContactPassive', () => {
  const now = new Date('2026-11-23T12:00:00Z')
  it.each([
    ['2026-11-01T00:00:00Z', false],
    ['2025-05-23T12:00:00Z', false], // exactly 18 months
    ['2025-05-23T11:59:59Z', true],
    ['2024-01-01T00:00:00Z', true],
  ])('confirmed %s → passive %s', (confirmed, passive) => {
    expect(isContactPassive(new Date(confirmed), now)).toBe(passive)
  })

  it('counts back to the last day of a shorter month, not past it (31 August − 18 months is 28 February)', () => {
    const endOfAugust = new Date('2026-08-31T10:00:00Z')
    expect(isContactPassive(new Date('2025-03-01T10:00:00Z'), endOfAugust)).toBe(false)
    expect(isContactPassive(new Date('2025-02-28T10:00:00Z'), endOfAugust)).toBe(false)
    expect(isContactPassive(new Date('2025-02-28T09:59:59Z'), endOfAugust)).toBe(true)
  })
})

describe('decideDelivery', () => {
  const now = new Date('2026-11-23T12:00:00Z')
  const recent = new Date('2026-10-01T00:00:00Z')
  const old = new Date('2024-10-01T00:00:00Z')
  const contact = (c: Partial<ContactDetails>): ContactDetails => ({ nationalId: '14838510036', reserved: false, lastConfirmedAt: recent, ...c })
  const both = contact({ mobile: '+4700000301', email: 'kari@samband.example' })

  it.each<[string, NotificationKind, NotificationLevel, ContactDetails | null, ReturnType<typeof decideDelivery>]>([
    ['SMS is the default channel', 'appointment-new', 'normal', both, { action: 'send', channel: 'sms', to: '+4700000301' }],
    [
      'e-mail without a mobile number',
      'appointment-new',
      'normal',
      contact({ email: 'a@samband.example' }),
      { action: 'send', channel: 'email', to: 'a@samband.example' },
    ],
    ['below the chosen level', 'home-visit-completed', 'normal', both, { action: 'skip', reason: 'level' }],
    ['level checked before the register (nothing to look at)', 'letter-new', 'begrenset', null, { action: 'skip', reason: 'level' }],
    ['always-sent kind at begrenset', 'message-from-health-personnel', 'begrenset', both, { action: 'send', channel: 'sms', to: '+4700000301' }],
    ['not in the register', 'appointment-new', 'full', null, { action: 'skip', reason: 'not-in-register' }],
    [
      'reserved, even for an always-sent kind',
      'appointment-cancelled',
      'full',
      contact({ mobile: '+4700000301', reserved: true }),
      { action: 'skip', reason: 'reserved' },
    ],
    ['passive contact', 'appointment-new', 'full', contact({ mobile: '+4700000301', lastConfirmedAt: old }), { action: 'skip', reason: 'contact-passive' }],
    ['no contact details', 'appointment-new', 'full', contact({}), { action: 'skip', reason: 'no-contact' }],
  ])('%s', (_name, kind, level, c, expected) => {
    expect(decideDelivery({ kind, level, contact: c, now })).toEqual(expected)
  })
})
