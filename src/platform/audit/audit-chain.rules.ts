import { createHash } from 'node:crypto'

/** What one audit entry records (PLT-3): who, for whom, where, what, to whom, why, and the outcome. */
export type AuditEntry = {
  at: Date
  requestId: string | null
  actorType: 'citizen' | 'staff' | 'operator' | 'system' | 'anonymous'
  actorId: string | null
  actorName: string | null
  actorRole: string | null
  onBehalfOfPersonId: string | null
  organisationId: string | null
  serviceId: string | null
  action: string
  resourceType: string
  resourceId: string | null
  patientPersonId: string | null
  reason: string | null
  decision: 'allowed' | 'denied'
  decisionBasis: string | null
  emergency: boolean
}

export const GENESIS_HASH = '0'.repeat(64)

/**
 * The link hash covers the sequence number, the previous hash and every recorded field, in a fixed
 * order, so that changing, removing or reordering any entry breaks every later link.
 */
export function linkHash(seq: number, prevHash: string, entry: AuditEntry): string {
  const canonical = JSON.stringify([
    seq,
    prevHash,
    entry.at.toISOString(),
    entry.requestId,
    entry.actorType,
    entry.actorId,
    entry.actorName,
    entry.actorRole,
    entry.onBehalfOfPersonId,
    entry.organisationId,
    entry.serviceId,
    entry.action,
    entry.resourceType,
    entry.resourceId,
    entry.patientPersonId,
    entry.reason,
    entry.decision,
    entry.decisionBasis,
    entry.emergency,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

export type ChainLink = { seq: number; prevHash: string; hash: string; entry: AuditEntry }

export type ChainVerdict =
  | { ok: true; checked: number; headHash: string }
  | { ok: false; checked: number; brokenAtSeq: number; problem: 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch' }

/** Walks links in sequence order; `expectedPrev` is the hash before the first link given. */
export function verifyLinks(links: Iterable<ChainLink>, start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }): ChainVerdict {
  let prev = start
  let checked = 0
  for (const link of links) {
    if (link.seq !== prev.seq + 1) return { ok: false, checked, brokenAtSeq: link.seq, problem: 'sequence-gap' }
    if (link.prevHash !== prev.hash) return { ok: false, checked, brokenAtSeq: link.seq, problem: 'prev-hash-mismatch' }
    if (linkHash(link.seq, link.prevHash, link.entry) !== link.hash) return { ok: false, checked, brokenAtSeq: link.seq, problem: 'hash-mismatch' }
    prev = { seq: link.seq, hash: link.hash }
    checked++
  }
  return { ok: true, checked, headHash: prev.hash }
}
