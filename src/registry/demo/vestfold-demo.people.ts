// The Vestfold demo's citizens and their relations. Every national id is one of Skatteetaten's
// synthetic test numbers (month + 80), so it can never be a real person's; each was made with
// `firstNationalIdFrom` in ../national-id.ts and is kept as a literal so people can be found by it.
// Ages are as of 2026-11-23. Ids: 3xx persons, 5xx fullmakter, 6xx care relations.
import type { Fullmakt, ParentalRelation } from '../../platform/access/access.types.ts'
import type { Person } from '../registry.types.ts'
import { DEMO_SERVICES } from './vestfold-demo.organisations.ts'

/** Midnight in Oslo on 1 January 2025: when the demo's relations start. */
export const DEMO_VALID_FROM = new Date('2025-01-01T00:00:00+01:00')

const address = {
  nordmann: { addressLine: 'Storgata 10', postalCode: '3126', city: 'Tønsberg', municipalityNumber: '3905' },
  olsen: { addressLine: 'Kongegata 30', postalCode: '3256', city: 'Larvik', municipalityNumber: '3909' },
} as const

const notConfidential = { confidentialAddress: false, deceasedAt: null } as const

export const DEMO_PEOPLE = {
  // The Nordmann family: both parents have parental responsibility and live with the children.
  kariNordmann: {
    id: '00000000-0000-4000-8000-000000000301',
    nationalId: '14838510036',
    givenName: 'Kari',
    familyName: 'Nordmann',
    birthDate: '1985-03-14',
    ...address.nordmann,
    ...notConfidential,
  },
  olaNordmann: {
    id: '00000000-0000-4000-8000-000000000302',
    nationalId: '02878310368',
    givenName: 'Ola',
    familyName: 'Nordmann',
    birthDate: '1983-07-02',
    ...address.nordmann,
    ...notConfidential,
  },
  /** 8 years old: her parents represent her fully. */
  emmaNordmann: {
    id: '00000000-0000-4000-8000-000000000303',
    nationalId: '20851850067',
    givenName: 'Emma',
    familyName: 'Nordmann',
    birthDate: '2018-05-20',
    ...address.nordmann,
    ...notConfidential,
  },
  /** 14 years old: his parents have reduced rights. */
  jonasNordmann: {
    id: '00000000-0000-4000-8000-000000000304',
    nationalId: '10821250191',
    givenName: 'Jonas',
    familyName: 'Nordmann',
    birthDate: '2012-02-10',
    ...address.nordmann,
    ...notConfidential,
  },
  /** 88 years old, receives home nursing; her son Per holds an ordinary fullmakt. */
  ingridBerg: {
    id: '00000000-0000-4000-8000-000000000305',
    nationalId: '03893810098',
    givenName: 'Ingrid',
    familyName: 'Berg',
    birthDate: '1938-09-03',
    addressLine: 'Kirkeveien 5',
    postalCode: '3170',
    city: 'Sem',
    municipalityNumber: '3905',
    ...notConfidential,
  },
  perBerg: {
    id: '00000000-0000-4000-8000-000000000306',
    nationalId: '30916610145',
    givenName: 'Per',
    familyName: 'Berg',
    birthDate: '1966-11-30',
    addressLine: 'Nedre Langgate 20',
    postalCode: '3126',
    city: 'Tønsberg',
    municipalityNumber: '3905',
    ...notConfidential,
  },
  /** Confidential address (fortrolig adresse): nobody represents her and she represents nobody. */
  saraHolm: {
    id: '00000000-0000-4000-8000-000000000307',
    nationalId: '01929010201',
    givenName: 'Sara',
    familyName: 'Holm',
    birthDate: '1990-12-01',
    addressLine: null,
    postalCode: null,
    city: null,
    municipalityNumber: null,
    confidentialAddress: true,
    deceasedAt: null,
  },
  ahmedKhan: {
    id: '00000000-0000-4000-8000-000000000308',
    nationalId: '15867510521',
    givenName: 'Ahmed',
    familyName: 'Khan',
    birthDate: '1975-06-15',
    addressLine: 'Jernbanealleen 15',
    postalCode: '3210',
    city: 'Sandefjord',
    municipalityNumber: '3907',
    ...notConfidential,
  },
  /** 16 years old: her father Lars is registered as parent but no longer represents her. */
  noraOlsen: {
    id: '00000000-0000-4000-8000-000000000309',
    nationalId: '08881050030',
    givenName: 'Nora',
    familyName: 'Olsen',
    birthDate: '2010-08-08',
    ...address.olsen,
    ...notConfidential,
  },
  larsOlsen: {
    id: '00000000-0000-4000-8000-000000000310',
    nationalId: '20818010177',
    givenName: 'Lars',
    familyName: 'Olsen',
    birthDate: '1980-01-20',
    ...address.olsen,
    ...notConfidential,
  },
  /** 86 years old with dementia: his daughter Liv holds an assigned (tildelt) fullmakt. */
  oddDahl: {
    id: '00000000-0000-4000-8000-000000000311',
    nationalId: '12844010131',
    givenName: 'Odd',
    familyName: 'Dahl',
    birthDate: '1940-04-12',
    addressLine: 'Tjømeveien 40',
    postalCode: '3145',
    city: 'Tjøme',
    municipalityNumber: '3911',
    ...notConfidential,
  },
  livDahl: {
    id: '00000000-0000-4000-8000-000000000312',
    nationalId: '05907210091',
    givenName: 'Liv',
    familyName: 'Dahl',
    birthDate: '1972-10-05',
    addressLine: 'Smidsrødveien 8',
    postalCode: '3140',
    city: 'Nøtterøy',
    municipalityNumber: '3911',
    ...notConfidential,
  },
} as const satisfies Record<string, Person>

