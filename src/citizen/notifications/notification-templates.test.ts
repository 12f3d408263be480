/**
 * Every kind × channel × sensitive flag is rendered and scanned for anything it must not carry: message text,
 * national id, the patient's name, diagnosis-like words, and the sender's name when the sender is sensitive. The
 * event is given extra fields at run time (as a careless caller might) to show the renderer never reads them.
 */
import { describe, expect, it } from 'vitest'
import { DEMO_PEOPLE } from '../../registry/index.ts'
import { NOTIFICATION_KINDS } from './notification-rules.ts'
import { cleanSenderName, type NotificationEvent, renderNotification } from './notification-templates.ts'

const PATIENT = DEMO_PEOPLE.ingridBerg
const MESSAGE_TEXT = 'Mor har fått ny dosering av Marevan etter fallet i går, og INR må følges opp'
const DIAGNOSIS_WORDS = ['Marevan', 'INR', 'diabetes', 'demens', 'kreft', 'depresjon', 'rus', 'hiv', 'diagnose', 'fallet']
const OPEN_SENDER = 'Tønsberg kommune, hjemmesykepleien'
const SENSITIVE_SENDER = 'Ruspoliklinikken i Vestfold'
const PORTAL = 'https://samband.example/'

const forbidden = (sensitive: boolean) => [
  MESSAGE_TEXT,
  ...MESSAGE_TEXT.split(' ').filter((w) => w.length > 4),
  PATIENT.nationalId,
  PATIENT.givenName,
  PATIENT.familyName,
  PATIENT.addressLine,
  ...DIAGNOSIS_WORDS,
  ...(sensitive ? [SENSITIVE_SENDER, 'Ruspoliklinikken'] : []),
]

function scan(text: string, words: string[]): string[] {
  const lower = text.toLowerCase()
  // Whole words only, so 'rus' does not hit 'Samband'-like words that merely contain it.
  return words.filter((w) => new RegExp(`(^|[^\\p{L}\\p{N}])${w.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(lower))
}

describe('renderNotification', () => {
  for (const kind of NOTIFICATION_KINDS) {
    for (const channel of ['sms', 'email'] as const) {
      for (const sensitive of [false, true]) {
        it(`${kind} by ${channel}, ${sensitive ? 'sensitive' : 'open'} sender: no content`, () => {
          const event = {
            kind,
            senderName: sensitive ? SENSITIVE_SENDER : OPEN_SENDER,
            senderSensitive: sensitive,
            // Not part of NotificationEvent: present at run time only, to prove they are ignored.
            text: MESSAGE_TEXT,
            subject: `Om ${PATIENT.givenName} ${PATIENT.familyName}`,
            nationalId: PATIENT.nationalId,
            patientName: `${PATIENT.givenName} ${PATIENT.familyName}`,
            diagnosis: 'demens',
          } as NotificationEvent
          const rendered = renderNotification(event, channel, PORTAL)
          const all = rendered.channel === 'email' ? `${rendered.subject}\n${rendered.text}` : rendered.text
          expect(scan(all, forbidden(sensitive))).toEqual([])
          expect(all).toContain('Samband')
          expect(all).toContain(PORTAL)
          if (rendered.channel === 'email') expect(rendered.subject).not.toContain(OPEN_SENDER)
          if (!sensitive && kind !== 'fullmakt-changed') expect(all).toContain(OPEN_SENDER)
          if (channel === 'sms') expect(all.length).toBeLessThanOrEqual(300)
        })
      }
    }
  }

  it('has no field for content in its event type', () => {
    // @ts-expect-error: a notification event cannot carry message text
    const event: NotificationEvent = { kind: 'message-from-health-personnel', senderName: null, senderSensitive: false, text: MESSAGE_TEXT }
    expect(event.kind).toBe('message-from-health-personnel')
  })

  it('leaves out an empty or missing sender', () => {
    const text = renderNotification({ kind: 'appointment-new', senderName: '  ', senderSensitive: false }, 'sms', PORTAL)
    expect(text).toEqual({ channel: 'sms', text: `Du har fått en ny avtale i Samband. Logg inn på ${PORTAL} for å se mer. Du kan ikke svare på denne SMS-en.` })
  })
})

describe('cleanSenderName', () => {
  it('keeps a name to one short line', () => {
    expect(cleanSenderName('Larvik\r\nBcc: x@example.org\u0000 kommune')).toBe('Larvik Bcc: x@example.org kommune')
    expect(cleanSenderName('x'.repeat(200))?.length).toBe(80)
    expect(cleanSenderName(null)).toBeNull()
  })
})
