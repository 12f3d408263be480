import { beforeAll, describe, expect, it } from 'vitest'
import { readConformanceSample } from './conformance-files.ts'
import { createXsdValidator, DIALOG_NAMESPACES, PAYLOAD_NAMESPACES, type XsdDocument, type XsdValidator } from './xsd-validator.ts'

/** Sample as characters, honouring its declared encoding (the padm2 NAV sample is ISO-8859-1). */
function sampleText(path: string): string {
  const bytes = readConformanceSample(path)
  const latin1 = /^<\?xml[^>]*encoding\s*=\s*["']iso-8859-1["']/i.test(bytes.subarray(0, 100).toString('latin1'))
  return latin1 ? bytes.toString('latin1') : bytes.toString('utf8').replace(/^\uFEFF/, '')
}

function sample(path: string): XsdDocument {
  return { name: path, xml: sampleText(path) }
}

const VALID_DIALOG_SAMPLES = [
  'dialogmelding/v1.0/sarepta_Dialogmelding_avvik_v1-0.xml',
  'dialogmelding/v1.0/sarepta_Dialogmelding_foresporsel_PLO_v1-0.xml',
  'dialogmelding/v1.0/sarepta_Dialogmelding_svar_foresporsel_PLO_v1-0.xml',
  'dialogmelding/v1.1/sarepta_Helsefaglig_dialog_angi_profesjon_hos_mottaker.xml',
  'dialogmelding/v1.1/sarepta_Status_paa_henvisning-InnkaltEtterViderehenvisning.xml',
  'dialogmelding/helsenorge-innbygger/DIALOG_INNBYGGER_EKONTAKT.xml',
  'apprec/helsenorge_AppRec10_OK.xml',
  'apprec/helsenorge_AppRec11_OK.xml',
  'apprec/sarepta_AppRec10_status3_OK_feil_i_delmelding.xml',
  // The AppRec cut out of NAV's EI_fellesformat wrapper (see SOURCES.md "derived").
  'apprec/derived/AppRec10_OK_extracted.xml',
  'apprec/derived/AppRec10_avvist_X99_extracted.xml',
  'apprec/derived/AppRec10_avvist_E21_extracted.xml',
]

const HELSENORGE_DIALOG_11 = 'dialogmelding/v1.1/helsenorge_MsgHead_Dialogmelding11_notat_med_vedlegg.xml'
const AVVIK = 'dialogmelding/v1.0/sarepta_Dialogmelding_avvik_v1-0.xml'

describe('createXsdValidator (MsgHead, Dialogmelding 1.0/1.1, AppRec 1.0/1.1)', () => {
  let validator: XsdValidator
  beforeAll(async () => {
    validator = await createXsdValidator()
  })

  it('loads the dialog namespaces by default', () => {
    expect(validator.namespaces).toEqual(DIALOG_NAMESPACES)
  })

  it('validates the valid public samples, in one call, with results in input order', async () => {
    const results = await validator.validate(VALID_DIALOG_SAMPLES.map(sample))
    expect(results.map((r) => r.name)).toEqual(VALID_DIALOG_SAMPLES)
    for (const result of results) expect(result, result.name).toEqual({ name: result.name, valid: true, errors: [] })
  })

  it('finds the Helsenorge Dialogmelding 1.1 fixture invalid (misspelled xsi namespace on Base64Container)', async () => {
    const [result] = await validator.validate([sample(HELSENORGE_DIALOG_11)])
    expect(result?.valid).toBe(false)
    expect(result?.errors.join('\n')).toContain('http://www.w3.org/2001/XMLSchemainstance')
    expect(result?.errors.join('\n')).toContain('Base64Container')
  })

  it('names a removed element', async () => {
    const xml = sampleText(AVVIK).replace(/<MIGversion>[^<]*<\/MIGversion>/, '')
    const [result] = await validator.validate([{ name: 'no-migversion', xml }])
    expect(result?.valid).toBe(false)
    expect(result?.errors.some((e) => e.includes('MIGversion'))).toBe(true)
  })

  it('names a renamed element', async () => {
    const xml = sampleText(AVVIK).replace('<GenDate>', '<GenDato>').replace('</GenDate>', '</GenDato>')
    const [result] = await validator.validate([{ name: 'gendato', xml }])
    expect(result?.valid).toBe(false)
    expect(result?.errors.some((e) => e.includes('GenDato'))).toBe(true)
    expect(result?.errors[0]).toMatch(/^line \d+: /)
  })

  it('keeps per-document results apart in a mixed batch, whatever the caller names them', async () => {
    const broken = sampleText(AVVIK).replace('<GenDate>', '<GenDato>').replace('</GenDate>', '</GenDato>')
    const results = await validator.validate([
      sample('apprec/helsenorge_AppRec11_OK.xml'),
      { name: 'has spaces: and colons.xml', xml: broken },
      { name: '-looks-like-an-option', xml: sampleText('apprec/helsenorge_AppRec10_OK.xml') },
      { name: 'not well-formed', xml: '<a><b></a>' },
      { name: 'has a doctype', xml: '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' },
      { name: 'unknown root', xml: '<Other xmlns="urn:x"/>' },
    ])
    expect(results.map((r) => [r.name, r.valid])).toEqual([
      ['apprec/helsenorge_AppRec11_OK.xml', true],
      ['has spaces: and colons.xml', false],
      ['-looks-like-an-option', true],
      ['not well-formed', false],
      ['has a doctype', false],
      ['unknown root', false],
    ])
    expect(results[1]?.errors.join()).toContain('GenDato')
    expect(results[3]?.errors.join()).toMatch(/parser error/)
    expect(results[4]?.errors).toEqual(['DOCTYPE or other DTD declaration refused'])
    expect(results[5]?.errors.join()).toContain('No matching global declaration')
  })

  it('validates an ISO-8859-1-declared document handed over as characters', async () => {
    const latin1 = sampleText('apprec/helsenorge_AppRec10_OK.xml')
      .replace(/^<\?xml[^>]*\?>\s*/, '')
      .replace(/<Name>[^<]*</, '<Name>Bjørnør kommune, Ærø og Ås<')
    expect(latin1).toContain('Bjørnør')
    const [result] = await validator.validate([{ name: 'latin1', xml: `<?xml version="1.0" encoding="ISO-8859-1"?>\n${latin1}` }])
    expect(result).toEqual({ name: 'latin1', valid: true, errors: [] })
  })

  describe('MsgHead inside NAV EI_fellesformat', () => {
    // The wrapper's own schema (navikt/syfo-xml-codegen Fellesformat2_any.xsd) is not in the conformance folder, so
    // we validate the MsgHead cut out of it, moving the xsi declaration from the wrapper onto it (as SOURCES.md's
    // "derived" AppRec samples do).
    function innerMsgHead(path: string): string {
      const wrapped = sampleText(path)
      const start = wrapped.indexOf('<MsgHead')
      const end = wrapped.indexOf('</MsgHead>') + '</MsgHead>'.length
      const inner = wrapped.slice(start, end)
      return inner.includes('xmlns:xsi=') ? inner : inner.replace('<MsgHead ', '<MsgHead xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ')
    }

    it('padm2 DIALOG_SVAR is valid', async () => {
      const [result] = await validator.validate([
        { name: 'svar', xml: innerMsgHead('dialogmelding/nav-fellesformat/padm2_dialog_svar_foresporsel_om_pasient.xml') },
      ])
      expect(result).toEqual({ name: 'svar', valid: true, errors: [] })
    })

    it('padm2 DIALOG_NOTAT is invalid: NAV test data has MsgInfo children out of schema order', async () => {
      const [result] = await validator.validate([{ name: 'notat', xml: innerMsgHead('dialogmelding/nav-fellesformat/padm2_dialog_notat.xml') }])
      expect(result?.valid).toBe(false)
      // RefToConversation before RefToParent, and Ack after ConversationRef (MsgHead-v1_2.xsd wants Ack first).
      expect(result?.errors).toHaveLength(2)
      expect(result?.errors[0]).toContain("RefToConversation': This element is not expected")
      expect(result?.errors[1]).toContain("Ack': This element is not expected")
    })
  })

  it('validates a batch of 100 documents in one call', async () => {
    const documents = Array.from({ length: 100 }, (_, i) => {
      const source = VALID_DIALOG_SAMPLES[i % VALID_DIALOG_SAMPLES.length] ?? AVVIK
      const xml = sampleText(source)
      // Every tenth loses its (required) GenDate, so a mix-up between file names and results would show.
      return { name: `msg-${i}`, xml: i % 10 === 7 ? xml.replace(/<(\w+:)?GenDate>[^<]*<\/(\w+:)?GenDate>/, '') : xml }
    })
    const started = performance.now()
    const results = await validator.validate(documents)
    const elapsed = performance.now() - started
    expect(results).toHaveLength(100)
    results.forEach((result, i) => {
      expect(result.name).toBe(`msg-${i}`)
      expect(result.valid, `${result.name}: ${result.errors.join('; ')}`).toBe(i % 10 !== 7)
    })
    // One compile plus 100 small documents; per-document calls would take ~100 × 70 ms. Generous bound for slow CI.
    expect(elapsed).toBeLessThan(3000)
  })

  it('returns an empty list for an empty batch without calling xmllint', async () => {
    expect(await validator.validate([])).toEqual([])
  })
})

describe('createXsdValidator with the PLO, Epikrise and Henvisning payload schemas', () => {
  it('validates MsgHead messages carrying those payloads', async () => {
    const validator = await createXsdValidator({ namespaces: [...DIALOG_NAMESPACES, ...PAYLOAD_NAMESPACES] })
    const paths = [
      'plo/v1.6/Pasientlogistikk_Innlagt_pasient_v1-6_Ny.xml',
      'plo/v1.6/Utskrivningsrapport_v1-6_Ny.xml',
      'henvisning/v2.0/Henvisning_ny_tilstand_v2-0_Ny.xml',
      'epikrise/v1.2/epikrise_v1.2_n.xml',
      'henvisning/v1.1/henvisning_v1.1_n.xml',
    ]
    const results = await validator.validate(paths.map(sample))
    for (const result of results) expect(result, result.name).toEqual({ name: result.name, valid: true, errors: [] })
  })

  it('without them, a PLO message fails on the strict Content wildcard', async () => {
    const validator = await createXsdValidator()
    const [result] = await validator.validate([sample('plo/v1.6/Pasientlogistikk_Innlagt_pasient_v1-6_Ny.xml')])
    expect(result?.valid).toBe(false)
    expect(result?.errors.join()).toContain('strict wildcard')
  })

  it('refuses a namespace the catalog does not know', async () => {
    await expect(createXsdValidator({ namespaces: ['urn:unknown'] })).rejects.toThrow(/no schema for namespace urn:unknown/)
  })
})

describe('createXsdValidator start-up', () => {
  it('fails at creation when the schema set does not compile', async () => {
    const { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { conformanceXsdDir } = await import('./conformance-files.ts')
    const dir = mkdtempSync(join(tmpdir(), 'samband-xsd-'))
    try {
      cpSync(conformanceXsdDir(), dir, { recursive: true })
      const kith = join(dir, 'kith.xsd')
      // A reference to a type that does not exist: well-formed, but the schema cannot compile.
      writeFileSync(kith, readFileSync(kith, 'latin1').replace('</schema>', '<element name="Broken" type="kith:NoSuchType"/></schema>'), 'latin1')
      await expect(createXsdValidator({ xsdDir: dir })).rejects.toThrow(/NoSuchType|compile/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
