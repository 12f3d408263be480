/**
 * Norwegian names for what the portal shows: message types (kodeverk 8279) and the processes a party receives in
 * the address registry. Unknown codes fall back to the code itself, so a new type stays visible.
 */
import { PAYLOAD_STANDARD_NAMES } from '../address-registry/message-processes.ts'

const MSG_TYPE_NAMES: Readonly<Record<string, string>> = {
  DIALOG_FORESPORSEL: 'Forespørsel',
  DIALOG_SVAR: 'Svar på forespørsel',
  DIALOG_NOTAT: 'Notat',
  DIALOG_AVVIK: 'Tilbakemelding om feil i mottatt melding',
  DIALOG_HELSEFAGLIG: 'Helsefaglig dialog',
  DIALOG_STATUS_HENVISNING: 'Status på henvisning',
  APPREC: 'Applikasjonskvittering',
  EPIKRISE: 'Epikrise',
  HENVISNING: 'Henvisning',
  HENVISNING_NYTILSTAND: 'Henvisning (ny tilstand)',
  LOG_INNLAGT: 'Innlagt pasient',
  LOG_UTSKRIVNINGSKLAR: 'Utskrivningsklar pasient',
  LOG_AVMELDING: 'Avmelding av utskrivningsklar pasient',
  LOG_UTSKREVET: 'Utskrevet pasient',
  LOG_DOD: 'Melding om dødsfall',
  INNLEGGELSESRAPPORT: 'Innleggelsesrapport',
  UTSKRIVNINGSRAPPORT: 'Utskrivningsrapport',
  HELSEOPPL_SOKNAD: 'Helseopplysninger ved søknad om tjenester',
  HELSEOPPLYSNINGER_LEGE: 'Helseopplysninger til lege',
  MEDISINSKE_OPPLYSNINGER: 'Medisinske opplysninger',
  ORIENTERING_TJENESTETILBUD: 'Orientering om tjenestetilbud',
}

export function msgTypeName(msgType: string): string {
  if (msgType.startsWith('DIALOG_INNBYGGER_')) return 'Dialog med innbygger'
  return MSG_TYPE_NAMES[msgType] ?? msgType
}

export function standardName(payloadNamespace: string): string {
  return PAYLOAD_STANDARD_NAMES[payloadNamespace] ?? payloadNamespace
}
