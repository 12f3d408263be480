/**
 * AppRec codes as Samband uses them (RULES.md §3, HIS 80415:2012 / HITS 1168:2016).
 *
 * RULES.md gives the status kodeverk as 8258 and the general error kodeverk as 8221 (the brief that asked for this
 * file said 8221/8222); we follow RULES.md, the summary of the normative texts. Status is a CS in AppRec (no S
 * attribute); Error is a CV, so it carries the kodeverk OID in S.
 */
import { volvenOid } from './namespaces.ts'

export const APPREC_STATUS_KODEVERK = 8258
export const APPREC_ERROR_KODEVERK = 8221
export const APPREC_ERROR_OID = volvenOid(APPREC_ERROR_KODEVERK)

export const APPREC_STATUS = {
  OK: '1',
  AVVIST: '2',
  /** Only for behandlerkrav (NPR/Helfo); Samband never sends it but reads it. */
  OK_FEIL_I_DELMELDING: '3',
} as const
export type AppRecStatusCode = (typeof APPREC_STATUS)[keyof typeof APPREC_STATUS]

export const APPREC_STATUS_TEXT: Readonly<Record<AppRecStatusCode, string>> = {
  '1': 'OK',
  '2': 'Avvist',
  '3': 'OK, feil i delmelding',
}

export function isAppRecStatusCode(value: string): value is AppRecStatusCode {
  return Object.hasOwn(APPREC_STATUS_TEXT, value)
}

/**
 * General AppRec error codes (kodeverk 8221). T = transport/format, S = signature, E = content/addressing,
 * X = other. E53/E54 are listed in RULES.md without a meaning, so they are left out until we know their text.
 * The texts are the Norwegian display names; "Mottaker finnes ikke" (E21) and "Annen feil" (X99) are the exact
 * DN values seen in the public samples.
 */
export const APPREC_ERROR_TEXT = {
  T01: 'Ikke XML / ikke velformet / uleselig',
  T02: 'XML validerer ikke',
  T10: 'Støtter ikke meldingsformatet',
  T99: 'Annen feil på format',
  S01: 'Feil på signatur',
  S02: 'Ugyldig sertifikat',
  S03: 'Tilbaketrukket sertifikat',
  S99: 'Annen feil på signatur',
  E10: 'Ugyldig meldingsidentifikator',
  E20: 'Lege finnes ikke',
  E21: 'Mottaker finnes ikke',
  E30: 'Pasientens fødselsnummer mangler',
  E31: 'Pasientens fødselsnummer er feil',
  E32: 'Pasientens navn mangler',
  E35: 'Pasienten finnes ikke i mottakersystemet',
  E36: 'Pasientopplysninger er mangelfulle',
  X99: 'Annen feil',
} as const
export type AppRecErrorCode = keyof typeof APPREC_ERROR_TEXT

export const APPREC_ERROR = Object.fromEntries(Object.keys(APPREC_ERROR_TEXT).map((code) => [code, code])) as { readonly [K in AppRecErrorCode]: K }

export function isAppRecErrorCode(value: string): value is AppRecErrorCode {
  return Object.hasOwn(APPREC_ERROR_TEXT, value)
}
