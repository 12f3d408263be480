import { describe, expect, it } from 'vitest'
import { listConformanceSamples, readConformanceSample } from '../xml/conformance-files.ts'
import { parseXmlSafely } from '../xml/safe-xml.ts'
import type { Message } from './message.types.ts'
import { addressedHerId, identOf, summariseMessage } from './message-summary.ts'
import type { Envelope } from './msg-head.types.ts'
import { readMessage } from './read-message.ts'

function read(file: string): Message {
  const parsed = parseXmlSafely(readConformanceSample(file), { maxBytes: 1_000_000 })
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`)
  const result = readMessage(parsed.document)
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.errors)}`)
  return result.message
}

type MsgHeadCase = {
  file: string
  msgId: string
  msgType: string
  sender: string[]
  receiver: string[]
  patient?: [string, string]
  conversationRef?: [string, string]
}

const DIALOGMELDING_CASES: (MsgHeadCase & { envelope: Envelope; version: '1.0' | '1.1'; textIn: 'notat' | 'foresporsel'; textStart: string })[] = [
  {
    file: 'dialogmelding/helsenorge-innbygger/DIALOG_INNBYGGER_EKONTAKT.xml',
    msgId: '0d77d041-f010-4ec8-9105-f3dda92fc320',
    msgType: 'DIALOG_INNBYGGER_EKONTAKT',
    sender: ['115851', '8141333'],
    receiver: ['115851', '8093244'],
    patient: ['FNR', '13116900216'],
    envelope: 'plain',
    version: '1.1',
    textIn: 'foresporsel',
    textStart: 'Hei. Jeg skal ha eksamen',
  },
  {
    file: 'dialogmelding/helsenorge-innbygger/DIALOG_INNBYGGER_RESEPTFORNYELSE.xml',
    msgId: '7c2620d7-2b8e-49d2-bcc8-5bc616c7f22a',
    msgType: 'DIALOG_INNBYGGER_RESEPTFORNYELSE',
    sender: ['115851', '8141333'],
    receiver: ['115851', '8093244'],
    patient: ['FNR', '12057900308'],
    envelope: 'plain',
    version: '1.1',
    textIn: 'notat',
    textStart: 'Din NYE#21.3-resept er sendt',
  },
  {
    file: 'dialogmelding/nav-fellesformat/padm2_dialog_notat.xml',
    msgId: '37340D30-FE14-42B5-985F-A8FF8FFA0CB5',
    msgType: 'DIALOG_NOTAT',
    sender: ['0123', '1234'],
    receiver: ['79768'],
    patient: ['FNR', '01010142365'],
    conversationRef: ['37340D30-FE14-42B5-985F-A8FF8FFA0CB5', '37340D30-FE14-42B5-985F-A8FF8FFA0C99'],
    envelope: 'nav-fellesformat',
    version: '1.0',
    textIn: 'notat',
    textStart: 'Hei,Det gjelder pas.',
  },
  {
    file: 'dialogmelding/nav-fellesformat/padm2_dialog_svar_foresporsel_om_pasient.xml',
    msgId: 'b62016eb-6c2d-417a-8ecc-157b3c5ee2ca',
    msgType: 'DIALOG_SVAR',
    sender: ['0123', '1234'],
    receiver: ['79768'],
    patient: ['FNR', '3143242342'],
    envelope: 'nav-fellesformat',
    version: '1.0',
    textIn: 'notat',
    textStart: 'Pasieten har masse info her',
  },
  {
    file: 'dialogmelding/v1.0/sarepta_Dialogmelding_avvik_v1-0.xml',
    msgId: '79a353f0-0118-11e8-8f1a-0800200c9a66',
    msgType: 'DIALOG_AVVIK',
    sender: ['91096', '91101'],
    receiver: ['59', '90998'],
    patient: ['FNR', '13116900216'],
    conversationRef: ['96cadc00-0118-11e8-8f1a-0800200c9a66', '96cadc00-0118-11e8-8f1a-0800200c9a66'],
    envelope: 'plain',
    version: '1.0',
    textIn: 'notat',
    textStart: 'Pasienten er ukjent for oss',
  },
  {
    file: 'dialogmelding/v1.0/sarepta_Dialogmelding_foresporsel_PLO_v1-0.xml',
    msgId: 'f0f88210-0111-11e8-8f1a-0800200c9a66',
    msgType: 'DIALOG_FORESPORSEL',
    sender: ['99387', '5078'],
    receiver: ['91096', '91101'],
    patient: ['FNR', '13116900216'],
    envelope: 'plain',
    version: '1.0',
    textIn: 'foresporsel',
    textStart: 'Pas går snart tom for cetirizin',
  },
  {
    file: 'dialogmelding/v1.0/sarepta_Dialogmelding_svar_foresporsel_PLO_v1-0.xml',
    msgId: '42001f60-0117-11e8-8f1a-0800200c9a66',
    msgType: 'DIALOG_SVAR',
    sender: ['91096', '91101'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '13116900216'],
    conversationRef: ['f0f88210-0111-11e8-8f1a-0800200c9a66', 'f0f88210-0111-11e8-8f1a-0800200c9a66'],
    envelope: 'plain',
    version: '1.0',
    textIn: 'notat',
    textStart: 'eresept på cetirizin 10mg tabl',
  },
  {
    file: 'dialogmelding/v1.1/helsenorge_MsgHead_Dialogmelding11_notat_med_vedlegg.xml',
    msgId: 'de1a95c0-4d0c-11e7-9598-0800200c9a66',
    msgType: 'DIALOG_HELSEFAGLIG',
    sender: ['56704', '258521'],
    receiver: ['59', '90998'],
    patient: ['FNR', '13116900216'],
    conversationRef: ['d14ea2f3-d796-4d7b-8271-a4480d2b4035', 'a14ea2f3-d796-4d7b-8271-a4480d2b4037'],
    envelope: 'plain',
    version: '1.1',
    textIn: 'notat',
    textStart: 'Pasienten er henvist til',
  },
  {
    file: 'dialogmelding/v1.1/sarepta_Helsefaglig_dialog_angi_profesjon_hos_mottaker.xml',
    msgId: 'd93cebe5-ac91-4022-8969-4f93300d8171',
    msgType: 'DIALOG_HELSEFAGLIG',
    sender: ['56704', '258521'],
    receiver: ['59', '90998'],
    patient: ['FNR', '13116900216'],
    envelope: 'plain',
    version: '1.1',
    textIn: 'notat',
    textStart: 'Pasienten er under opptrening',
  },
  {
    file: 'dialogmelding/v1.1/sarepta_Status_paa_henvisning-InnkaltEtterViderehenvisning.xml',
    msgId: '797700e0-2d17-11e8-b566-0800200c9a66',
    msgType: 'DIALOG_STATUS_HENVISNING',
    sender: ['59', '90998'],
    receiver: ['62', '8605'],
    patient: ['FNR', '13116900216'],
    conversationRef: ['810200d0-2d17-11e8-b566-0800200c9a66', '87ef6130-2d17-11e8-b566-0800200c9a66'],
    envelope: 'plain',
    version: '1.1',
    textIn: 'notat',
    textStart: 'Henvisningen er mottatt fra Sykehuset Levanger HF',
  },
]

