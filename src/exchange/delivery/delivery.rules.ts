/**
 * Pure rules of delivery (RULES.md §3, §5): who receives a document, which receivers get an error AppRec from
 * Samband itself, deadlines and the resend schedule. No I/O.
 */
import type { PartyWithProcesses } from '../address-registry/address-registry.types.ts'
import { canReceive } from '../address-registry/address-registry.types.ts'
import { isReceiptType, type MessageProcess } from '../address-registry/message-processes.ts'
import type { AppRecErrorCode } from '../messages/apprec-codes.ts'

export type ReceiverRef = { herId: number; role: 'primary' | 'copy' }

export type DeliveryPlan =
  | { herId: number; role: 'primary' | 'copy'; outcome: 'deliver'; route: 'local' | 'amqp' }
  | { herId: number; role: 'primary' | 'copy'; outcome: 'refuse'; code: AppRecErrorCode; text: string }

/**
 * A receiver that does not exist (or is inactive) is E21 "Mottaker finnes ikke"; one that exists but does not
 * take this process is T10 (unsupported format for that receiver). Everyone else is delivered, locally or over
 * AMQP to the installation that serves them.
 */
export function planDeliveries(receivers: readonly ReceiverRef[], parties: ReadonlyMap<number, PartyWithProcesses>, process: MessageProcess): DeliveryPlan[] {
  const seen = new Set<number>()
  const plans: DeliveryPlan[] = []
  for (const r of receivers) {
    if (seen.has(r.herId)) continue
    seen.add(r.herId)
    const party = parties.get(r.herId)
    if (!party?.active) {
      plans.push({ ...r, outcome: 'refuse', code: 'E21', text: `Mottaker med HER-id ${r.herId} finnes ikke i adresseregisteret.` })
    } else if (!isReceiptType(process.msgType) && !canReceive(party.processes, process)) {
      plans.push({ ...r, outcome: 'refuse', code: 'T10', text: `Mottaker med HER-id ${r.herId} kan ikke ta imot meldingstypen ${process.msgType}.` })
    } else {
      plans.push({ ...r, outcome: 'deliver', route: party.installation === 'local' ? 'local' : 'amqp' })
    }
  }
  return plans
}

/** The standard's limit is 96 h after the message's GenDate (configurable); AppRecs and Ack=N messages wait for none. */
export function appRecDeadline(genDate: Date, receivedAt: Date, expectsAppRec: boolean, deadlineHours: number): Date | null {
  if (!expectsAppRec) return null
  // A GenDate in the future (a skewed or wrong clock in the sender's system) must not postpone the alert: count from
  // when Samband received the message instead.
  const base = genDate.getTime() > receivedAt.getTime() ? receivedAt : genDate
  return new Date(base.getTime() + deadlineHours * 3_600_000)
}

/** Ack J (or absent: the standard's default for fagmeldinger) asks for an AppRec; N never; F only on error. */
export function expectsAppRec(msgType: string, ack: string | undefined): boolean {
  if (isReceiptType(msgType)) return false
  return ack === undefined || ack === 'J'
}

export type ResendDecision = { action: 'resend'; nextCheckAt: Date } | { action: 'overdue' } | { action: 'wait'; nextCheckAt: Date }

/**
 * Without an AppRec, a delivery is resent every `intervalMinutes` (the ebXML default is 12 h, 5 times), but
 * never after the deadline; at the deadline it is overdue and the sender is alerted (RULES.md §3, §4).
 */
export function resendDecision(input: {
  now: Date
  deadline: Date
  lastSentAt: Date
  resends: number
  maxResends: number
  intervalMinutes: number
}): ResendDecision {
  if (input.now.getTime() >= input.deadline.getTime()) return { action: 'overdue' }
  const due = new Date(input.lastSentAt.getTime() + input.intervalMinutes * 60_000)
  if (input.resends < input.maxResends && input.now.getTime() >= due.getTime()) {
    const next = new Date(Math.min(input.now.getTime() + input.intervalMinutes * 60_000, input.deadline.getTime()))
    return { action: 'resend', nextCheckAt: next }
  }
  const nextCheck = input.resends < input.maxResends ? Math.min(due.getTime(), input.deadline.getTime()) : input.deadline.getTime()
  return { action: 'wait', nextCheckAt: new Date(nextCheck) }
}

export type DeliveryStatus = 'received' | 'delivered' | 'acknowledged' | 'rejected' | 'failed'
export type AppRecStatusName = 'Ok' | 'Rejected' | 'OkErrorInMessagePart'

/** Kodeverk 8258 → the EDI 2.0 API's names. */
export function appRecStatusName(code: string): AppRecStatusName | null {
  if (code === '1') return 'Ok'
  if (code === '2') return 'Rejected'
  if (code === '3') return 'OkErrorInMessagePart'
  return null
}

/** An AppRec settles the delivery: OK (and "OK, feil i delmelding") acknowledges, Avvist rejects. */
export function statusAfterAppRec(status: AppRecStatusName): 'acknowledged' | 'rejected' {
  return status === 'Rejected' ? 'rejected' : 'acknowledged'
}
