import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { herIdsOwnedBy } from './address-registry.repository.ts'

/**
 * Which HER-ids an organisation owns is asked on every message API call and changes only when the registry is
 * edited: kept for a few seconds per organisation, so a registry change takes effect within `ttlMs`.
 */
export function ownedHerIdsCache(db: Kysely<DB>, options: { ttlMs?: number; clock?: () => number } = {}) {
  const ttlMs = options.ttlMs ?? 5000
  const clock = options.clock ?? (() => Date.now())
  const entries = new Map<string, { until: number; herIds: Promise<Set<number>> }>()
  return {
    get(organisationId: string): Promise<Set<number>> {
      const now = clock()
      const hit = entries.get(organisationId)
      if (hit && hit.until > now) return hit.herIds
      const herIds = herIdsOwnedBy(db, organisationId)
      // A failed lookup is not remembered.
      herIds.catch(() => entries.delete(organisationId))
      if (entries.size > 10_000) entries.clear()
      entries.set(organisationId, { until: now + ttlMs, herIds })
      return herIds
    },
  }
}
