/**
 * The text of an alert e-mail to a sending service's contact point, in bokmål. It is built from a closed set of
 * facts that come from the address registry and the delivery bookkeeping — never from the business document — so
 * that no patient data, message content or MsgId can reach an e-mail, however a message was written.
 */
import { MSG_TYPE, MSG_TYPE_TEXT } from '../messages/msg-types.ts'

export type AlertKind = 'apprec-overdue' | 'delivery-failed'

export type AlertFacts = {
  kind: AlertKind
  /** When the service handed the message to Samband. */
  sentAt: Date
  /** When the AppRec was due; null for a delivery that failed. */
  deadlineAt: Date | null
  msgType: string
  senderHerId: number
  senderName: string | null
  receiverHerId: number
  receiverName: string | null
}

export type AlertEmail = { subject: string; text: string }

/** The staff portal's list of sent messages, where the alert is shown too. */
export function outboxUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, '')}/helsepersonell/meldinger`
}

export function composeAlertEmail(facts: AlertFacts, publicUrl: string): AlertEmail {
  const sender = party(facts.senderName, facts.senderHerId)
  const receiver = party(facts.receiverName, facts.receiverHerId)
  const lines =
    facts.kind === 'apprec-overdue'
      ? [
          `En melding som er sendt fra ${sender} gjennom Samband, har ikke fått kvittering (applikasjonskvittering) fra mottakeren innen fristen.`,
          '',
          `Sendt: ${osloTime(facts.sentAt)}`,
          ...(facts.deadlineAt ? [`Frist for kvittering: ${osloTime(facts.deadlineAt)}`] : []),
          `Meldingstype: ${msgTypeText(facts.msgType)}`,
          `Mottaker: ${receiver}`,
          '',
          'Meldingen må regnes som ikke mottatt. Se meldingen i utboksen, og følg opp med mottakeren på annen måte, for eksempel på telefon:',
        ]
      : [
          `En melding som er sendt fra ${sender} gjennom Samband, kunne ikke leveres til mottakeren og vil derfor ikke få kvittering.`,
          '',
          `Sendt: ${osloTime(facts.sentAt)}`,
          `Meldingstype: ${msgTypeText(facts.msgType)}`,
          `Mottaker: ${receiver}`,
          '',
          'Meldingen er ikke mottatt. Se meldingen i utboksen, og følg opp med mottakeren på annen måte, for eksempel på telefon:',
        ]
  const text = [
    'Hei,',
    '',
    ...lines,
    outboxUrl(publicUrl),
    '',
    'Denne e-posten er sendt automatisk og inneholder ingen pasientopplysninger. Den kan ikke besvares.',
    '',
    'Hilsen Samband',
    '',
  ].join('\n')
  const subject = facts.kind === 'apprec-overdue' ? 'Samband: Melding uten kvittering innen fristen' : 'Samband: Melding kunne ikke leveres'
  return { subject, text }
}

function party(name: string | null, herId: number): string {
  return name ? `${oneLine(name)} (HER-id ${herId})` : `HER-id ${herId}`
}

/** Registry names are ours, but a line break in one must still not start a line of its own in the e-mail. */
function oneLine(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .slice(0, 200)
}

/**
 * Only types Samband knows are named (kodeverk 8279). The open citizen-dialogue family carries a suffix the sender
 * chose, so it is never echoed.
 */
function msgTypeText(msgType: string): string {
  if (Object.hasOwn(MSG_TYPE, msgType)) return MSG_TYPE_TEXT[msgType as keyof typeof MSG_TYPE_TEXT] ?? msgType
  if (msgType.startsWith('DIALOG_INNBYGGER_')) return 'Dialog med innbygger'
  return 'Annen meldingstype'
}

const OSLO = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** "27.11.2026 kl. 12:00", Norwegian time: the readers are in Norway, whatever the server's zone. */
export function osloTime(at: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes) => OSLO.formatToParts(at).find((p) => p.type === type)?.value ?? ''
  return `${part('day')}.${part('month')}.${part('year')} kl. ${part('hour')}:${part('minute')}`
}
