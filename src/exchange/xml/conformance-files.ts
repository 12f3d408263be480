import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The NHN conformance folder (XSDs and public sample messages) lives in `shared/` next to the repository, not
 * inside it. We walk up from this file rather than hard-coding `../../../../` so the same code finds it from
 * `src/exchange/xml` (tsx, vitest) and from `dist/src/exchange/xml` (built server), which sit at different depths.
 */
function findConformanceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'shared', 'conformance', 'nhn')
    if (existsSync(join(candidate, 'xsd', 'catalog.xml'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`shared/conformance/nhn not found above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
}

let cachedRoot: string | undefined

/** Absolute path of `shared/conformance/nhn`, resolved once. */
export function conformanceRoot(): string {
  cachedRoot ??= findConformanceRoot()
  return cachedRoot
}

/** Absolute path of the folder holding the NHN XSDs and catalog.xml. */
export function conformanceXsdDir(): string {
  return join(conformanceRoot(), 'xsd')
}

/**
 * The repository's own byte-exact copy of the national material (vendor/nhn): what the server uses at run time,
 * so that an installation does not depend on the conformance folder beside the checkout.
 */
export function vendoredNhnDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'vendor', 'nhn')
    if (existsSync(join(candidate, 'xsd', 'catalog.xml'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`vendor/nhn not found above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
}

/** Every sample XML file, as paths relative to `samples/` with forward slashes, sorted (stable test names). */
export function listConformanceSamples(): string[] {
  const samplesDir = join(conformanceRoot(), 'samples')
  const files = readdirSync(samplesDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.xml'))
    .map((entry) => relative(samplesDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
  return files.sort()
}

/** Raw bytes of one sample (bytes, not a string: some tests care about the encoding). */
export function readConformanceSample(relativePath: string): Buffer {
  return readFileSync(join(conformanceRoot(), 'samples', ...relativePath.split('/')))
}
