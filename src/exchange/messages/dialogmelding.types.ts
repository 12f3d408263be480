/**
 * Dialogmelding 1.0 (ns 2006-10-11) and 1.1 (ns 2013-01-23, HIS 80603:2017). 1.1 adds EmneSporsmal,
 * KodetOpplysning and TilknyttetEnhet; both are read into the same shape.
 */
import type { Coded, Ident } from './coded.types.ts'

export type DialogPerson = {
  typeHealthcareProfessional?: Coded
  roleToPatient?: Coded
  familyName?: string
  middleName?: string
  givenName?: string
  idents: Ident[]
  teleAddresses: string[]
}

export type TilknyttetEnhet = {
  kontaktenhetName?: string
  kontaktenhetIdents: Ident[]
  merknad?: string
}

export type RollerRelatertNotat = {
  rolleNotat?: Coded
  /** Kodeverk 9034. */
  roleToPatient?: Coded
  tilknyttetEnhet?: TilknyttetEnhet
  healthcareProfessional?: DialogPerson
  person?: DialogPerson
}

export type Foresporsel = {
  typeForesp: Coded
  emneSporsmal?: string
  /** anyType in 1.1 (XHTML allowed): the readable text. */
  sporsmal?: string
  formal?: Coded
  begrunnelse?: string
  hastegrad?: Coded
  fraDato?: string
  tilDato?: string
  typeJournalinfo: Coded[]
  kodetOpplysning?: Coded
  dokIdForesp?: string
  rollerRelatertNotat: RollerRelatertNotat[]
}

export type Notat = {
  /** Kodeverk 7322 in 1.1 "Helsefaglig dialog"; other kodeverk in other profiles. */
  temaKodet: Coded
  tema?: string
  tekstNotatInnhold?: string
  merknad?: string
  dokIdNotat?: string
  datoNotat?: string
  foresporsel?: Foresporsel
  rollerRelatertNotat: RollerRelatertNotat[]
}

export type DialogmeldingVersion = '1.0' | '1.1'

export type DialogmeldingPayload = {
  kind: 'dialogmelding'
  version: DialogmeldingVersion
  sakstypeKodet?: Coded
  sakstype?: string
  foresporsel: Foresporsel[]
  notat: Notat[]
}