const p = DEMO_PEOPLE

export const DEMO_PARENTAL_RELATIONS = [
  { parentPersonId: p.kariNordmann.id, childPersonId: p.emmaNordmann.id, parentalResponsibility: true },
  { parentPersonId: p.kariNordmann.id, childPersonId: p.jonasNordmann.id, parentalResponsibility: true },
  { parentPersonId: p.olaNordmann.id, childPersonId: p.emmaNordmann.id, parentalResponsibility: true },
  { parentPersonId: p.olaNordmann.id, childPersonId: p.jonasNordmann.id, parentalResponsibility: true },
  { parentPersonId: p.larsOlsen.id, childPersonId: p.noraOlsen.id, parentalResponsibility: true },
] as const satisfies readonly ParentalRelation[]

export const DEMO_FULLMAKTER = {
  ingridToPer: {
    id: '00000000-0000-4000-8000-000000000501',
    giverPersonId: p.ingridBerg.id,
    proxyPersonId: p.perBerg.id,
    kind: 'ordinary',
    areas: ['messages', 'appointments', 'health-contacts', 'home-visits', 'letters'],
    validFrom: DEMO_VALID_FROM,
    validTo: null,
    revokedAt: null,
  },
  // Given through Odd's GP because he can no longer give one himself; covers consents too.
  oddToLiv: {
    id: '00000000-0000-4000-8000-000000000502',
    giverPersonId: p.oddDahl.id,
    proxyPersonId: p.livDahl.id,
    kind: 'assigned',
    areas: ['messages', 'appointments', 'health-contacts', 'home-visits', 'letters', 'forms', 'consents'],
    validFrom: DEMO_VALID_FROM,
    validTo: null,
    revokedAt: null,
  },
} as const satisfies Record<string, Fullmakt>

export type DemoCareRelation = {
  id: string
  patientPersonId: string
  serviceId: string
  validFrom: Date
  validTo: Date | null
}

const s = DEMO_SERVICES

export const DEMO_CARE_RELATIONS = {
  ingridTonsbergHjemmesykepleie: {
    id: '00000000-0000-4000-8000-000000000601',
    patientPersonId: p.ingridBerg.id,
    serviceId: s.tonsbergHjemmesykepleie.id,
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
  emmaTonsbergHelsestasjon: {
    id: '00000000-0000-4000-8000-000000000602',
    patientPersonId: p.emmaNordmann.id,
    serviceId: s.tonsbergHelsestasjon.id,
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
  ahmedSandefjordFastlege: {
    id: '00000000-0000-4000-8000-000000000603',
    patientPersonId: p.ahmedKhan.id,
    serviceId: s.sandefjordLegekontorFastlege.id,
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
  ahmedSivMedisinsk: {
    id: '00000000-0000-4000-8000-000000000604',
    patientPersonId: p.ahmedKhan.id,
    serviceId: s.sivMedisinsk.id,
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
  oddFaerderHjemmesykepleie: {
    id: '00000000-0000-4000-8000-000000000605',
    patientPersonId: p.oddDahl.id,
    serviceId: s.faerderHjemmesykepleie.id,
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
  kariTonsbergFastlege: {
    id: '00000000-0000-4000-8000-000000000606',
    patientPersonId: p.kariNordmann.id,
    serviceId: s.tonsbergLegesenterFastlege.id,
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
} as const satisfies Record<string, DemoCareRelation>
