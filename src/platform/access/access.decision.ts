// Constructors for decisions, so every rule builds them the same way.
import type { AccessAllowed, AccessBasis, AccessDenied, AccessFlags, ActionName, DenyCode, Operation } from './access.types.ts'

export function allow(basis: AccessBasis, flags: AccessFlags = {}, reason?: string): AccessAllowed {
  return reason === undefined ? { allowed: true, basis, flags } : { allowed: true, basis, flags, reason }
}

export function deny(code: DenyCode): AccessDenied {
  return { allowed: false, code }
}

/** Whether an action reads or writes; actions that are neither (e.g. administer) count as write. */
export function operationOf(action: ActionName): Operation {
  return action.endsWith(':read') ? 'read' : 'write'
}
