/**
 * The access policy's facts come from two modules: people, parenthood and care relations from the registry, and
 * fullmakter from the citizen module. The root joins them here, so neither module reads the other's tables.
 */
import { loadFullmaktFacts } from './citizen/index.ts'
import type { AccessFactsLoader } from './platform/access/access-gate.ts'
import { loadPeopleFacts } from './registry/index.ts'

export const loadAccessFacts: AccessFactsLoader = async (trx, personIds, now) => {
  const fullmakter = await loadFullmaktFacts(trx, personIds)
  // The other party of each fullmakt: the policy weighs their age too (a proxy must be 18, a giver 16).
  const parties = fullmakter.flatMap((f) => [f.giverPersonId, f.proxyPersonId])
  return { ...(await loadPeopleFacts(trx, personIds, parties, now)), fullmakter }
}
