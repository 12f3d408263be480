/**
 * When a municipality's agreement is given notice, the citizens who use its digital services are told (CIT-14): every
 * living person with a current care relation to one of its services that has an active digital service, and whoever
 * may read their messages on their behalf (fullmakt or parent, as the access policy decides). Content-free: the
 * notification says only that a digital service from the municipality is ending.
 */
import type { Transaction } from 'kysely'
import { decide } from '../../platform/access/access.policy.ts'
import type { DB } from '../../platform/db/schema.ts'
import { loadAccessFacts } from '../../registry/index.ts'
import { enqueueNotification } from '../notifications/notification.repository.ts'

export async function enqueueServiceEndingNotifications(
  trx: Transaction<DB>,
  input: { organisationId: string; organisationName: string; terminationId: string; now: Date },
): Promise<number> {
  const { organisationId, now } = input
  const rows = await trx
    .selectFrom('care_relation as c')
    .innerJoin('service as s', 's.id', 'c.service_id')
    .innerJoin('person as p', 'p.id', 'c.patient_person_id')
    .select('c.patient_person_id')
    .distinct()
    .where('s.organisation_id', '=', organisationId)
    .where('c.valid_from', '<=', now)
    .where((eb) => eb.or([eb('c.valid_to', 'is', null), eb('c.valid_to', '>', now)]))
    .where('p.deceased_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('digital_service_activation as a')
          .select('a.id')
          .whereRef('a.service_id', '=', 's.id')
          .where('a.deactivated_at', 'is', null)
          .where('a.activated_at', '<=', now),
      ),
    )
    .execute()
  const patientIds = rows.map((r) => r.patient_person_id).sort()
  if (patientIds.length === 0) return 0

  const facts = await loadAccessFacts(trx, patientIds, now)
  const recipients = new Set(patientIds)
  for (const patientId of patientIds) {
    const candidates = new Set([
      ...facts.fullmakter.filter((f) => f.giverPersonId === patientId).map((f) => f.proxyPersonId),
      ...facts.parentalRelations.filter((r) => r.childPersonId === patientId).map((r) => r.parentPersonId),
    ])
    for (const personId of candidates) {
      if (facts.persons[personId]?.deceased) continue
      const decision = decide({ actor: { kind: 'citizen', personId }, action: 'citizen-data:read', subjectPersonId: patientId, area: 'messages' }, facts)
      if (decision.allowed) recipients.add(personId)
    }
  }

  let enqueued = 0
  for (const personId of [...recipients].sort()) {
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
