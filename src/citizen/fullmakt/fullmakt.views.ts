/** Fullmakt records as the API shows them: one view each, and a citizen's lists (given, received, history). */
import { endedAt, fullmaktStatus, isCurrent, lastDayOf } from './fullmakt.rules.ts'
import type { FullmaktRecord } from './fullmakt.repository.ts'
import type { FullmaktLists, FullmaktView } from './fullmakt.schemas.ts'

/** One fullmakt seen from `personId` (the giver or the proxy), with its state at `now`. */
export function toFullmaktView(record: FullmaktRecord, personId: string, now: Date): FullmaktView {
  const dates = { validFrom: record.validFrom, validTo: record.validTo, revokedAt: record.revokedAt, replaced: record.replacedById !== null }
  const status = fullmaktStatus(dates, now)
  const ended = endedAt(dates, status)
  const by = status === 'revoked' || status === 'replaced' ? record.revokedBy : null
  return {
    id: record.id,
    kind: record.kind,
    direction: record.proxy.id === personId ? 'received' : 'given',
    giver: record.giver,
    proxy: record.proxy,
    areas: record.areas,
    validFrom: record.validFrom.toISOString(),
    validTo: record.validTo?.toISOString() ?? null,
    lastDay: record.validTo ? lastDayOf(record.validTo) : null,
    status,
    endedAt: ended?.toISOString() ?? null,
    endedBy:
      by === null ? null : by.kind === 'staff' ? { role: 'staff', name: by.name } : { role: by.id === record.giver.id ? 'giver' : 'proxy', name: by.name },
    replacesId: record.replacesId,
    replacedById: record.replacedById,
    registeredBy: record.registeredBy,
  }
}

/**
 * A citizen's own lists: current fullmakter given and received, and the history of those that ended, the most
 * recently ended first.
 */
export function toFullmaktLists(records: readonly FullmaktRecord[], personId: string, now: Date): Omit<FullmaktLists, 'cannotGive'> {
  const views = records.map((r) => toFullmaktView(r, personId, now))
  const current = views.filter((v) => isCurrent(v.status))
  return {
    given: current.filter((v) => v.giver.id === personId),
    received: current.filter((v) => v.proxy.id === personId),
    history: views.filter((v) => !isCurrent(v.status)).sort((a, b) => Date.parse(b.endedAt ?? '') - Date.parse(a.endedAt ?? '')),
  }
}
