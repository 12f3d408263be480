import { describe, expect, it } from 'vitest'
import { LANGUAGES, MASTER_LANGUAGE } from './languages.ts'
import { isPluralKey, registeredTexts } from './texts.ts'

// Loading every catalogue registers it; the glob keeps this test in step with new pages without a list to forget.
const modules = import.meta.glob('../**/*.texts.ts', { eager: true })

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort()
}

describe('every text in bokmål, nynorsk and English', () => {
  it('finds the catalogues', () => {
    expect(Object.keys(modules).length).toBeGreaterThan(0)
    expect(registeredTexts().length).toBeGreaterThanOrEqual(Object.keys(modules).length)
  })

  for (const texts of registeredTexts()) {
    const master = texts.catalogues[MASTER_LANGUAGE]
    for (const language of LANGUAGES.filter((l) => l !== MASTER_LANGUAGE)) {
      it(`${texts.namespace}: ${language} has the master's keys, each written out with the same placeholders`, () => {
        const catalogue = texts.catalogues[language]
        expect(Object.keys(catalogue).sort()).toEqual(Object.keys(master).sort())
        for (const [key, text] of Object.entries(master)) {
          const translated = catalogue[key] ?? ''
          expect(translated.trim(), `${texts.namespace}.${key} (${language})`).not.toBe('')
          expect(placeholders(translated), `${texts.namespace}.${key} (${language})`).toEqual(placeholders(text))
        }
      })
    }
    it(`${texts.namespace}: plural texts come as _one and _other`, () => {
      for (const key of Object.keys(master).filter(isPluralKey)) {
        const base = key.replace(/_(zero|one|two|few|many|other)$/, '')
        expect(Object.keys(master), key).toEqual(expect.arrayContaining([`${base}_one`, `${base}_other`]))
      }
    })
  }
})
