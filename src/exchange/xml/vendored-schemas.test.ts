import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { conformanceRoot, vendoredNhnDir } from './conformance-files.ts'

describe('vendor/nhn', () => {
  it('holds byte-exact copies of every conformance XSD', () => {
    const source = join(conformanceRoot(), 'xsd')
    const files = readdirSync(source).sort()
    expect(readdirSync(join(vendoredNhnDir(), 'xsd')).sort()).toEqual(files)
    for (const file of files) expect(readFileSync(join(vendoredNhnDir(), 'xsd', file)).equals(readFileSync(join(source, file))), file).toBe(true)
  })

  it("holds NHN's OpenAPI document unchanged", () => {
    const vendored = readFileSync(join(vendoredNhnDir(), 'msh-api-v2.openapi.json'))
    expect(vendored.equals(readFileSync(join(conformanceRoot(), 'edi2', 'msh-api-v2.openapi.json')))).toBe(true)
  })
})
