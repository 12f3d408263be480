import { describe, expect, it } from 'vitest'
import { type AlertFacts, composeAlertEmail, osloTime, outboxUrl } from './alert-email.ts'
import { DEFAULT_ALERT_RETRY, retryOffsetsSeconds } from './alert-notifier.ts'

const FACTS: AlertFacts = {
  kind: 'apprec-overdue',
  sentAt: new Date('2026-11-23T11:00:00Z'),
  deadlineAt: new Date('2026-11-27T11:00:00Z'),
  msgType: 'DIALOG_FORESPORSEL',
  senderHerId: 820271,
  senderName: 'Fastlegepraksis',
  receiverHerId: 820231,
  receiverName: 'Hjemmesykepleien',
}

describe('composeAlertEmail', () => {
  it('an overdue AppRec: bokmål, the facts, the link to the outbox', () => {
    const mail = composeAlertEmail(FACTS, 'https://samband.example.no/')
    expect(mail.subject).toBe('Samband: Melding uten kvittering innen fristen')
    expect(mail.text).toContain('En melding som er sendt fra Fastlegepraksis (HER-id 820271) gjennom Samband, har ikke fått kvittering')
    expect(mail.text).toContain(
      'Sendt: 23.11.2026 kl. 12:00\nFrist for kvittering: 27.11.2026 kl. 12:00\nMeldingstype: Forespørsel\nMottaker: Hjemmesykepleien (HER-id 820231)',
    )
    expect(mail.text).toContain('https://samband.example.no/helsepersonell/meldinger')
  })

  it('a failed delivery says so, without a deadline', () => {
    const mail = composeAlertEmail({ ...FACTS, kind: 'delivery-failed', deadlineAt: null }, 'https://samband.example.no')
    expect(mail.subject).toBe('Samband: Melding kunne ikke leveres')
    expect(mail.text).toContain('kunne ikke leveres til mottakeren')
    expect(mail.text).not.toContain('Frist')
  })

  it.each([
    ['DIALOG_NOTAT', 'Notat'],
    ['EPIKRISE', 'EPIKRISE'],
    // The open family's suffix is the sender's choice: never echoed.
    ['DIALOG_INNBYGGER_14838510036', 'Dialog med innbygger'],
    ['SOMETHING ELSE', 'Annen meldingstype'],
  ])('message type %s is shown as %s', (msgType, shown) => {
    const text = composeAlertEmail({ ...FACTS, msgType }, 'https://s.example').text
    expect(text).toContain(`Meldingstype: ${shown}\n`)
    if (shown !== msgType) expect(text).not.toContain(msgType)
  })

  it('unknown parties are named by HER-id; a line break in a registry name stays on its line', () => {
    const text = composeAlertEmail({ ...FACTS, receiverName: null, senderName: 'Legekontor\r\nBcc: x@y.no' }, 'https://s.example').text
    expect(text).toContain('Mottaker: HER-id 820231\n')
    expect(text).toContain('fra Legekontor Bcc: x@y.no (HER-id 820271)')
    expect(text.split('\n').some((line) => line.startsWith('Bcc'))).toBe(false)
  })

  it('outboxUrl drops a trailing slash', () => {
    expect(outboxUrl('http://localhost:3000/')).toBe('http://localhost:3000/helsepersonell/meldinger')
  })
})

describe('osloTime: Norwegian time, summer and winter', () => {
  it.each([
    ['2026-11-23T11:00:00Z', '23.11.2026 kl. 12:00'],
    ['2026-07-01T22:30:00Z', '02.07.2026 kl. 00:30'],
    ['2026-03-29T00:59:00Z', '29.03.2026 kl. 01:59'],
    ['2026-03-29T01:00:00Z', '29.03.2026 kl. 03:00'],
  ])('%s → %s', (iso, shown) => {
    expect(osloTime(new Date(iso))).toBe(shown)
  })
})

describe('retryOffsetsSeconds', () => {
  it('the default: 12 attempts, doubling from 1 minute, at most an hour apart', () => {
    expect(retryOffsetsSeconds(DEFAULT_ALERT_RETRY)).toEqual([0, 60, 180, 420, 900, 1860, 3780, 7380, 10980, 14580, 18180, 21780])
  })

  it('one attempt only: no retry', () => {
    expect(retryOffsetsSeconds({ firstDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 1 })).toEqual([0])
  })
})
