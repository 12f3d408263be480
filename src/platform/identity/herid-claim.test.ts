import { describe, expect, it } from 'vitest'
import { delegatedHerIds } from './authenticate.ts'

describe("HelseID's herid claim", () => {
  it.each([
    [undefined, undefined],
    ['0', undefined],
    [0, undefined],
    ['820231', [820231]],
    [820231, [820231]],
    ['820231-820232', [820231, 820232]],
  ])('%s → %s', (claim, expected) => {
    expect(delegatedHerIds(claim)).toEqual(expected)
  })

  it('restricts to nothing when the claim cannot be read', () => {
    for (const claim of ['abc', '1--2', '-1', '820231,820232', ['820231'], {}, '01']) expect(delegatedHerIds(claim)).toEqual([])
  })
})
