/**
 * MsgInfo/Type values (kodeverk 8279 "Meldingens funksjon") that Samband accepts, from RULES.md §1. An unknown
 * value is a reading error rather than a pass-through: the type is what routing and the receiver's process list
 * (address registry) are matched on.
 */
export const MSG_TYPE = {
  DIALOG_FORESPORSEL: 'DIALOG_FORESPORSEL',
  DIALOG_SVAR: 'DIALOG_SVAR',
  DIALOG_NOTAT: 'DIALOG_NOTAT',
  DIALOG_AVVIK: 'DIALOG_AVVIK',
  DIALOG_HELSEFAGLIG: 'DIALOG_HELSEFAGLIG',
  DIALOG_STATUS_HENVISNING: 'DIALOG_STATUS_HENVISNING',
  APPREC: 'APPREC',
  EPIKRISE: 'EPIKRISE',
  HENVISNING: 'HENVISNING',
  HENVISNING_NYTILSTAND: 'HENVISNING_NYTILSTAND',
  LOG_INNLAGT: 'LOG_INNLAGT',
  LOG_UTSKRIVNINGSKLAR: 'LOG_UTSKRIVNINGSKLAR',
  LOG_AVMELDING: 'LOG_AVMELDING',
  LOG_UTSKREVET: 'LOG_UTSKREVET',
  LOG_DOD: 'LOG_DOD',
  INNLEGGELSESRAPPORT: 'INNLEGGELSESRAPPORT',
  UTSKRIVNINGSRAPPORT: 'UTSKRIVNINGSRAPPORT',
  HELSEOPPL_SOKNAD: 'HELSEOPPL_SOKNAD',
  HELSEOPPLYSNINGER_LEGE: 'HELSEOPPLYSNINGER_LEGE',
  MEDISINSKE_OPPLYSNINGER: 'MEDISINSKE_OPPLYSNINGER',
  ORIENTERING_TJENESTETILBUD: 'ORIENTERING_TJENESTETILBUD',
} as const
export type KnownMsgType = (typeof MSG_TYPE)[keyof typeof MSG_TYPE]

/** Display names (DN) Samband writes for the types it sends. */
export const MSG_TYPE_TEXT: Partial<Record<KnownMsgType, string>> = {
  DIALOG_FORESPORSEL: 'Forespørsel',
  DIALOG_SVAR: 'Svar på forespørsel',
  DIALOG_NOTAT: 'Notat',
  DIALOG_AVVIK: 'Tilbakemelding om feil i mottatt melding',
  DIALOG_HELSEFAGLIG: 'Helsefaglig dialog',
  APPREC: 'Applikasjonskvittering',
}

// Helsenorge's citizen dialogues form an open family (EKONTAKT, RESEPTFORNYELSE, TEST, …).
const OPEN_FAMILIES = ['DIALOG_INNBYGGER_']

export function isKnownMsgType(value: string): boolean {
  return Object.hasOwn(MSG_TYPE, value) || OPEN_FAMILIES.some((prefix) => value.startsWith(prefix) && value.length > prefix.length)
}
