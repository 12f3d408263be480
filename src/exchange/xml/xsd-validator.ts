import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { memoryPages, validateXML, type XMLFileInfo } from 'xmllint-wasm'
import { conformanceXsdDir } from './conformance-files.ts'
import { containsDtdMarkup, parseXmlSafely } from './safe-xml.ts'

/**
 * XSD validation of the national message standards with libxml2 (xmllint compiled to WebAssembly).
 *
 * xmllint-wasm compiles the schemas on every call (~60–100 ms here) in a fresh worker, so one call per message
 * cannot keep up with the exchange; `validate` therefore takes a batch and validates it in one call. The schema
 * files are read once, at creation, and kept in memory.
 *
 * Error strings are libxml2's messages and can quote values from the document (an invalid national id, a
 * date): treat them like the document itself, not like log-safe text.
 */

export interface XsdDocument {
  name: string
  xml: string
}

export interface XsdResult {
  name: string
  valid: boolean
  errors: string[]
}

export interface XsdValidator {
  /** Namespaces whose global elements can be validation roots (and can fill MsgHead's strict `Content` wildcard). */
  readonly namespaces: readonly string[]
  /** Validates the batch in one xmllint run; results come back in input order. */
  validate(documents: readonly XsdDocument[]): Promise<XsdResult[]>
}

export const MSGHEAD_NAMESPACE = 'http://www.kith.no/xmlstds/msghead/2006-05-24'
export const DIALOGMELDING_1_0_NAMESPACE = 'http://www.kith.no/xmlstds/dialog/2006-10-11'
export const DIALOGMELDING_1_1_NAMESPACE = 'http://www.kith.no/xmlstds/dialog/2013-01-23'
export const APPREC_1_0_NAMESPACE = 'http://www.kith.no/xmlstds/apprec/2004-11-21'
export const APPREC_1_1_NAMESPACE = 'http://www.kith.no/xmlstds/apprec/2012-02-15'

/** MsgHead with the Dialogmelding payloads, and both AppRec versions. */
export const DIALOG_NAMESPACES: readonly string[] = [
  MSGHEAD_NAMESPACE,
  DIALOGMELDING_1_0_NAMESPACE,
  DIALOGMELDING_1_1_NAMESPACE,
  APPREC_1_0_NAMESPACE,
  APPREC_1_1_NAMESPACE,
]

/**
 * The other payloads in the conformance folder (PLO 1.6, Epikrise 1.2, Henvisning 1.1/2.0). MsgHead's
 * `RefDoc/Content` is `processContents="strict"`, so a MsgHead carrying one of these only validates when its schema
 * is loaded too. Costs ~30 ms more compile time per call.
 */
export const PAYLOAD_NAMESPACES: readonly string[] = [
  'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
  'http://www.kith.no/xmlstds/po/Innleggelsesrapport/2012-04-01',
  'http://www.kith.no/xmlstds/po/HelseopplysningerVedSoknad/2012-04-01',
  'http://www.kith.no/xmlstds/po/HelseopplysningerTilLege/2012-04-01',
  'http://www.kith.no/xmlstds/po/MedisinskeOpplysninger/2012-04-01',
  'http://www.kith.no/xmlstds/po/OrienteringOmTjenestetilbud/2012-04-01',
  'http://www.kith.no/xmlstds/po/TverrfagligEpikrise/2012-04-01',
  'http://www.kith.no/xmlstds/epikrise/2012-02-15',
  'http://www.kith.no/xmlstds/henvisning/2012-02-15',
  'http://ehelse.no/xmlstds/henvisning/2017-11-30',
]

export interface XsdValidatorOptions {
  /** Root namespaces to load; their imports are followed. Default: DIALOG_NAMESPACES. */
  namespaces?: readonly string[]
  /** Folder with the XSDs and catalog.xml. Default: shared/conformance/nhn/xsd. */
  xsdDir?: string
}

