import { describe, expect, it } from 'vitest'
import { accessRole } from './access-log.rules.ts'

describe('accessRole', () => {
  it.each([
    ['staff', 'allowed', 'care-relation', 'health-personnel'],
    ['staff', 'denied', 'other-service', 'health-personnel'],
    ['system', 'allowed', 'scope', 'system'],
    ['citizen', 'allowed', 'parent', 'parent'],
    ['citizen', 'allowed', 'fullmakt', 'fullmektig'],
    ['citizen', 'allowed', 'assigned-fullmakt', 'fullmektig'],
    ['citizen', 'allowed', 'self', 'citizen'],
    ['citizen', 'denied', 'no-basis', 'citizen'],
  ] as const)('%s, %s on %s: %s', (actorType, decision, basis, expected) => {
    expect(accessRole(actorType, decision, basis)).toBe(expected)
  })
})
