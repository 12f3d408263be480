// What the development mailbox's messages are about, in words. The kinds are the notification kinds of the citizen
// module and the exchange's alerts to senders; a kind this list does not know is shown as it is.

const KIND_LABELS: Record<string, string> = {
  'message-from-health-personnel': 'Melding fra helsepersonell',
  'appointment-new': 'Ny timeavtale',
  'appointment-changed': 'Endret timeavtale',
  'appointment-cancelled': 'Avlyst timeavtale',
  'appointment-reminder': 'Påminnelse om time',
  'letter-new': 'Nytt brev',
  'fullmakt-changed': 'Fullmakt gitt, endret eller avsluttet',
  'home-visit-completed': 'Hjemmebesøk utført',
  'service-ending': 'Tjeneste slutter i Samband',
  'apprec-overdue': 'Varsel: applikasjonskvittering uteblir',
  'delivery-failed': 'Varsel: melding kunne ikke leveres',
}

export function devMailboxKindLabel(kind: string | null): string {
  if (kind === null) return 'Ikke oppgitt'
  return KIND_LABELS[kind] ?? kind
}

export function devMailboxChannelLabel(channel: 'email' | 'sms'): string {
  return channel === 'email' ? 'E-post' : 'SMS'
}
