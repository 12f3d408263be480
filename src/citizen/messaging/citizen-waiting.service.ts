/**
 * Min side's "what is waiting": for the signed-in citizen and each person they may act for, how much news there is
 * per kind. Each kind comes from a source that names its service area; a person's count is asked for only when the
 * access policy lets the caller read that area for them, and each such read is decided by the gate and audit-logged
 * as any other read of the person's data. Appointments and letters join as sources of their own.
 */
import type { Transaction } from 'kysely'
import type { Caller, UseCaseDeps } from '../../platform/access/access-gate.ts'
import { representableCitizens } from '../../platform/access/access.policy.ts'
import type { ServiceArea } from '../../platform/access/access.types.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { countThreadsWithUnreadAnswers } from './citizen-thread-search.repository.ts'
import type { WaitingItem, WaitingSummary } from './citizen-waiting.schemas.ts'

/** One kind of news: its area, and its count for each of these people (all of whom the caller may read it for). */
export type WaitingSource = {
  kind: WaitingItem['kind']
  area: ServiceArea
  count(trx: Transaction<DB>, personIds: readonly string[]): Promise<Map<string, number>>
}

export const MESSAGES_WAITING: WaitingSource = { kind: 'unread-messages', area: 'messages', count: countThreadsWithUnreadAnswers }

export function createCitizenWaiting(deps: UseCaseDeps, sources: readonly WaitingSource[] = [MESSAGES_WAITING]) {
  return {
    summary(caller: Caller): Promise<WaitingSummary> {
      const { actor } = caller.principal
      if (actor.kind !== 'citizen') throw new AppError('forbidden', 'Bare innbyggere har Min side.')
      return deps.gate.within(caller, async (trx, access) => {
        const now = deps.now()
        const facts = await deps.gate.facts(trx, [actor.personId], now)
        const others = representableCitizens(actor.personId, facts, now)
        const people = [
          { personId: actor.personId, self: true, readable: null },
          ...others.map((r) => ({ personId: r.personId, self: false, readable: r.read })),
        ]
        const items = new Map<string, WaitingItem[]>(people.map((p) => [p.personId, []]))
        for (const source of sources) {
          const allowed: string[] = []
          for (const person of people) {
            // Only those the policy lists for the area are asked: a denial here would end the whole summary.
            if (person.readable && !person.readable.includes(source.area)) continue
            await access.require(
              { action: 'citizen-data:read', subjectPersonId: person.personId, area: source.area },
              { resourceType: 'citizen-waiting', resourceId: null, patientPersonId: person.personId },
            )
            allowed.push(person.personId)
          }
          const counts = await source.count(trx, allowed)
          for (const personId of allowed) items.get(personId)?.push({ kind: source.kind, area: source.area, count: counts.get(personId) ?? 0 })
        }
        return { people: people.map((p) => ({ personId: p.personId, self: p.self, items: items.get(p.personId) ?? [] })) }
      })
    },
  }
}
