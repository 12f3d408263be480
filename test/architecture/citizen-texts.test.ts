import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// Citizen pages are read in bokmål, nynorsk and English: a word written straight into their JSX would show in bokmål
// whatever the reader chose. This finds such words (JSX text, and the attributes people read or hear) in every file a
// citizen's page is drawn from; texts belong in a *.texts.ts catalogue.

const WEB_SRC = fileURLToPath(new URL('../../web/src', import.meta.url))

/** Folders whose every component a citizen sees. */
const CITIZEN_FOLDERS = ['pages/innbygger', 'pages/felles', 'components/innbygger', 'components/thread', 'components/fullmakt', 'components/innsyn', 'i18n']
/** Shared components that citizen pages use. */
const SHARED_FILES = [
  'components/AccessDenied.tsx',
  'components/AppFooter.tsx',
  'components/AppHeader.tsx',
  'components/AttachmentPicker.tsx',
  'components/CharacterCounter.tsx',
  'components/Feedback.tsx',
  'components/FieldErrorSummary.tsx',
  'components/Layout.tsx',
  'components/NationalIdField.tsx',
  'components/StatusTags.tsx',
]
/** Not translated yet: each is to leave this list; the test fails on one that has become clean, to keep it honest. */
const PENDING = new Set<string>([])
/** Names, the same in every language. */
const NAMES = new Set(['Samband', 'Helsenorge', 'ID-porten'])

const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'alt', 'title', 'placeholder', 'label', 'description', 'legend', 'error', 'heading'])
const WORD = /\p{L}{2,}/u

function tsxFiles(folder: string): string[] {
  return readdirSync(join(WEB_SRC, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return tsxFiles(path)
    return entry.name.endsWith('.tsx') && !entry.name.endsWith('.test.tsx') ? [path] : []
  })
}

function untranslatedTexts(source: string, fileName: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORD.test(node.text) && !NAMES.has(node.text.trim())) found.push(node.text.trim())
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      const value = node.initializer
      const literal = ts.isStringLiteral(value)
        ? value
        : ts.isJsxExpression(value) && value.expression && (ts.isStringLiteral(value.expression) || ts.isNoSubstitutionTemplateLiteral(value.expression))
          ? value.expression
          : null
      if (literal && WORD.test(literal.text)) found.push(`${node.name.getText(file)}="${literal.text}"`)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

const files = [...CITIZEN_FOLDERS.flatMap(tsxFiles), ...SHARED_FILES].map((f) => relative(WEB_SRC, join(WEB_SRC, f)))

describe('citizen pages have no text outside the catalogues', () => {
  it('finds the files', () => expect(files.length).toBeGreaterThan(10))
  for (const file of files) {
    it(file, () => {
      const texts = untranslatedTexts(readFileSync(join(WEB_SRC, file), 'utf8'), file)
      if (PENDING.has(file)) expect(texts, `${file} is clean now: take it off PENDING`).not.toEqual([])
      else expect(texts).toEqual([])
    })
  }
  it('finds text in JSX and in read attributes', () => {
    expect(untranslatedTexts('const a = <p title="Hei der">Hallo {x} verden</p>', 'x.tsx')).toEqual(['title="Hei der"', 'Hallo', 'verden'])
    expect(untranslatedTexts("const a = <p aria-label={t('x')}>{t('y')} · 2</p>", 'x.tsx')).toEqual([])
  })
})
