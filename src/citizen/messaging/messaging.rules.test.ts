import { describe, expect, it } from 'vitest'
import { bornYearsAgo, daysFrom, facts, fullmakt, NOW, parentOf, person } from '../../platform/access/access.fixtures.ts'
import {
  answerDueAfterCitizenMessage,
  citizenWriteRefusal,
  isOverdue,
  messageReaders,
  nextMessageTime,
  notificationSender,
  REFUSALS,
  serviceWriteRefusal,
  writerBasis,
  writtenByLabel,
} from './messaging.rules.ts'

const open = { open: true, closedReason: null, endsAt: null } as const
const notActivated = { open: false, closedReason: 'not-activated', endsAt: null } as const
const ended = { open: false, closedReason: 'agreement-ended', endsAt: new Date('2026-12-02T00:00:00+01:00') } as const

describe('who may write', () => {
  it('a citizen writes to an open service they receive help from, in an open thread', () => {
    expect(citizenWriteRefusal({ receivesService: true, availability: open })).toBeNull()
    expect(citizenWriteRefusal({ receivesService: true, availability: open, threadStatus: 'open' })).toBeNull()
  })

  it('not to a service they do not receive, whatever its state', () => {
    expect(citizenWriteRefusal({ receivesService: false, availability: open })).toBe(REFUSALS.notReceiving)
    expect(citizenWriteRefusal({ receivesService: false, availability: undefined })).toBe(REFUSALS.notReceiving)
  })

  it('not to a service that is not activated, or whose agreement has ended', () => {
    expect(citizenWriteRefusal({ receivesService: true, availability: notActivated })?.code).toBe('conflict')
    expect(citizenWriteRefusal({ receivesService: true, availability: undefined })).toBe(REFUSALS.notActivated)
    expect(citizenWriteRefusal({ receivesService: true, availability: ended })).toBe(REFUSALS.agreementEnded)
  })

  it('not in a closed thread; the refusal tells them to start a new one', () => {
    const refusal = citizenWriteRefusal({ receivesService: true, availability: open, threadStatus: 'closed' })
    expect(refusal?.code).toBe('conflict')
    expect(refusal?.detail).toMatch(/ny samtale/)
  })

  it('the service writes in open threads only, while it is open', () => {
    expect(serviceWriteRefusal({ availability: open, threadStatus: 'open' })).toBeNull()
    expect(serviceWriteRefusal({ availability: open, threadStatus: 'closed' })).toBe(REFUSALS.closedForService)
    expect(serviceWriteRefusal({ availability: ended, threadStatus: 'open' })).toBe(REFUSALS.serviceClosedForService)
  })

  it('the writer basis comes from the decision', () => {
    expect(writerBasis({ allowed: true, basis: 'self', flags: {} })).toBe('self')
    expect(writerBasis({ allowed: true, basis: 'fullmakt', flags: {} })).toBe('fullmakt')
    expect(writerBasis({ allowed: true, basis: 'assigned-fullmakt', flags: {} })).toBe('assigned-fullmakt')
    expect(writerBasis({ allowed: true, basis: 'parent', flags: {} })).toBe('parent')
  })
})

describe('answer deadline', () => {
  const monday = new Date('2026-11-23T12:00:00+01:00')
  const friday = new Date('2026-11-27T15:00:00+01:00')

  it('the first unanswered message sets it; a later one keeps it', () => {
    const due = answerDueAfterCitizenMessage(null, friday)
    expect(due.toISOString()).toBe('2026-11-30T22:59:59.999Z')
    expect(answerDueAfterCitizenMessage(due, new Date('2026-11-30T10:00:00+01:00'))).toBe(due)
    expect(answerDueAfterCitizenMessage(null, monday).toISOString()).toBe('2026-11-24T22:59:59.999Z')
  })

  it('a new message is stamped after the thread’s last one, even within the same millisecond', () => {
    expect(nextMessageTime(monday, friday)).toBe(friday)
    expect(nextMessageTime(monday, monday).getTime()).toBe(monday.getTime() + 1)
    expect(nextMessageTime(friday, monday).getTime()).toBe(friday.getTime() + 1)
  })

  it('overdue only after the deadline', () => {
    const due = new Date('2026-11-24T22:59:59.999Z')
    expect(isOverdue(null, monday)).toBe(false)
    expect(isOverdue(due, due)).toBe(false)
    expect(isOverdue(due, new Date(due.getTime() + 1))).toBe(true)
  })
})

