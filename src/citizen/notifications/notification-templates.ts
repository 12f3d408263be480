/**
 * The texts of SMS and e-mail notifications, in bokmål. They never carry content: only that something new is
 * waiting in Samband, where to log in, and the sender's name unless the sender is marked sensitive (Helsenorge's
 * "Sensitiv avsender"; Digdir: "Sensitiv informasjon skal ikke oppgis i SMS eller e-post").
 *
 * The event type has no field for content, the recipient's name or national id: the renderer cannot leak what it
 * is never given. Nor do the texts greet the recipient by name: a phone or mailbox may be shared.
 */
import type { NotificationChannel, NotificationKind } from './notification-rules.ts'

export type NotificationEvent = {
  kind: NotificationKind
  /** The service or organisation that caused the notification, e.g. "Tønsberg kommune, hjemmesykepleien". */
  senderName: string | null
  /** The sender's name itself reveals something (e.g. a drug and alcohol service): leave it out. */
  senderSensitive: boolean
}

export type RenderedNotification = { channel: 'sms'; text: string } | { channel: 'email'; subject: string; text: string }

/** What happened, with and without the sender. No dates, no places, no people. */
const PHRASES: Record<NotificationKind, { subject: string; withSender: (sender: string) => string; anonymous: string }> = {
  'message-from-health-personnel': {
    subject: 'Ny melding i Samband',
    withSender: (s) => `Du har fått en ny melding fra ${s} i Samband.`,
    anonymous: 'Du har fått en ny melding i Samband.',
  },
  'appointment-new': {
    subject: 'Ny avtale i Samband',
    withSender: (s) => `Du har fått en ny avtale med ${s} i Samband.`,
    anonymous: 'Du har fått en ny avtale i Samband.',
  },
  'appointment-changed': {
    subject: 'Endret avtale i Samband',
    withSender: (s) => `En avtale med ${s} er endret. Se den nye avtalen i Samband.`,
    anonymous: 'En avtale er endret. Se den nye avtalen i Samband.',
  },
  'appointment-cancelled': {
    subject: 'Avlyst avtale i Samband',
    withSender: (s) => `En avtale med ${s} er avlyst. Se mer i Samband.`,
    anonymous: 'En avtale er avlyst. Se mer i Samband.',
  },
  'appointment-reminder': {
    subject: 'Påminnelse om avtale',
    withSender: (s) => `Påminnelse: Du har en avtale med ${s}. Se avtalen i Samband.`,
    anonymous: 'Påminnelse: Du har en avtale. Se avtalen i Samband.',
  },
  'letter-new': {
    subject: 'Nytt brev i Samband',
    withSender: (s) => `Du har fått et nytt brev fra ${s} i Samband.`,
    anonymous: 'Du har fått et nytt brev i Samband.',
  },
  'fullmakt-changed': {
    subject: 'Endring i fullmakter',
    withSender: () => 'Det er en endring i fullmaktene dine i Samband.',
    anonymous: 'Det er en endring i fullmaktene dine i Samband.',
  },
  'home-visit-completed': {
    subject: 'Nytt i Samband',
    withSender: (s) => `Du har fått en ny oppdatering fra ${s} i Samband.`,
    anonymous: 'Du har fått en ny oppdatering i Samband.',
  },
  'service-ending': {
    subject: 'En digital tjeneste avsluttes',
    withSender: (s) => `${s} avslutter en digital tjeneste i Samband. Se mer i Samband.`,
    anonymous: 'En digital tjeneste du bruker i Samband avsluttes. Se mer i Samband.',
  },
}

/**
 * A sender's name as it may appear in a text: one line, no control characters, at most 80 characters, so a name from
 * the registry can neither break an SMS into parts nor smuggle a header or a second message.
 */
export function cleanSenderName(name: string | null): string | null {
  if (name === null) return null
  const clean = name
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (clean.length === 0) return null
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean
}

/** `portalUrl` is where citizens log in, e.g. https://samband.example/. */
export function renderNotification(event: NotificationEvent, channel: NotificationChannel, portalUrl: string): RenderedNotification {
  const phrase = PHRASES[event.kind]
  const sender = event.senderSensitive ? null : cleanSenderName(event.senderName)
  const line = sender ? phrase.withSender(sender) : phrase.anonymous
  if (channel === 'sms') {
    return { channel, text: `${line} Logg inn på ${portalUrl} for å se mer. Du kan ikke svare på denne SMS-en.` }
  }
  return {
    channel,
    subject: phrase.subject,
    text: [
      'Hei,',
      '',
      line,
      '',
      `Logg inn på ${portalUrl} for å se mer.`,
      '',
      'Av hensyn til personvernet står det ikke mer i denne e-posten. Du kan ikke svare på den.',
      'Du kan velge hvilke varsler du får under «Varslinger» i Samband.',
      '',
      'Vennlig hilsen',
      'Samband',
    ].join('\n'),
  }
}
