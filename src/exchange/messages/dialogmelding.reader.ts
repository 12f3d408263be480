import type {
  DialogmeldingPayload,
  DialogmeldingVersion,
  DialogPerson,
  Foresporsel,
  Notat,
  RollerRelatertNotat,
  TilknyttetEnhet,
} from './dialogmelding.types.ts'
import { compact, type ReadContext, readCoded, readIdents } from './read-context.ts'
import { child, childrenNamed, childText, deepText, type XmlElement } from './xml-element.ts'

/** Reads a `Dialogmelding` element (1.0 or 1.1; the caller has checked the namespace). */
export function readDialogmelding(root: XmlElement, version: DialogmeldingVersion, path: string, ctx: ReadContext): DialogmeldingPayload {
  const foresporsel = childrenNamed(root, 'Foresporsel').map((el, i) => readForesporsel(el, `${path}/Foresporsel[${i + 1}]`, ctx))
  const notat = childrenNamed(root, 'Notat').map((el, i) => readNotat(el, `${path}/Notat[${i + 1}]`, ctx))
  if (foresporsel.length === 0 && notat.length === 0) {
    ctx.add('missing-element', `${path}/Notat`, 'a Dialogmelding needs at least one Foresporsel or Notat')
  }
  return compact({
    kind: 'dialogmelding' as const,
    version,
    sakstypeKodet: readCoded(child(root, 'SakstypeKodet')),
    sakstype: childText(root, 'Sakstype'),
    foresporsel,
    notat,
  })
}

function readNotat(el: XmlElement, path: string, ctx: ReadContext): Notat {
  const temaKodet = readCoded(ctx.required(el, 'TemaKodet', path)) ?? {}
  const innhold = child(el, 'TekstNotatInnhold')
  const foresporselEl = child(el, 'Foresporsel')
  return compact({
    temaKodet,
    tema: childText(el, 'Tema'),
    tekstNotatInnhold: innhold ? nonEmpty(deepText(innhold).trim()) : undefined,
    merknad: childText(el, 'Merknad'),
    dokIdNotat: childText(el, 'DokIdNotat'),
    datoNotat: childText(el, 'DatoNotat'),
    foresporsel: foresporselEl ? readForesporsel(foresporselEl, `${path}/Foresporsel`, ctx) : undefined,
    rollerRelatertNotat: childrenNamed(el, 'RollerRelatertNotat').map(readRoller),
  })
}

function readForesporsel(el: XmlElement, path: string, ctx: ReadContext): Foresporsel {
  const typeForesp = readCoded(ctx.required(el, 'TypeForesp', path)) ?? {}
  const sporsmal = child(el, 'Sporsmal')
  return compact({
    typeForesp,
    emneSporsmal: childText(el, 'EmneSporsmal'),
    sporsmal: sporsmal ? nonEmpty(deepText(sporsmal).trim()) : undefined,
    formal: readCoded(child(el, 'Formål')),
    begrunnelse: childText(el, 'Begrunnelse'),
    hastegrad: readCoded(child(el, 'Hastegrad')),
    fraDato: childText(el, 'FraDato'),
    tilDato: childText(el, 'TilDato'),
    typeJournalinfo: childrenNamed(el, 'TypeJournalinfo').flatMap((c) => readCoded(c) ?? []),
    kodetOpplysning: readCoded(child(el, 'KodetOpplysning')),
    dokIdForesp: childText(el, 'DokIdForesp'),
    rollerRelatertNotat: childrenNamed(el, 'RollerRelatertNotat').map(readRoller),
  })
}

function readRoller(el: XmlElement): RollerRelatertNotat {
  const hp = child(el, 'HealthcareProfessional')
  const person = child(el, 'Person')
  const enhet = child(el, 'TilknyttetEnhet')
  return compact({
    rolleNotat: readCoded(child(el, 'RolleNotat')),
    roleToPatient: readCoded(child(el, 'RoleToPatient')),
    tilknyttetEnhet: enhet ? readTilknyttetEnhet(enhet) : undefined,
    healthcareProfessional: hp ? readPerson(hp) : undefined,
    person: person ? readPerson(person) : undefined,
  })
}

function readTilknyttetEnhet(el: XmlElement): TilknyttetEnhet {
  const kontaktenhet = child(el, 'Kontaktenhet')
  return compact({
    kontaktenhetName: childText(kontaktenhet, 'OrganisationName') ?? childText(kontaktenhet, 'Name'),
    kontaktenhetIdents: readIdents(kontaktenhet),
    merknad: childText(el, 'Merknad'),
  })
}

function readPerson(el: XmlElement): DialogPerson {
  return compact({
    typeHealthcareProfessional: readCoded(child(el, 'TypeHealthcareProfessional')),
    roleToPatient: readCoded(child(el, 'RoleToPatient')),
    familyName: childText(el, 'FamilyName'),
    middleName: childText(el, 'MiddleName'),
    givenName: childText(el, 'GivenName'),
    idents: readIdents(el),
    teleAddresses: childrenNamed(el, 'TeleCom').flatMap((tc) => {
      const address = child(tc, 'TeleAddress')?.attributes['V']
      return address === undefined ? [] : [address]
    }),
  })
}

function nonEmpty(text: string): string | undefined {
  return text === '' ? undefined : text
}
