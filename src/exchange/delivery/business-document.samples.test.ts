import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { batchingValidator, type DocumentValidator } from '../xml/batching-validator.ts'
import { listConformanceSamples, readConformanceSample, vendoredNhnDir } from '../xml/conformance-files.ts'
import { createXsdValidator, DIALOG_NAMESPACES, PAYLOAD_NAMESPACES } from '../xml/xsd-validator.ts'
import { inspectBusinessDocument } from './business-document.ts'

// What the exchange makes of every public sample: accepted with this routing, or refused with this AppRec code.
type Expected = { msgType: string; sender: number; receivers: string } | { refused: string }

const ACCEPTED: Record<string, Expected> = {
  'apprec/derived/AppRec10_OK_extracted.xml': { msgType: 'APPREC', sender: 79768, receivers: '1234:primary' },
  'apprec/derived/AppRec10_avvist_E21_extracted.xml': { msgType: 'APPREC', sender: 79768, receivers: '1234:primary' },
  'apprec/derived/AppRec10_avvist_X99_extracted.xml': { msgType: 'APPREC', sender: 79768, receivers: '1234:primary' },
  'apprec/helsenorge_AppRec10_OK.xml': { msgType: 'APPREC', sender: 90998, receivers: '258521:primary' },
  'apprec/helsenorge_AppRec11_OK.xml': { msgType: 'APPREC', sender: 258521, receivers: '90998:primary' },
  'dialogmelding/helsenorge-innbygger/DIALOG_INNBYGGER_EKONTAKT.xml': { msgType: 'DIALOG_INNBYGGER_EKONTAKT', sender: 8141333, receivers: '8093244:primary' },
  'dialogmelding/v1.0/sarepta_Dialogmelding_avvik_v1-0.xml': { msgType: 'DIALOG_AVVIK', sender: 91101, receivers: '90998:primary' },
  'dialogmelding/v1.0/sarepta_Dialogmelding_foresporsel_PLO_v1-0.xml': { msgType: 'DIALOG_FORESPORSEL', sender: 5078, receivers: '91101:primary' },
  'dialogmelding/v1.0/sarepta_Dialogmelding_svar_foresporsel_PLO_v1-0.xml': { msgType: 'DIALOG_SVAR', sender: 91101, receivers: '5078:primary' },
  'dialogmelding/v1.1/sarepta_Helsefaglig_dialog_angi_profesjon_hos_mottaker.xml': {
    msgType: 'DIALOG_HELSEFAGLIG',
    sender: 258521,
    receivers: '90998:primary',
  },
  'dialogmelding/v1.1/sarepta_Status_paa_henvisning-InnkaltEtterViderehenvisning.xml': {
    msgType: 'DIALOG_STATUS_HENVISNING',
    sender: 90998,
    receivers: '8605:primary,258521:copy',
  },
  'epikrise/v1.2/epikrise_v1.2_c.xml': { msgType: 'EPIKRISE', sender: 94866, receivers: '91439:primary' },
  'epikrise/v1.2/epikrise_v1.2_m.xml': { msgType: 'EPIKRISE', sender: 94866, receivers: '91439:primary' },
  'epikrise/v1.2/epikrise_v1.2_n.xml': { msgType: 'EPIKRISE', sender: 94866, receivers: '91439:primary' },
  'henvisning/v1.1/henvisning_v1.1_n.xml': { msgType: 'HENVISNING', sender: 258521, receivers: '90998:primary' },
  'henvisning/v2.0/Henvisning_ny_tilstand_v2-0_Kansellering.xml': { msgType: 'HENVISNING_NYTILSTAND', sender: 91100, receivers: '90998:primary' },
  'henvisning/v2.0/Henvisning_ny_tilstand_v2-0_Ny.xml': { msgType: 'HENVISNING_NYTILSTAND', sender: 91100, receivers: '90998:primary' },
  // Not business documents: address-registry, CPP/CPA and ebXML envelope samples are refused as unsupported formats.
  'adresseregister/helsenorge_CommunicationDetails_93238.xml': { refused: 'T10' },
  'adresseregister/helsenorge_GetCertificateDetailsForEncryption_93238.xml': { refused: 'T10' },
  'cppa/ebxml-processor_CPA_nav-qass-31162_smtp.xml': { refused: 'T10' },
  'cppa/helsenorge_CPA_93252_amqp.xml': { refused: 'T10' },
  'cppa/helsenorge_CPP_93238_amqp.xml': { refused: 'T10' },
  'ebxml/ebxml-processor_acknowledgment.xml': { refused: 'T10' },
  'ebxml/ebxml-processor_messageerror.xml': { refused: 'T10' },
  'ebxml/ebxml-processor_payloadmessage.xml': { refused: 'T10' },
  'ebxml/sarepta_Acknowledgment.xml': { refused: 'T10' },
  'ebxml/sarepta_ebxml-eksempel_epikrise.xml': { refused: 'T10' },
  // NAV's internal wrapper is read (see read-message tests) but not exchanged.
  'apprec/nav-fellesformat/isdialogmelding_apprecError_E21_mottaker_finnes_ikke.xml': { refused: 'T10' },
  'apprec/nav-fellesformat/isdialogmelding_apprecError_X99.xml': { refused: 'T10' },
  'apprec/nav-fellesformat/isdialogmelding_apprecOK.xml': { refused: 'T10' },
  'dialogmelding/nav-fellesformat/padm2_dialog_notat.xml': { refused: 'T10' },
  'dialogmelding/nav-fellesformat/padm2_dialog_svar_foresporsel_om_pasient.xml': { refused: 'T10' },
  // Sarepta's example identifies its parties without HER-ids: nothing to route on.
  'apprec/sarepta_AppRec10_status3_OK_feil_i_delmelding.xml': { refused: 'X99' },
  // Carries an e-resept payload whose schema is not in the conformance set.
  'dialogmelding/helsenorge-innbygger/DIALOG_INNBYGGER_RESEPTFORNYELSE.xml': { refused: 'T02' },
  // Its Base64Container carries xsi:schemaLocation in a misspelt namespace (…/XMLSchemainstance): schema-invalid as published.
  'dialogmelding/v1.1/helsenorge_MsgHead_Dialogmelding11_notat_med_vedlegg.xml': { refused: 'T02' },
}

