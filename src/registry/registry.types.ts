// The registry's domain types (camelCase) and the mappers from database rows to them.
import type { Selectable } from 'kysely'
import type { CareRelation, ParentalRelation, PersonFacts, StaffRole } from '../platform/access/access.types.ts'
import { STAFF_ROLES } from '../platform/access/access.types.ts'
import type { OrganisationTable, ParentalRelationTable, PersonTable, ServiceTable, StaffTable } from '../platform/db/schema.ts'

export const ORGANISATION_KINDS = ['hospital', 'municipality', 'gp_office', 'specialist', 'legevakt', 'other'] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

/**
 * Service kinds in use. The column is free text so a partner can register a new kind without a
 * migration; these are the codes the platform itself knows.
 */
export const SERVICE_KINDS = [
  'hjemmesykepleie',
  'helsestasjon',
  'fysioterapi',
  'legevakt',
  'sengepost',
  'psykisk-helse-rus',
  'samhandling',
  'fastlege',
  'spesialist',
] as const
export type ServiceKind = (typeof SERVICE_KINDS)[number]

export type Organisation = {
  id: string
  organisationNumber: string
  name: string
  kind: OrganisationKind
  municipalityNumber: string | null
  herId: number | null
  /** The main entity (hovedenhet) this one is part of, e.g. a host municipality. */
  parentId: string | null
  /** One of the helsefellesskap's equal partners (SiV and the six municipalities). */
  isPartner: boolean
}

export type Service = {
  id: string
  organisationId: string
  name: string
  kind: string
  herId: number
  /** The name alone says something about someone's health (e.g. a drug and alcohol service): never in an SMS. */
  sensitiveName: boolean
}

export type Person = {
  id: string
  nationalId: string
  givenName: string
  familyName: string
  /** 'YYYY-MM-DD'. */
  birthDate: string
  addressLine: string | null
  postalCode: string | null
  city: string | null
  municipalityNumber: string | null
  /** Fortrolig or strengt fortrolig adresse: the address fields are then null. */
  confidentialAddress: boolean
  /** 'YYYY-MM-DD'. */
  deceasedAt: string | null
}

export type Staff = {
  id: string
  hprNumber: string | null
  nationalId: string
  givenName: string
  familyName: string
  profession: string | null
  isPlatformOperator: boolean
}

export type StaffMembership = {
  staffId: string
  serviceId: string
  roles: StaffRole[]
  validFrom: Date
  validTo: Date | null
}

/** A membership with the names and identifiers a staff portal shows when choosing where to act. */
export type StaffMembershipDetails = StaffMembership & {
  serviceName: string
  serviceKind: string
  serviceHerId: number
  organisationId: string
  organisationName: string
  organisationNumber: string
  organisationHerId: number | null
}

export type OrganisationPage = { items: Organisation[]; total: number }

// ---------------------------------------------------------------------------------------------
// Row → domain

export function toOrganisation(row: Selectable<OrganisationTable>): Organisation {
  return {
    id: row.id,
    organisationNumber: row.organisation_number,
    name: row.name,
    kind: row.kind,
    municipalityNumber: row.municipality_number,
    herId: row.her_id,
    parentId: row.parent_id,
    isPartner: row.is_partner,
  }
}

export function toService(row: Selectable<ServiceTable>): Service {
  return { id: row.id, organisationId: row.organisation_id, name: row.name, kind: row.kind, herId: row.her_id, sensitiveName: row.sensitive_name }
}

export function toPerson(row: Selectable<PersonTable>): Person {
  return {
    id: row.id,
    nationalId: row.national_id,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    addressLine: row.address_line,
    postalCode: row.postal_code,
    city: row.city,
    municipalityNumber: row.municipality_number,
    confidentialAddress: row.confidential_address,
    deceasedAt: row.deceased_at,
  }
}

export function toStaff(row: Selectable<StaffTable>): Staff {
  return {
    id: row.id,
    hprNumber: row.hpr_number,
    nationalId: row.national_id,
    givenName: row.given_name,
    familyName: row.family_name,
    profession: row.profession,
    isPlatformOperator: row.is_platform_operator,
  }
}

export function fullName(p: { givenName: string; familyName: string }): string {
  return `${p.givenName} ${p.familyName}`
}

/**
 * Roles as stored, keeping only known ones: an unknown role (a typo, or one from a newer
 * version) must never grant anything, and the policy denies by default without it.
 */
export function toStaffRoles(roles: readonly string[]): StaffRole[] {
  return STAFF_ROLES.filter((role) => roles.includes(role))
}

/**
 * Identifies a registered address so that people at the same address get the same key:
 * address line and postal code, case and spacing ignored. Null when the address is
 * confidential or incomplete, so a hidden address never matches anything.
 */
export function addressKeyOf(p: { addressLine: string | null; postalCode: string | null; confidentialAddress: boolean }): string | null {
  if (p.confidentialAddress || p.addressLine === null || p.postalCode === null) return null
  const line = p.addressLine.normalize('NFC').toLocaleLowerCase('nb').replace(/\s+/g, ' ').trim()
  const postalCode = p.postalCode.replace(/\s+/g, '')
  if (line === '' || postalCode === '') return null
  return `${line}|${postalCode}`
}

/** `today` is the 'YYYY-MM-DD' date in Europe/Oslo the facts are for. */
export function toPersonFacts(row: Selectable<PersonTable>, today: string): PersonFacts {
  const person = toPerson(row)
  return {
    id: person.id,
    birthDate: person.birthDate,
    confidentialAddress: person.confidentialAddress,
    addressKey: addressKeyOf(person),
    // A registered date of death in the future is a data error; count it only from that day.
    deceased: person.deceasedAt !== null && person.deceasedAt <= today,
  }
}

export function toParentalRelation(row: Selectable<ParentalRelationTable>): ParentalRelation {
  return {
    parentPersonId: row.parent_person_id,
    childPersonId: row.child_person_id,
    parentalResponsibility: row.parental_responsibility,
  }
}

export type CareRelationRow = {
  patient_person_id: string
  service_id: string
  organisation_id: string
  valid_from: Date
  valid_to: Date | null
}

export function toCareRelation(row: CareRelationRow): CareRelation {
  return {
    patientPersonId: row.patient_person_id,
    serviceId: row.service_id,
    organisationId: row.organisation_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  }
}
