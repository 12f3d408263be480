import { describe, expect, it } from 'vitest'
import { plainText, plainTextProblem } from './plain-text.schemas.ts'

const field = plainText(200)

describe('the one rule for free text', () => {
  it('takes ordinary Norwegian text, line breaks, tabs and emoji (joined ones too)', () => {
    for (const text of [
      'Hei! Kan dere ringe meg på 400 00 000?',
      'Linje én\nLinje to\r\n\tinnrykk',
      'Takk 🙂',
      'Sykepleier 👩🏽‍⚕️',
      'Familie 👨‍👩‍👧',
      'العربية',
      'æøå ÆØÅ',
    ])
      expect(field.safeParse(text)).toMatchObject({ success: true, data: text })
  })

  it('refuses half a surrogate pair, as JSON.parse makes of "\\ud800", instead of storing U+FFFD', () => {
    const parsed = JSON.parse('{"subject":"Hei \\ud800 der"}') as { subject: string }
    expect(plainTextProblem(parsed.subject)).toMatch(/ødelagt tegn/)
    expect(field.safeParse(parsed.subject).success).toBe(false)
    expect(field.safeParse('slutt \udc00').success).toBe(false)
  })

  it('refuses the bidi marks and overrides, naming the character', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\u2028']) {
      const problem = plainTextProblem(`Faktura ${c}fdp.exe`)
      expect(problem, `U+${c.codePointAt(0)?.toString(16)}`).toMatch(/tekstretning/)
      expect(problem).toContain(`U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
    }
    expect(field.safeParse('Faktura \u202Efdp.exe').error?.issues[0]?.message).toBe(
      'kan ikke inneholde usynlige tegn som endrer tekstretning eller linjeskift (U+202E)',
    )
  })

  it('refuses zero-width characters, and a zero-width joiner that joins no emoji', () => {
    for (const text of ['Pas\u200bsord', 'a\u200cb', 'a\u200db', '\u200d🙂', 'ord\u2060ord', '\ufeffHei'])
      expect(plainTextProblem(text), JSON.stringify(text)).toMatch(/uten bredde/)
  })

  it('refuses control characters, C1 included', () => {
    for (const text of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009bb'])
      expect(plainTextProblem(text), JSON.stringify(text)).toMatch(/kontrolltegn/)
  })

  it('refuses text over the limit with a message naming it, and never cuts it', () => {
    expect(field.safeParse('x'.repeat(200)).data).toHaveLength(200)
    const result = field.safeParse('x'.repeat(201))
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('kan være høyst 200 tegn')
  })

  it('trims, and checks the length after trimming', () => {
    expect(field.safeParse(`  ${'x'.repeat(200)}  `).data).toHaveLength(200)
  })
})
