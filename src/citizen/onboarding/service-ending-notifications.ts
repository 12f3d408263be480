/**
 * When a municipality's agreement is given notice, the citizens who use its digital services are told (CIT-14): every
 * living person with a current care relation to one of its services that has an active digital service, and whoever
 * may read their messages on their behalf (fullmakt or parent, as the access policy decides). Content-free: the
 * notification says only that a digital service from the municipality is ending.
 */
import type { Transaction } from 'kysely'
import type { AccessFactsLoader } from '../../platform/access/access-gate.ts'
import { decide } from '../../platform/access/access.policy.ts'
import type { DB } from '../../platform/db/schema.ts'
import { listCurrentPatients } from '../../registry/index.ts'
import { enqueueNotification } from '../notifications/notification.repository.ts'

/**
 * Who is told when the organisation's agreement is given notice now: its current patients at services with a digital
 * service active, and whoever may read their messages. Also what the operator is shown before confirming the notice.
 */
export async function serviceEndingRecipients(trx: Transaction<DB>, input: { organisationId: string; now: Date }, facts: AccessFactsLoader): Promise<string[]> {
  const { organisationId, now } = input
  // The organisation's services with a digital service active now; then their living patients.
  const activeServices = await trx
    .selectFrom('digital_service_activation')
    .select('service_id')
    .distinct()
    .where('deactivated_at', 'is', null)
    .where('activated_at', '<=', now)
    .execute()
  const patientIds = (await listCurrentPatients(trx, { organisationId, serviceIds: activeServices.map((a) => a.service_id) }, now)).sort()
  if (patientIds.length === 0) return []

  const known = await facts(trx, patientIds, now)
  const recipients = new Set(patientIds)
  for (const patientId of patientIds) {
    const candidates = new Set([
      ...known.fullmakter.filter((f) => f.giverPersonId === patientId).map((f) => f.proxyPersonId),
      ...known.parentalRelations.filter((r) => r.childPersonId === patientId).map((r) => r.parentPersonId),
    ])
    for (const personId of candidates) {
      if (known.persons[personId]?.deceased) continue
      const decision = decide({ actor: { kind: 'citizen', personId }, action: 'citizen-data:read', subjectPersonId: patientId, area: 'messages' }, known)
      if (decision.allowed) recipients.add(personId)
    }
  }
  return [...recipients].sort()
}

export async function enqueueServiceEndingNotifications(
  trx: Transaction<DB>,
  input: { organisationId: string; organisationName: string; terminationId: string; now: Date },
  facts: AccessFactsLoader,
): Promise<number> {
  const recipients = await serviceEndingRecipients(trx, input, facts)
  let enqueued = 0
  for (const personId of recipients) {
    const added = await enqueueNotification(trx, {
      eventKey: `service-ending:${input.terminationId}`,
      personId,
      kind: 'service-ending',
      // The municipality is the sender; its name alone says nothing about anyone's health.
      senderName: input.organisationName,
      senderSensitive: false,
    })
    if (added) enqueued++
  }
  return enqueued
}