interface Catalog {
  /** Remote schemaLocation URL → local file name. */
  systemIds: Map<string, string>
  /** Namespace URI → local file name. */
  namespaces: Map<string, string>
}

function readCatalog(xsdDir: string): Catalog {
  const parsed = parseXmlSafely(readFileSync(join(xsdDir, 'catalog.xml')), { maxBytes: 1024 * 1024 })
  if (!parsed.ok) throw new Error(`catalog.xml: ${parsed.error.message}`)
  const systemIds = new Map<string, string>()
  const uris = new Map<string, string>()
  for (const entry of parsed.document.root.children) {
    const uri = entry.attributes.uri
    if (uri === undefined) continue
    if (entry.localName === 'system' && entry.attributes.systemId !== undefined) systemIds.set(entry.attributes.systemId, uri)
    if (entry.localName === 'uri' && entry.attributes.name !== undefined) uris.set(entry.attributes.name, uri)
  }
  // The catalog's <uri> entries mix schema URLs and namespace names; a name that is also a system id is a URL.
  const namespaces = new Map([...uris].filter(([name]) => !systemIds.has(name)))
  return { systemIds, namespaces }
}

const SCHEMA_LOCATION = /\bschemaLocation\s*=\s*(["'])([^"']*)\1/g

/**
 * Points every schemaLocation at a file in the in-memory folder: remote URLs through the catalog, and Sarepta's
 * relative layout (`../../felleskomponenter/kith.xsd` in dialogmelding-v1.1.xsd) by file name. The files under
 * shared/ stay byte-exact copies; only this in-memory copy changes. Works on a latin1 view so the bytes of the
 * ISO-8859-1 schemas (dialogmelding.xsd has an element named "Formål") survive untouched.
 */
function rewriteLocations(source: Buffer, catalog: Catalog): { bytes: Buffer; locations: string[] } {
  const locations: string[] = []
  const text = source.toString('latin1').replace(SCHEMA_LOCATION, (_match, quote: string, location: string) => {
    const local = catalog.systemIds.get(location) ?? location.split('/').pop() ?? location
    locations.push(local)
    return `schemaLocation=${quote}${local}${quote}`
  })
  return { bytes: Buffer.from(text, 'latin1'), locations }
}

function loadSchemas(xsdDir: string, namespaces: readonly string[]): { wrapper: XMLFileInfo; files: XMLFileInfo[] } {
  const catalog = readCatalog(xsdDir)
  const roots = namespaces.map((namespace) => {
    const file = catalog.namespaces.get(namespace)
    if (file === undefined) throw new Error(`no schema for namespace ${namespace} in catalog.xml`)
    return { namespace, file }
  })
  const files = new Map<string, Buffer>()
  const pending = roots.map((root) => root.file)
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue
    // xml.xsd mentions its own URL in a comment; it resolves to itself, which the `has` check above absorbs.
    const { bytes, locations } = rewriteLocations(readFileSync(join(xsdDir, file)), catalog)
    files.set(file, bytes)
    pending.push(...locations)
  }
  const imports = roots.map((root) => `  <xs:import namespace="${root.namespace}" schemaLocation="${root.file}"/>`).join('\n')
  const wrapper = `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n${imports}\n</xs:schema>\n`
  return {
    // The name cannot clash with a real schema file: none of them starts with an underscore.
    wrapper: { fileName: '_samband-wrapper.xsd', contents: wrapper },
    files: [...files].map(([fileName, contents]) => ({ fileName, contents })),
  }
}

const XML_DECLARATION_ENCODING = /^(\uFEFF?<\?xml\s[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2/

/**
 * The caller hands us characters, and we hand libxml2 UTF-8 bytes; a declaration still saying ISO-8859-1 would make
 * libxml2 read those bytes as latin1 and garble æøå, so the declaration is made to match (line numbers unchanged).
 */
function asUtf8Bytes(xml: string): Buffer {
  return Buffer.from(xml.replace(XML_DECLARATION_ENCODING, '$1$2UTF-8$2'), 'utf8')
}

// Internal file names: caller names can be anything (spaces, colons, a leading dash xmllint would read as an option),
// and xmllint's output is only parseable when the name is known not to contain ':' or spaces.
const fileNameOf = (index: number) => `doc-${index}.xml`
const OUTPUT_LINE = /^doc-(\d+)\.xml(?::(\d+):\s*(.*)| (validates|fails to validate))$/

function mapOutput(output: string, count: number): Array<{ validates: boolean; errors: string[] }> {
  const results = Array.from({ length: count }, () => ({ validates: false, errors: [] as string[] }))
  for (const line of output.split('\n')) {
    const match = OUTPUT_LINE.exec(line)
    // Lines without a file prefix continue the previous message: the quoted source line and caret after a parser
    // error, or the rest of a multi-line value. They repeat document content, so they are left out.
    if (!match) continue
    const result = results[Number(match[1])]
    if (result === undefined) continue
    if (match[4] === 'validates') result.validates = true
    else if (match[4] === undefined) result.errors.push(`line ${match[2]}: ${(match[3] ?? '').trim()}`)
  }
  return results
}

export async function createXsdValidator(options: XsdValidatorOptions = {}): Promise<XsdValidator> {
  const namespaces = [...(options.namespaces ?? DIALOG_NAMESPACES)]
  const { wrapper, files } = loadSchemas(options.xsdDir ?? conformanceXsdDir(), namespaces)

  async function run(documents: readonly XMLFileInfo[]): Promise<string> {
    const totalBytes = documents.reduce((sum, d) => sum + d.contents.length, 0)
    // Default cap is 32 MiB; schemas take a few, and libxml2 needs several times a document's size for its tree.
    const maxMemoryPages = Math.min(memoryPages.max, memoryPages.defaultMaxMemoryPages + Math.ceil((totalBytes * 8) / (64 * 1024)))
    try {
      const result = await validateXML({
        xml: documents,
        schema: wrapper,
        preload: files,
        maxMemoryPages,
        // Nothing is reachable from the wasm sandbox anyway; --nonet makes libxml2 not even try.
        modifyArguments: (args) => ['--nonet', ...args],
      })
      return result.rawOutput
    } catch (error) {
      // Exit codes other than "valid"/"invalid" reject; a schema that fails to compile is one of them.
      throw new Error(`xmllint failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  // Compile once now, so a broken schema set fails at start-up rather than on the first message.
  const probe = await run([{ fileName: fileNameOf(0), contents: '<probe/>' }])
  if (/failed to compile|Schemas parser error/.test(probe)) throw new Error(`the XSD set does not compile:\n${probe}`)

  return {
    namespaces,
    async validate(documents) {
      const results: XsdResult[] = documents.map((d) => ({ name: d.name, valid: false, errors: [] }))
      const batch: XMLFileInfo[] = []
      const batchIndex: number[] = []
      documents.forEach((document, index) => {
        // libxml2 would honour a DTD (entities, default attributes). Nothing legitimate has one: same rule as parseXmlSafely.
        if (containsDtdMarkup(document.xml)) {
          results[index]?.errors.push('DOCTYPE or other DTD declaration refused')
          return
        }
        batchIndex.push(index)
        batch.push({ fileName: fileNameOf(batch.length), contents: asUtf8Bytes(document.xml) })
      })
      if (batch.length === 0) return results
      const output = await run(batch)
      if (/failed to compile/.test(output)) throw new Error(`the XSD set did not compile:\n${output}`)
      mapOutput(output, batch.length).forEach((mapped, position) => {
        const result = results[batchIndex[position] ?? -1]
        if (result === undefined) return
        result.errors.push(...mapped.errors)
        result.valid = mapped.validates && mapped.errors.length === 0
        if (!result.valid && result.errors.length === 0) result.errors.push('xmllint reported no result for this document')
      })
      return results
    },
  }
}
