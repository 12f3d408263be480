/**
 * The message processes a party can receive, as the address registry lists them: MsgInfo/Type (kodeverk 8279) with
 * the payload standard's namespace. Profiles group what a kind of service usually takes, for the demo registry.
 */
import { APPREC_1_0_NS, APPREC_1_1_NS, DIALOGMELDING_1_0_NS, DIALOGMELDING_1_1_NS, EPIKRISE_1_2_NS, HENVISNING_1_1_NS } from '../messages/namespaces.ts'

export type MessageProcess = { msgType: string; payloadNamespace: string }

const PLO_NS = (name: string) => `http://www.kith.no/xmlstds/po/${name}/2012-04-01`
export const HENVISNING_2_0_NS = 'http://ehelse.no/xmlstds/henvisning/2017-11-30'

/** Human names of the payload standards, for the registry's pages. */
export const PAYLOAD_STANDARD_NAMES: Readonly<Record<string, string>> = {
  [DIALOGMELDING_1_0_NS]: 'Dialogmelding 1.0',
  [DIALOGMELDING_1_1_NS]: 'Dialogmelding 1.1',
  [APPREC_1_0_NS]: 'AppRec 1.0',
  [APPREC_1_1_NS]: 'AppRec 1.1',
  [EPIKRISE_1_2_NS]: 'Epikrise 1.2',
  [HENVISNING_1_1_NS]: 'Henvisning 1.1',
  [HENVISNING_2_0_NS]: 'Henvisning 2.0',
  [PLO_NS('Pasientlogistikk')]: 'PLO Pasientlogistikk 1.6',
  [PLO_NS('Innleggelsesrapport')]: 'PLO Innleggelses-/utskrivningsrapport 1.6',
  [PLO_NS('HelseopplysningerVedSoknad')]: 'PLO Helseopplysninger ved søknad 1.6',
  [PLO_NS('HelseopplysningerTilLege')]: 'PLO Helseopplysninger til lege 1.6',
  [PLO_NS('MedisinskeOpplysninger')]: 'PLO Medisinske opplysninger 1.6',
  [PLO_NS('OrienteringOmTjenestetilbud')]: 'PLO Orientering om tjenestetilbud 1.6',
}

const dialog = (ns: string): MessageProcess[] =>
  ['DIALOG_FORESPORSEL', 'DIALOG_SVAR', 'DIALOG_NOTAT', 'DIALOG_AVVIK', 'DIALOG_HELSEFAGLIG'].map((msgType) => ({ msgType, payloadNamespace: ns }))

export const PROCESS_PROFILES = {
  dialog: [...dialog(DIALOGMELDING_1_0_NS), ...dialog(DIALOGMELDING_1_1_NS)],
  /** PLO between hospital and the municipal care services (both directions). */
  plo: [
    { msgType: 'LOG_INNLAGT', payloadNamespace: PLO_NS('Pasientlogistikk') },
    { msgType: 'LOG_UTSKRIVNINGSKLAR', payloadNamespace: PLO_NS('Pasientlogistikk') },
    { msgType: 'LOG_AVMELDING', payloadNamespace: PLO_NS('Pasientlogistikk') },
    { msgType: 'LOG_UTSKREVET', payloadNamespace: PLO_NS('Pasientlogistikk') },
    { msgType: 'LOG_DOD', payloadNamespace: PLO_NS('Pasientlogistikk') },
    { msgType: 'INNLEGGELSESRAPPORT', payloadNamespace: PLO_NS('Innleggelsesrapport') },
    { msgType: 'UTSKRIVNINGSRAPPORT', payloadNamespace: PLO_NS('Innleggelsesrapport') },
    { msgType: 'HELSEOPPL_SOKNAD', payloadNamespace: PLO_NS('HelseopplysningerVedSoknad') },
    { msgType: 'ORIENTERING_TJENESTETILBUD', payloadNamespace: PLO_NS('OrienteringOmTjenestetilbud') },
  ],
  /** PLO messages a GP receives from the municipality. */
  ploToGp: [
    { msgType: 'HELSEOPPLYSNINGER_LEGE', payloadNamespace: PLO_NS('HelseopplysningerTilLege') },
    { msgType: 'MEDISINSKE_OPPLYSNINGER', payloadNamespace: PLO_NS('MedisinskeOpplysninger') },
  ],
  epikrise: [{ msgType: 'EPIKRISE', payloadNamespace: EPIKRISE_1_2_NS }],
  henvisning: [
    { msgType: 'HENVISNING', payloadNamespace: HENVISNING_1_1_NS },
    { msgType: 'HENVISNING_NYTILSTAND', payloadNamespace: HENVISNING_2_0_NS },
  ],
} as const satisfies Record<string, readonly MessageProcess[]>

export type ProcessProfile = keyof typeof PROCESS_PROFILES

/** AppRecs are part of every process: any party that can send can receive its receipts. */
export function isReceiptType(msgType: string): boolean {
  return msgType === 'APPREC'
}
