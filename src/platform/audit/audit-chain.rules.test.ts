import { describe, expect, it } from 'vitest'
import { type AuditEntry, type ChainLink, GENESIS_HASH, linkHash, verifyLinks } from './audit-chain.rules.ts'

const ENTRY: AuditEntry = {
  at: new Date('2026-11-23T10:00:00.000Z'),
  requestId: 'req-1',
  actorType: 'staff',
  actorId: '00000000-0000-4000-8000-000000000401',
  actorName: 'Lise Lund',
  actorRole: 'sykepleier',
  onBehalfOfPersonId: null,
  organisationId: '00000000-0000-4000-8000-000000000104',
  serviceId: '00000000-0000-4000-8000-000000000231',
  action: 'patient-data:read',
  resourceType: 'patient',
  resourceId: '00000000-0000-4000-8000-000000000305',
  patientPersonId: '00000000-0000-4000-8000-000000000305',
  reason: null,
  decision: 'allowed',
  decisionBasis: 'care-relation',
  emergency: false,
}

/** A correct chain of `n` links from the genesis hash, each entry a little different. */
function chain(n: number, from = { seq: 0, hash: GENESIS_HASH }): ChainLink[] {
  const links: ChainLink[] = []
  let prev = from
  for (let i = 1; i <= n; i++) {
    const seq = prev.seq + 1
    const entry = { ...ENTRY, requestId: `req-${seq}`, at: new Date(ENTRY.at.getTime() + seq * 1000) }
    const hash = linkHash(seq, prev.hash, entry)
    links.push({ seq, prevHash: prev.hash, hash, entry })
    prev = { seq, hash }
  }
  return links
}

describe('linkHash', () => {
  it('is a SHA-256 hex digest, the same for the same input', () => {
    const hash = linkHash(1, GENESIS_HASH, ENTRY)
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(linkHash(1, GENESIS_HASH, { ...ENTRY, at: new Date(ENTRY.at) })).toBe(hash)
  })

  // Every recorded field is covered: changing any one of them changes the hash.
  const changes: Array<[string, Partial<AuditEntry>]> = [
    ['at', { at: new Date('2026-11-23T10:00:00.001Z') }],
    ['requestId', { requestId: 'req-2' }],
    ['actorType', { actorType: 'system' }],
    ['actorId', { actorId: '00000000-0000-4000-8000-000000000402' }],
    ['actorName', { actorName: 'Lise Lunde' }],
    ['actorRole', { actorRole: 'lege' }],
    ['onBehalfOfPersonId', { onBehalfOfPersonId: '00000000-0000-4000-8000-000000000306' }],
    ['organisationId', { organisationId: '00000000-0000-4000-8000-000000000101' }],
    ['serviceId', { serviceId: null }],
    ['action', { action: 'patient-data:write' }],
    ['resourceType', { resourceType: 'access-log' }],
    ['resourceId', { resourceId: null }],
    ['patientPersonId', { patientPersonId: '00000000-0000-4000-8000-000000000301' }],
    ['reason', { reason: 'Akutt innleggelse, bevisstløs' }],
    ['decision', { decision: 'denied' }],
    ['decisionBasis', { decisionBasis: 'emergency-access' }],
    ['emergency', { emergency: true }],
  ]
  it.each(changes)('changes when %s changes', (_field, change) => {
    expect(linkHash(1, GENESIS_HASH, { ...ENTRY, ...change })).not.toBe(linkHash(1, GENESIS_HASH, ENTRY))
  })

  it('covers the sequence number and the previous hash', () => {
    const hash = linkHash(1, GENESIS_HASH, ENTRY)
    expect(linkHash(2, GENESIS_HASH, ENTRY)).not.toBe(hash)
    expect(linkHash(1, 'f'.repeat(64), ENTRY)).not.toBe(hash)
  })

  it('keeps null apart from the text "null" (fields are not simply concatenated)', () => {
    expect(linkHash(1, GENESIS_HASH, { ...ENTRY, reason: 'null' })).not.toBe(linkHash(1, GENESIS_HASH, { ...ENTRY, reason: null }))
    // Moving text from one field to the next must not give the same hash either.
    expect(linkHash(1, GENESIS_HASH, { ...ENTRY, actorName: 'Lise', actorRole: 'Lund sykepleier' })).not.toBe(
      linkHash(1, GENESIS_HASH, { ...ENTRY, actorName: 'Lise Lund', actorRole: 'sykepleier' }),
    )
  })
})

