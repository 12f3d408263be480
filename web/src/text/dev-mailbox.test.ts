import { describe, expect, test } from 'vitest'
import { devMailboxChannelLabel, devMailboxKindLabel } from './dev-mailbox.ts'

describe('the development mailbox in words', () => {
  test('known kinds are named in Norwegian; an unknown kind shows as it is; none is said', () => {
    expect(devMailboxKindLabel('message-from-health-personnel')).toBe('Melding fra helsepersonell')
    expect(devMailboxKindLabel('apprec-overdue')).toBe('Varsel: applikasjonskvittering uteblir')
    expect(devMailboxKindLabel('something-new')).toBe('something-new')
    expect(devMailboxKindLabel(null)).toBe('Ikke oppgitt')
  })

  test('channels', () => {
    expect(devMailboxChannelLabel('sms')).toBe('SMS')
    expect(devMailboxChannelLabel('email')).toBe('E-post')
  })
})