const OPAQUE_CASES: (MsgHeadCase & { format: 'msghead' | 'kith-message'; namespace: string; localName: string })[] = [
  {
    file: 'epikrise/v1.2/epikrise_v1.2_c.xml',
    msgId: '89da1760-456e-11e7-9598-0800200c9a66',
    msgType: 'EPIKRISE',
    sender: ['91393', '94866'],
    receiver: ['91393', '91439'],
    patient: ['FNR', '13116900216'],
    format: 'kith-message',
    namespace: 'http://www.kith.no/xmlstds/epikrise/2012-02-15',
    localName: 'Message',
  },
  {
    file: 'epikrise/v1.2/epikrise_v1.2_m.xml',
    msgId: '54602b70-456d-11e7-9598-0800200c9a66',
    msgType: 'EPIKRISE',
    sender: ['91393', '94866'],
    receiver: ['91393', '91439'],
    patient: ['FNR', '13116900216'],
    format: 'kith-message',
    namespace: 'http://www.kith.no/xmlstds/epikrise/2012-02-15',
    localName: 'Message',
  },
  {
    file: 'epikrise/v1.2/epikrise_v1.2_n.xml',
    msgId: 'f022ccd0-4567-11e7-9598-0800200c9a66',
    msgType: 'EPIKRISE',
    sender: ['91393', '94866'],
    receiver: ['91393', '91439'],
    patient: ['FNR', '13116900216'],
    format: 'kith-message',
    namespace: 'http://www.kith.no/xmlstds/epikrise/2012-02-15',
    localName: 'Message',
  },
  {
    file: 'henvisning/v1.1/henvisning_v1.1_n.xml',
    msgId: '02a51109-7416-4822-9742-bcd6fdfd036f',
    msgType: 'HENVISNING',
    sender: ['56704', '258521'],
    receiver: ['59', '90998'],
    patient: ['FNR', '13116900216'],
    format: 'kith-message',
    namespace: 'http://www.kith.no/xmlstds/henvisning/2012-02-15',
    localName: 'Message',
  },
  {
    file: 'henvisning/v2.0/Henvisning_ny_tilstand_v2-0_Kansellering.xml',
    msgId: '40df4d10-319e-11e8-b566-0800200c9a66',
    msgType: 'HENVISNING_NYTILSTAND',
    sender: ['91096', '91100'],
    receiver: ['59', '90998'],
    patient: ['FNR', '13116900216'],
    conversationRef: ['49c824c0-319d-11e8-b566-0800200c9a66', '76665c90-3198-11e8-b566-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://ehelse.no/xmlstds/henvisning/2017-11-30',
    localName: 'Henvisning',
  },
  {
    file: 'henvisning/v2.0/Henvisning_ny_tilstand_v2-0_Ny.xml',
    msgId: '76665c90-3198-11e8-b566-0800200c9a66',
    msgType: 'HENVISNING_NYTILSTAND',
    sender: ['91096', '91100'],
    receiver: ['59', '90998'],
    patient: ['FNR', '13116900216'],
    format: 'msghead',
    namespace: 'http://ehelse.no/xmlstds/henvisning/2017-11-30',
    localName: 'Henvisning',
  },
  {
    file: 'plo/v1.6/Helseopplysninger_Oppdaterte_opplysninger_v1-6_Endring1.xml',
    msgId: '29554920-fd22-11e7-8f1a-0800200c9a66',
    msgType: 'HELSEOPPL_SOKNAD',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '12057900499'],
    conversationRef: ['37fc6c80-fd20-11e7-8f1a-0800200c9a66', '37fc6c80-fd20-11e7-8f1a-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/HelseopplysningerVedSoknad/2012-04-01',
    localName: 'HelseopplysningerVedSoknad',
  },
  {
    file: 'plo/v1.6/Helseopplysninger_Oppdaterte_opplysninger_v1-6_Endring2.xml',
    msgId: 'd33c8150-fd23-11e7-8f1a-0800200c9a66',
    msgType: 'HELSEOPPL_SOKNAD',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '12057900499'],
    conversationRef: ['29554920-fd22-11e7-8f1a-0800200c9a66', '37fc6c80-fd20-11e7-8f1a-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/HelseopplysningerVedSoknad/2012-04-01',
    localName: 'HelseopplysningerVedSoknad',
  },
  {
    file: 'plo/v1.6/Helseopplysninger_Varsel_om_innlagt_pasient_v1-6_Ny.xml',
    msgId: '37fc6c80-fd20-11e7-8f1a-0800200c9a66',
    msgType: 'HELSEOPPL_SOKNAD',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '12057900499'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/HelseopplysningerVedSoknad/2012-04-01',
    localName: 'HelseopplysningerVedSoknad',
  },
  {
    file: 'plo/v1.6/Helseopplysninger_til_lege_v1-6_Kansellering.xml',
    msgId: 'f7aba920-05b2-11e8-8f1a-0800200c9a66',
    msgType: 'HELSEOPPLYSNINGER_LEGE',
    sender: ['99387', '5078'],
    receiver: ['91096', '91100'],
    patient: ['FNR', '13116900216'],
    conversationRef: ['298ba670-05a9-11e8-8f1a-0800200c9a66', '298ba670-05a9-11e8-8f1a-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/HelseopplysningerTilLege/2012-04-01',
    localName: 'Konsultasjon',
  },
  {
    file: 'plo/v1.6/Helseopplysninger_til_lege_v1-6_Ny.xml',
    msgId: '298ba670-05a9-11e8-8f1a-0800200c9a66',
    msgType: 'HELSEOPPLYSNINGER_LEGE',
    sender: ['99387', '5078'],
    receiver: ['91096', '91100'],
    patient: ['FNR', '13116900216'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/HelseopplysningerTilLege/2012-04-01',
    localName: 'Konsultasjon',
  },
  {
    file: 'plo/v1.6/Innleggelsesrapport_v1-6_Endring.xml',
    msgId: 'c5718400-0663-11e8-b566-0800200c9a66',
    msgType: 'INNLEGGELSESRAPPORT',
    sender: ['99387', '5078'],
    receiver: ['59', '91090'],
    patient: ['FNR', '13116900216'],
    conversationRef: ['13a5da20-05c6-11e8-8f1a-0800200c9a66', '13a5da20-05c6-11e8-8f1a-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Innleggelsesrapport/2012-04-01',
    localName: 'Innleggelsesrapport',
  },
  {
    file: 'plo/v1.6/Innleggelsesrapport_v1-6_Kansellering.xml',
    msgId: 'be6d23c0-0664-11e8-b566-0800200c9a66',
    msgType: 'INNLEGGELSESRAPPORT',
    sender: ['99387', '5078'],
    receiver: ['59', '91090'],
    patient: ['FNR', '13116900216'],
    conversationRef: ['c5718400-0663-11e8-b566-0800200c9a66', '13a5da20-05c6-11e8-8f1a-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Innleggelsesrapport/2012-04-01',
    localName: 'Innleggelsesrapport',
  },
  {
    file: 'plo/v1.6/Innleggelsesrapport_v1-6_Ny.xml',
    msgId: '13a5da20-05c6-11e8-8f1a-0800200c9a66',
    msgType: 'INNLEGGELSESRAPPORT',
    sender: ['99387', '5078'],
    receiver: ['59', '91090'],
    patient: ['FNR', '13116900216'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Innleggelsesrapport/2012-04-01',
    localName: 'Innleggelsesrapport',
  },
  {
    file: 'plo/v1.6/Medisinske_opplysninger_v1-6_Kansellering.xml',
    msgId: 'ee588390-0687-11e8-b566-0800200c9a66',
    msgType: 'MEDISINSKE_OPPLYSNINGER',
    sender: ['91096', '91100'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '13116900216'],
    conversationRef: ['85e9f800-067a-11e8-b566-0800200c9a66', '85e9f800-067a-11e8-b566-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/MedisinskeOpplysninger/2012-04-01',
    localName: 'OverforingMedisinskeOpplysninger',
  },
  {
    file: 'plo/v1.6/Medisinske_opplysninger_v1-6_Ny.xml',
    msgId: '85e9f800-067a-11e8-b566-0800200c9a66',
    msgType: 'MEDISINSKE_OPPLYSNINGER',
    sender: ['91096', '91100'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '13116900216'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/MedisinskeOpplysninger/2012-04-01',
    localName: 'OverforingMedisinskeOpplysninger',
  },
  {
    file: 'plo/v1.6/Orientering_om_tjenestetilbud_v1-6_Kansellering.xml',
    msgId: 'd1f2f9b0-068c-11e8-b566-0800200c9a66',
    msgType: 'ORIENTERING_TJENESTETILBUD',
    sender: ['99387', '5078'],
    receiver: ['91096', '91100'],
    patient: ['FNR', '15076500565'],
    conversationRef: ['c9454120-068b-11e8-b566-0800200c9a66', 'c9454120-068b-11e8-b566-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/OrienteringOmTjenestetilbud/2012-04-01',
    localName: 'OrienteringOmTjenestetilbud',
  },
  {
    file: 'plo/v1.6/Orientering_om_tjenestetilbud_v1-6_Ny.xml',
    msgId: 'c9454120-068b-11e8-b566-0800200c9a66',
    msgType: 'ORIENTERING_TJENESTETILBUD',
    sender: ['99387', '5078'],
    receiver: ['91096', '91100'],
    patient: ['FNR', '15076500565'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/OrienteringOmTjenestetilbud/2012-04-01',
    localName: 'OrienteringOmTjenestetilbud',
  },
  {
    file: 'plo/v1.6/Pasientlogistikk_Avmelding_av_utskrivningsklar_pasient_v1-6_Ny.xml',
    msgId: 'ad3f4e50-068e-11e8-b566-0800200c9a66',
    msgType: 'LOG_AVMELDING',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '15076500565'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
    localName: 'Pasientlogistikk',
  },
  {
    file: 'plo/v1.6/Pasientlogistikk_Innlagt_pasient_v1-6_Kansellering.xml',
    msgId: 'fcb43980-069a-11e8-b566-0800200c9a66',
    msgType: 'LOG_INNLAGT',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '15076500565'],
    conversationRef: ['b088a160-0698-11e8-b566-0800200c9a66', 'b088a160-0698-11e8-b566-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
    localName: 'Pasientlogistikk',
  },
  {
    file: 'plo/v1.6/Pasientlogistikk_Innlagt_pasient_v1-6_Ny.xml',
    msgId: 'b088a160-0698-11e8-b566-0800200c9a66',
    msgType: 'LOG_INNLAGT',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '15076500565'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
    localName: 'Pasientlogistikk',
  },
  {
    file: 'plo/v1.6/Pasientlogistikk_Melding_om_utskrevet_pasient_v1-6_Ny.xml',
    msgId: 'b5edd090-0697-11e8-b566-0800200c9a66',
    msgType: 'LOG_UTSKREVET',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '15076500565'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
    localName: 'Pasientlogistikk',
  },
  {
    file: 'plo/v1.6/Pasientlogistikk_Orientering_om_dodsfall_v1-6_Kansellering.xml',
    msgId: '9581e430-069d-11e8-b566-0800200c9a66',
    msgType: 'LOG_DOD',
    sender: ['99387', '5078'],
    receiver: ['91096', '91100'],
    patient: ['FNR', '15076500565'],
    conversationRef: ['a5919840-069b-11e8-b566-0800200c9a66', 'a5919840-069b-11e8-b566-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
    localName: 'Pasientlogistikk',
  },
  {
    file: 'plo/v1.6/Pasientlogistikk_Orientering_om_dodsfall_v1-6_Ny.xml',
    msgId: 'a5919840-069b-11e8-b566-0800200c9a66',
    msgType: 'LOG_DOD',
    sender: ['99387', '5078'],
    receiver: ['91096', '91100'],
    patient: ['FNR', '15076500565'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
    localName: 'Pasientlogistikk',
  },
  {
    file: 'plo/v1.6/Pasientlogistikk_Utskrivningsklar_pasient_v1-6_Ny.xml',
    msgId: '79c55ed0-0692-11e8-b566-0800200c9a66',
    msgType: 'LOG_UTSKRIVNINGSKLAR',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '15076500565'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
    localName: 'Pasientlogistikk',
  },
  {
    file: 'plo/v1.6/Utskrivningsrapport_v1-6_Endring.xml',
    msgId: '3b9ceb50-0822-11e8-b566-0800200c9a66',
    msgType: 'UTSKRIVNINGSRAPPORT',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '15076500565'],
    conversationRef: ['52c04610-0818-11e8-b566-0800200c9a66', '52c04610-0818-11e8-b566-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/TverrfagligEpikrise/2012-04-01',
    localName: 'TverrfagligEpikrise',
  },
  {
    file: 'plo/v1.6/Utskrivningsrapport_v1-6_Kansellering.xml',
    msgId: '2b6b4cd0-0823-11e8-b566-0800200c9a66',
    msgType: 'UTSKRIVNINGSRAPPORT',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '15076500565'],
    conversationRef: ['3b9ceb50-0822-11e8-b566-0800200c9a66', '52c04610-0818-11e8-b566-0800200c9a66'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/TverrfagligEpikrise/2012-04-01',
    localName: 'TverrfagligEpikrise',
  },
  {
    file: 'plo/v1.6/Utskrivningsrapport_v1-6_Ny.xml',
    msgId: '52c04610-0818-11e8-b566-0800200c9a66',
    msgType: 'UTSKRIVNINGSRAPPORT',
    sender: ['59', '90998'],
    receiver: ['99387', '5078'],
    patient: ['FNR', '15076500565'],
    format: 'msghead',
    namespace: 'http://www.kith.no/xmlstds/po/TverrfagligEpikrise/2012-04-01',
    localName: 'TverrfagligEpikrise',
  },
]

const APPREC_CASES: {
  file: string
  envelope: Envelope
  version: '1.0' | '1.1'
  id: string
  status: string
  errors: string[]
  sender: string[]
  receiver: string[]
  originalMsgId: string
}[] = [
  {
    file: 'apprec/derived/AppRec10_OK_extracted.xml',
    envelope: 'plain',
    version: '1.0',
    id: 'FiktivTestdata0001',
    status: '1',
    errors: [],
    sender: ['79768'],
    receiver: ['0123', '1234'],
    originalMsgId: 'b62016eb-6c2d-417a-8ecc-157b3c5ee2ca',
  },
  {
    file: 'apprec/derived/AppRec10_avvist_E21_extracted.xml',
    envelope: 'plain',
    version: '1.0',
    id: 'FiktivTestdata0001',
    status: '2',
    errors: ['E21'],
    sender: ['79768'],
    receiver: ['0123', '1234'],
    originalMsgId: 'b62016eb-6c2d-417a-8ecc-157b3c5ee2ca',
  },
  {
    file: 'apprec/derived/AppRec10_avvist_X99_extracted.xml',
    envelope: 'plain',
    version: '1.0',
    id: 'FiktivTestdata0001',
    status: '2',
    errors: ['X99'],
    sender: ['79768'],
    receiver: ['0123', '1234'],
    originalMsgId: 'b62016eb-6c2d-417a-8ecc-157b3c5ee2ca',
  },
  {
    file: 'apprec/helsenorge_AppRec10_OK.xml',
    envelope: 'plain',
    version: '1.0',
    id: 'A76D8934-D4BA-4A22-8F5D-5DF5E3FC5756',
    status: '1',
    errors: [],
    sender: ['59', '90998'],
    receiver: ['56704', '258521'],
    originalMsgId: 'de1a95c0-4d0c-11e7-9598-0800200c9a66',
  },
  {
    file: 'apprec/helsenorge_AppRec11_OK.xml',
    envelope: 'plain',
    version: '1.1',
    id: 'C829A5F9-5BBF-4376-A37F-ADE4B399916C',
    status: '1',
    errors: [],
    sender: ['56704', '258521'],
    receiver: ['59', '90998'],
    originalMsgId: 'de1a95c0-4d0c-11e7-9598-0800200c9a66',
  },
  {
    file: 'apprec/nav-fellesformat/isdialogmelding_apprecError_E21_mottaker_finnes_ikke.xml',
    envelope: 'nav-fellesformat',
    version: '1.0',
    id: 'FiktivTestdata0001',
    status: '2',
    errors: ['E21'],
    sender: ['79768'],
    receiver: ['0123', '1234'],
    originalMsgId: 'b62016eb-6c2d-417a-8ecc-157b3c5ee2ca',
  },
  {
    file: 'apprec/nav-fellesformat/isdialogmelding_apprecError_X99.xml',
    envelope: 'nav-fellesformat',
    version: '1.0',
    id: 'FiktivTestdata0001',
    status: '2',
    errors: ['X99'],
    sender: ['79768'],
    receiver: ['0123', '1234'],
    originalMsgId: 'b62016eb-6c2d-417a-8ecc-157b3c5ee2ca',
  },
  {
    file: 'apprec/nav-fellesformat/isdialogmelding_apprecOK.xml',
    envelope: 'nav-fellesformat',
    version: '1.0',
    id: 'FiktivTestdata0001',
    status: '1',
    errors: [],
    sender: ['79768'],
    receiver: ['0123', '1234'],
    originalMsgId: 'b62016eb-6c2d-417a-8ecc-157b3c5ee2ca',
  },
  {
    file: 'apprec/sarepta_AppRec10_status3_OK_feil_i_delmelding.xml',
    envelope: 'plain',
    version: '1.0',
    id: 'fe6225205b3d3049e5f600a44a34ca77',
    status: '3',
    errors: ['53', '1239', '531', '53', '531'],
    sender: [],
    receiver: [],
    originalMsgId: '1b08b3f5-76c1-4560-ae4e-90e04cb0bc70',
  },
]

function expectHead(message: Message, c: MsgHeadCase): void {
  const summary = summariseMessage(message)
  expect(summary.msgId).toBe(c.msgId)
  expect(summary.msgType).toBe(c.msgType)
  expect(summary.senderHerIds).toEqual(c.sender)
  expect(summary.receiverHerIds).toEqual(c.receiver)
  expect(summary.patient).toEqual(c.patient ? { type: c.patient[0], id: c.patient[1] } : undefined)
  expect(summary.conversationRef).toEqual(c.conversationRef ? { refToParent: c.conversationRef[0], refToConversation: c.conversationRef[1] } : undefined)
}

describe('readMessage: every conformance sample', () => {
  it('has a case for every sample in the message folders', () => {
    const folders = ['dialogmelding/', 'apprec/', 'epikrise/', 'henvisning/', 'plo/']
    const onDisk = listConformanceSamples().filter((file) => folders.some((folder) => file.startsWith(folder)))
    const covered = [...DIALOGMELDING_CASES, ...OPAQUE_CASES, ...APPREC_CASES].map((c) => c.file).sort()
    expect(covered).toEqual(onDisk)
  })

  it.each(DIALOGMELDING_CASES)('Dialogmelding $file', (c) => {
    const message = read(c.file)
    expectHead(message, c)
    expect(message.format).toBe('msghead')
    if (message.format !== 'msghead') return
    expect(message.envelope).toBe(c.envelope)
    const payload = message.payload
    expect(payload.kind).toBe('dialogmelding')
    if (payload.kind !== 'dialogmelding') return
    expect(payload.version).toBe(c.version)
    const text = c.textIn === 'notat' ? payload.notat[0]?.tekstNotatInnhold : payload.foresporsel[0]?.sporsmal
    expect(text?.startsWith(c.textStart)).toBe(true)
  })

  it.each(OPAQUE_CASES)('pass-through $file', (c) => {
    const message = read(c.file)
    expectHead(message, c)
    expect(message.format).toBe(c.format)
    if (message.format === 'apprec') throw new Error('not an AppRec')
    expect(message.payload).toEqual({ kind: 'opaque', namespace: c.namespace, localName: c.localName })
  })

  it.each(APPREC_CASES)('AppRec $file', (c) => {
    const message = read(c.file)
    expect(message.format).toBe('apprec')
    if (message.format !== 'apprec') return
    expect(message.envelope).toBe(c.envelope)
    const { appRec } = message
    expect(appRec.version).toBe(c.version)
    expect(appRec.id).toBe(c.id)
    expect(appRec.status.v).toBe(c.status)
    expect(appRec.errors.map((e) => e.v)).toEqual(c.errors)
    expect(appRec.originalMsgId.id).toBe(c.originalMsgId)
    const summary = summariseMessage(message)
    expect(summary.senderHerIds).toEqual(c.sender)
    expect(summary.receiverHerIds).toEqual(c.receiver)
  })
})

describe('identifier helpers', () => {
  it('finds the organisation number, the HPR number and the addressed HER-id', () => {
    const message = read('dialogmelding/nav-fellesformat/padm2_dialog_svar_foresporsel_om_pasient.xml')
    if (message.format !== 'msghead') throw new Error('not a MsgHead')
    const sender = message.msgInfo.sender.organisation
    expect(identOf(sender.idents, 'ENH')).toBe('223456789')
    expect(identOf(sender.healthcareProfessional?.idents ?? [], 'HPR')).toBe('1234567')
    expect(addressedHerId(summariseMessage(message).receiverHerIds)).toBe('79768')
  })
})