let validator: DocumentValidator
beforeAll(async () => {
  validator = batchingValidator(await createXsdValidator({ namespaces: [...DIALOG_NAMESPACES, ...PAYLOAD_NAMESPACES], xsdDir: join(vendoredNhnDir(), 'xsd') }))
})

describe('inspectBusinessDocument on every conformance sample', () => {
  const samples = listConformanceSamples()
  const expectations = (file: string): Expected => {
    if (file.startsWith('plo/')) return ACCEPTED[file] ?? { msgType: '(PLO)', sender: 0, receivers: '' }
    const expected = ACCEPTED[file]
    if (!expected) throw new Error(`no expectation for sample ${file}: add one`)
    return expected
  }

  it.each(samples)('%s', async (file) => {
    const result = await inspectBusinessDocument(readConformanceSample(file), validator, { maxBytes: 10_000_000 })
    const expected = expectations(file)
    if ('refused' in expected) {
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.failure.code).toBe(expected.refused)
      return
    }
    if (!result.ok) throw new Error(`${file} refused: ${result.failure.code} ${result.failure.reason} ${result.failure.details.join('; ')}`)
    const doc = result.document
    if (file.startsWith('plo/')) {
      // Every PLO sample passes through: validated with its payload schema, routed on MsgHead alone.
      expect(doc.process.payloadNamespace).toMatch(/^http:\/\/www\.kith\.no\/xmlstds\/po\//)
      expect(doc.receivers).toHaveLength(1)
      return
    }
    expect(doc.process.msgType).toBe(expected.msgType)
    expect(doc.senderHerId).toBe(expected.sender)
    expect(doc.receivers.map((r) => `${r.herId}:${r.role}`).join(',')).toBe(expected.receivers)
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/)
  })
})
