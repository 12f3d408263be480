import { describe, expect, it } from 'vitest'
import { appRecDeadline, expectsAppRec, type ResendDecision, resendDecision } from './delivery.rules.ts'

const T0 = new Date('2026-11-23T11:00:00Z')
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000)

describe('appRecDeadline: 96 h after GenDate, for messages that ask for an AppRec', () => {
  it.each([
    // name, genDate, receivedAt, expects, hours, deadline
    ['GenDate = received: GenDate + 96 h', at(0), at(0), true, 96, at(96)],
    ['sent a while after it was written: counts from GenDate', at(-10), at(0), true, 96, at(86)],
    ['GenDate in the future (skewed clock): counts from receipt, never later', at(5), at(0), true, 96, at(96)],
    ['GenDate far in the future cannot postpone the alert for years', new Date('2099-01-01T00:00:00Z'), at(0), true, 96, at(96)],
    ['GenDate already past the limit: due at once', at(-100), at(0), true, 96, at(-4)],
    ['a configured limit other than 96 h', at(0), at(0), true, 1.5, at(1.5)],
    ['Ack=N (or an AppRec): no deadline at all', at(0), at(0), false, 96, null],
  ] as const)('%s', (_name, genDate, receivedAt, expects, hours, deadline) => {
    expect(appRecDeadline(genDate, receivedAt, expects, hours)).toEqual(deadline)
  })
})

describe('expectsAppRec: Ack J or absent asks for one; N, F and AppRecs do not', () => {
  it.each([
    ['DIALOG_FORESPORSEL', 'J', true],
    ['DIALOG_FORESPORSEL', undefined, true],
    ['DIALOG_FORESPORSEL', 'N', false],
    ['DIALOG_FORESPORSEL', 'F', false],
    ['APPREC', undefined, false],
    ['APPREC', 'J', false],
  ] as const)('%s with Ack=%s → %s', (msgType, ack, expected) => {
    expect(expectsAppRec(msgType, ack)).toBe(expected)
  })
})

describe('resendDecision: resend every interval, at most maxResends times, never at or after the deadline', () => {
  const base = { deadline: at(96), lastSentAt: at(0), resends: 0, maxResends: 5, intervalMinutes: 12 * 60 }
  const wait = (hours: number): ResendDecision => ({ action: 'wait', nextCheckAt: at(hours) })
  const resend = (nextHours: number): ResendDecision => ({ action: 'resend', nextCheckAt: at(nextHours) })
  const overdue: ResendDecision = { action: 'overdue' }

  it.each<[string, Partial<typeof base> & { now: Date }, ResendDecision]>([
    ['before the first interval: wait for it', { now: at(11.99) }, wait(12)],
    ['at the first interval: resend, look again one interval later', { now: at(12) }, resend(24)],
    ['checked late: resend, next interval counted from now', { now: at(13) }, resend(25)],
    ['the next interval counts from the last send', { now: at(30), lastSentAt: at(24), resends: 2 }, wait(36)],
    ['an interval that would end after the deadline: look again at the deadline', { now: at(90), lastSentAt: at(78), resends: 4, maxResends: 20 }, resend(96)],
    ['the next resend would fall after the deadline: only the deadline is left', { now: at(85), lastSentAt: at(84), resends: 7, maxResends: 20 }, wait(96)],
    ['maxResends reached: nothing more until the deadline', { now: at(72), lastSentAt: at(60), resends: 5 }, wait(96)],
    ['more resends than allowed (setting lowered): none', { now: at(72), lastSentAt: at(60), resends: 7 }, wait(96)],
    ['maxResends 0: never resend', { now: at(12), maxResends: 0 }, wait(96)],
    ['maxResends 0 and checked after the deadline: overdue', { now: at(97), maxResends: 0 }, overdue],
    ['interval longer than the deadline: no resend, overdue at the deadline', { now: at(1), intervalMinutes: 200 * 60 }, wait(96)],
    ['interval longer than the deadline, at the deadline: overdue', { now: at(96), intervalMinutes: 200 * 60 }, overdue],
    ['exactly at the deadline a due resend is not sent: overdue', { now: at(96), lastSentAt: at(84), resends: 1 }, overdue],
    ['long after the deadline (the dispatcher was down): overdue, no catch-up resends', { now: at(500) }, overdue],
    ['a last send stamped in the future (clock skew): wait for its interval', { now: at(1), lastSentAt: at(3) }, wait(15)],
    ['a deadline already past at delivery (GenDate old): overdue at the first check', { now: at(0), deadline: at(-4) }, overdue],
  ])('%s', (_name, input, expected) => {
    expect(resendDecision({ ...base, ...input })).toEqual(expected)
  })

  it('walked through time, a message is resent exactly min(maxResends, intervals before the deadline) times', () => {
    for (const [intervalMinutes, maxResends, expected] of [
      [12 * 60, 5, 5],
      [12 * 60, 20, 7],
      [12 * 60, 0, 0],
      [97 * 60, 5, 0],
      [30 * 60, 5, 3],
    ] as const) {
      let lastSentAt = at(0)
      let resends = 0
      let now = at(0)
      const sentAt: number[] = []
      for (let step = 0; step < 1000; step++) {
        const d = resendDecision({ now, deadline: at(96), lastSentAt, resends, maxResends, intervalMinutes })
        if (d.action === 'overdue') break
        if (d.action === 'resend') {
          resends++
          lastSentAt = now
          sentAt.push(now.getTime())
        }
        now = d.nextCheckAt
      }
      expect(resends, `interval ${intervalMinutes} min, max ${maxResends}`).toBe(expected)
      expect(sentAt.every((t) => t < at(96).getTime())).toBe(true)
      expect(now).toEqual(at(96))
    }
  })
})