describe('names', () => {
  it('the notification names the service, unless its name is sensitive', () => {
    expect(notificationSender({ organisationName: 'Tønsberg kommune', name: 'Hjemmesykepleien', sensitiveName: false })).toEqual({
      senderName: 'Tønsberg kommune, Hjemmesykepleien',
      senderSensitive: false,
    })
    expect(notificationSender({ organisationName: 'SiV', name: 'Rus', sensitiveName: true })).toEqual({ senderName: null, senderSensitive: true })
  })

  it('staff see who actually wrote', () => {
    const base = { fromSide: 'citizen' as const, authorName: 'Per Berg', citizenName: 'Ingrid Berg', viaSystem: false }
    expect(writtenByLabel({ ...base, basis: 'fullmakt' })).toBe('Per Berg (fullmektig for Ingrid Berg)')
    expect(writtenByLabel({ ...base, basis: 'assigned-fullmakt' })).toBe('Per Berg (tildelt fullmektig for Ingrid Berg)')
    expect(writtenByLabel({ ...base, basis: 'parent' })).toBe('Per Berg (forelder for Ingrid Berg)')
    expect(writtenByLabel({ ...base, authorName: 'Ingrid Berg', basis: 'self' })).toBe('Ingrid Berg')
    expect(writtenByLabel({ ...base, fromSide: 'service', authorName: 'Lise Lund', basis: null })).toBe('Lise Lund')
    expect(writtenByLabel({ ...base, fromSide: 'service', authorName: 'Lise Lund', basis: null, viaSystem: true })).toBe('Lise Lund (fra fagsystem)')
  })
})

describe('who is told about an answer', () => {
  it('the citizen and proxies whose fullmakt covers messages now', () => {
    const f = facts({
      persons: [person('ingrid', { birthDate: bornYearsAgo(88) }), person('per'), person('anne'), person('old'), person('later')],
      fullmakter: [
        fullmakt('ingrid', 'per', { areas: ['messages'] }),
        fullmakt('ingrid', 'anne', { areas: ['appointments'] }),
        fullmakt('ingrid', 'old', { areas: ['messages'], validTo: daysFrom(NOW, -1) }),
        fullmakt('ingrid', 'later', { areas: ['messages'], validFrom: daysFrom(NOW, 1) }),
      ],
    })
    expect(messageReaders('ingrid', f).sort()).toEqual(['ingrid', 'per'])
  })

  it('an assigned fullmakt counts too', () => {
    const f = facts({ persons: [person('odd'), person('liv')], fullmakter: [fullmakt('odd', 'liv', { kind: 'assigned', areas: ['messages', 'consents'] })] })
    expect(messageReaders('odd', f).sort()).toEqual(['liv', 'odd'])
  })

  it('parents of a child under 12 at the child’s address, not of a 14-year-old', () => {
    const home = { addressKey: 'home' }
    const f = facts({
      persons: [person('kari', home), person('emma', { ...home, birthDate: bornYearsAgo(8) }), person('jonas', { ...home, birthDate: bornYearsAgo(14) })],
      parentalRelations: [parentOf('kari', 'emma'), parentOf('kari', 'jonas')],
    })
    expect(messageReaders('emma', f).sort()).toEqual(['emma', 'kari'])
    expect(messageReaders('jonas', f)).toEqual(['jonas'])
  })

  it('nobody represents a person with a confidential address, nor does such a person represent anyone', () => {
    const f = facts({
      persons: [person('sara', { confidentialAddress: true }), person('per'), person('ingrid')],
      fullmakter: [fullmakt('sara', 'per', { areas: ['messages'] }), fullmakt('ingrid', 'sara', { areas: ['messages'] })],
    })
    expect(messageReaders('sara', f)).toEqual(['sara'])
    expect(messageReaders('ingrid', f)).toEqual(['ingrid'])
  })
})
