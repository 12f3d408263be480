/** How a group of audit rows reads in a citizen's access log: in which role the actor came. Pure. */
import type { AccessRole } from './access-log.schemas.ts'

export function accessRole(actorType: string, decision: 'allowed' | 'denied', basis: string | null): AccessRole {
  if (actorType === 'staff') return 'health-personnel'
  if (actorType === 'system') return 'system'
  // A refused citizen had no basis to come as a parent or a proxy.
  if (decision === 'allowed' && basis === 'parent') return 'parent'
  if (decision === 'allowed' && (basis === 'fullmakt' || basis === 'assigned-fullmakt')) return 'fullmektig'
  return 'citizen'
}