describe('verifyLinks', () => {
  it('accepts an empty chain, with the genesis hash as head', () => {
    expect(verifyLinks([])).toEqual({ ok: true, checked: 0, headHash: GENESIS_HASH })
  })

  it('accepts a correct chain and reports its head', () => {
    const links = chain(5)
    expect(verifyLinks(links)).toEqual({ ok: true, checked: 5, headHash: links[4]?.hash })
  })

  it('continues from a given start (verification in pages)', () => {
    const links = chain(6)
    const first = links.slice(0, 3)
    const rest = links.slice(3)
    const head = first[2]
    if (!head) throw new Error('no head')
    expect(verifyLinks(rest, { seq: head.seq, hash: head.hash })).toEqual({ ok: true, checked: 3, headHash: links[5]?.hash })
    // The same page is wrong from the genesis start.
    expect(verifyLinks(rest)).toMatchObject({ ok: false, brokenAtSeq: 4, problem: 'sequence-gap' })
  })

  type Tamper = (links: ChainLink[]) => ChainLink[]
  const tampering: Array<[string, Tamper, { brokenAtSeq: number; problem: string; checked: number }]> = [
    [
      'a changed action',
      (l) => l.map((x) => (x.seq === 3 ? { ...x, entry: { ...x.entry, action: 'patient-data:write' } } : x)),
      { brokenAtSeq: 3, problem: 'hash-mismatch', checked: 2 },
    ],
    [
      'a changed decision on the first link',
      (l) => l.map((x) => (x.seq === 1 ? { ...x, entry: { ...x.entry, decision: 'denied' as const } } : x)),
      { brokenAtSeq: 1, problem: 'hash-mismatch', checked: 0 },
    ],
    ['a removed link in the middle', (l) => l.filter((x) => x.seq !== 3), { brokenAtSeq: 4, problem: 'sequence-gap', checked: 2 }],
    ['a removed first link', (l) => l.slice(1), { brokenAtSeq: 2, problem: 'sequence-gap', checked: 0 }],
    [
      'two links swapped',
      (l) => [l[0], l[2], l[1], l[3], l[4]].filter((x): x is ChainLink => x !== undefined),
      { brokenAtSeq: 3, problem: 'sequence-gap', checked: 1 },
    ],
    [
      'a link rewritten with a fresh hash (prev hash no longer matches the link before)',
      (l) =>
        l.map((x) => {
          if (x.seq !== 3) return x
          const entry = { ...x.entry, actorName: 'Noen Andre' }
          const prevHash = 'a'.repeat(64)
          return { ...x, entry, prevHash, hash: linkHash(x.seq, prevHash, entry) }
        }),
      { brokenAtSeq: 3, problem: 'prev-hash-mismatch', checked: 2 },
    ],
    [
      'a link rewritten with a fresh hash over the right prev hash (the next link breaks)',
      (l) =>
        l.map((x) => {
          if (x.seq !== 3) return x
          const entry = { ...x.entry, actorName: 'Noen Andre' }
          return { ...x, entry, hash: linkHash(x.seq, x.prevHash, entry) }
        }),
      { brokenAtSeq: 4, problem: 'prev-hash-mismatch', checked: 3 },
    ],
    ['a renumbered link', (l) => l.map((x) => (x.seq === 5 ? { ...x, seq: 6 } : x)), { brokenAtSeq: 6, problem: 'sequence-gap', checked: 4 }],
  ]
  it.each(tampering)('detects %s', (_what, tamper, expected) => {
    expect(verifyLinks(tamper(chain(5)))).toEqual({ ok: false, ...expected })
  })
})
