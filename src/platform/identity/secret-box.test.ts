import { describe, expect, it } from 'vitest'
import { open, seal } from './secret-box.ts'

const KEY = 'k'.repeat(40)

function changePart(sealed: string, index: number): string {
  return sealed
    .split('.')
    .map((part, i) => (i === index ? part.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) : part))
    .join('.')
}

describe('seal and open', () => {
  it.each(['demo-secret-983975259', '', 'æøå ÆØÅ – 🙂', 'x'.repeat(10_000)])('round-trips %j', (plaintext) => {
    expect(open(KEY, seal(KEY, plaintext))).toBe(plaintext)
  })

  it('never stores the plaintext, and seals the same text differently each time', () => {
    const a = seal(KEY, 'demo-secret-983975259')
    const b = seal(KEY, 'demo-secret-983975259')
    expect(a).not.toBe(b)
    expect(a).not.toContain('demo-secret')
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/)
  })

  it('cannot be opened with another key', () => {
    expect(() => open('other'.repeat(8), seal(KEY, 'secret'))).toThrow()
  })

  it.each([
    // The first character of a part: its bits are all used, unlike the last one's.
    ['a changed body', (s: string) => changePart(s, 3)],
    ['a changed tag', (s: string) => changePart(s, 2)],
    ['a changed iv', (s: string) => changePart(s, 1)],
    ['an unknown version', (s: string) => s.replace(/^v1/, 'v2')],
    ['missing parts', (s: string) => s.split('.').slice(0, 2).join('.')],
  ])('refuses %s', (_what, tamper) => {
    expect(() => open(KEY, tamper(seal(KEY, 'a secret of some length')))).toThrow()
  })
})
