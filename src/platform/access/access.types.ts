// Types for the access policy: who asks (actor), what they ask for (request), what the caller
// loaded from the database (facts) and the answer (decision). The policy is pure: it never loads
// anything, so everything a rule looks at is in AccessFacts, including the clock.
import { z } from 'zod'

// Tjenesteområder a citizen's data is split into; a fullmakt is given per area.
export const SERVICE_AREAS = ['messages', 'appointments', 'health-contacts', 'home-visits', 'letters', 'forms', 'tools', 'access-log', 'consents'] as const
export const ServiceAreaSchema = z.enum(SERVICE_AREAS)
export type ServiceArea = z.infer<typeof ServiceAreaSchema>

/** Areas as stored, keeping only known ones, in SERVICE_AREAS order; unknown areas grant nothing. */
export function toServiceAreas(areas: readonly string[]): ServiceArea[] {
  return SERVICE_AREAS.filter((area) => areas.includes(area))
}

export const STAFF_ROLES = ['health_personnel', 'coordinator', 'service_admin'] as const
export const StaffRoleSchema = z.enum(STAFF_ROLES)
export type StaffRole = z.infer<typeof StaffRoleSchema>

// OAuth2 scopes a system client (EPJ or other) must hold, one per kind of action.
export const SYSTEM_SCOPES = {
  registryRead: 'samband/registry.read',
  exchange: 'samband/exchange',
  /** NHN's Meldingstjener scope (HelseID), equal to samband/exchange. */
  nhnMessageApi: 'nhn:msh/api',
  patientRead: 'samband/patient.read',
  patientWrite: 'samband/patient.write',
  organisationRead: 'samband/organisation.read',
  organisationWrite: 'samband/organisation.write',
} as const
export type SystemScope = (typeof SYSTEM_SCOPES)[keyof typeof SYSTEM_SCOPES]

// ---------------------------------------------------------------------------------------------
// Actors

/** A citizen logged in at high assurance (ID-porten level high). */
export type CitizenActor = { kind: 'citizen'; personId: string }

/** Health personnel and other staff; they act for one organisation and one service at a time. */
export type StaffActor = {
  kind: 'staff'
  staffId: string
  organisationId: string
  serviceId: string
  roles: readonly StaffRole[]
}

/** Platform operator (plattformforvalter): runs the platform, never reads personal data. */
export type OperatorActor = { kind: 'operator'; staffId: string }

/** An EPJ or other system authenticated by OAuth2 client credentials, bound to one organisation. */
export type SystemActor = {
  kind: 'system'
  clientId: string
  organisationId: string
  scopes: readonly string[]
  /**
   * HelseID's `herid` claim for the message API: the HER-ids the client was delegated. Absent (or `0` in the
   * token) means every HER-id of its organisation.
   */
  herIds?: readonly number[]
}

export type Actor = CitizenActor | StaffActor | OperatorActor | SystemActor

// ---------------------------------------------------------------------------------------------
// Requests

/** A citizen's own data, or data of someone the citizen represents, in one service area. */
export type CitizenDataRequest = {
  action: 'citizen-data:read' | 'citizen-data:write'
  subjectPersonId: string
  area: ServiceArea
}

/**
 * Patient data as staff or a system sees it. `emergency` asks for emergency access (akuttilgang). A null patient is
 * someone the caller named who is not registered: denied ('unknown-person') exactly as one without access is answered.
 */
export type PatientDataRequest = {
  action: 'patient-data:read' | 'patient-data:write'
  patientPersonId: string | null
  emergency?: { reason: string }
}

/**
 * A citizen's own affairs that nobody else may handle, not even with a fullmakt or as a parent: giving, changing and
 * ending fullmakter.
 */
export type OwnAffairsRequest = {
  action: 'own-affairs:read' | 'own-affairs:write'
  subjectPersonId: string
}

/**
 * A municipality's agreement with the platform (its notice): the platform operator, or a service_admin of that
 * municipality. Systems never: a notice is a person's decision.
 */
export type AgreementRequest = {
  action: 'agreement:write'
  organisationId: string
}

/** Work done as staff of one service (e.g. registering assigned fullmakter): only staff acting for that service now. */
export type ServiceStaffRequest = {
  action: 'service-staff:read' | 'service-staff:write'
  serviceId: string
}

/**
 * A service's inbox of citizen threads: staff acting for that very service, or a system client of the organisation
 * that runs it. `organisationId` is null when there is no such service.
 */
export type ServiceInboxRequest = {
  action: 'service-inbox:read' | 'service-inbox:write'
  serviceId: string
  organisationId: string | null
}

/**
 * Messages in the exchange, by communication party (HER-id). `ownedHerIds` are the HER-ids the actor sends and
 * receives for (its organisation's, or its service's and the persons-in-role under it), as the address registry says.
 * 'all': the actor acts as each of `herIds` (its inbox, marking read, receipting); 'any': `herIds` are one message's
 * parties, and the actor must be one of them.
 */
export type HerIdRequest = {
  action: 'her-id:read' | 'her-id:write'
  herIds: readonly number[]
  ownedHerIds: readonly number[]
  match: 'all' | 'any'
}

/** A resource owned by an organisation, optionally by one of its services. */
export type OrganisationResourceRequest = {
  action: 'organisation-resource:read' | 'organisation-resource:write'
  organisationId: string
  serviceId?: string
}

export type RegistryReadRequest = { action: 'registry:read' }
/** The message API (NHN's Meldingstjener API under /msh): for EPJ systems with the message scope. */
export type MessageApiRequest = { action: 'message-api:use' }
/** The exchange's address registry (HER-ids and what each party receives): for health personnel and their systems. */
export type AddressRegistryReadRequest = { action: 'address-registry:read' }
export type RegistryWriteRequest = { action: 'registry:write'; organisationId: string }
export type GovernanceRequest = { action: 'governance:read' | 'governance:write' }
export type PlatformAdministerRequest = { action: 'platform:administer' }
export type SystemClientsManageRequest = { action: 'system-clients:manage' }

/** What is asked for, without who asks. */
export type ActionRequest =
  | CitizenDataRequest
  | PatientDataRequest
  | OwnAffairsRequest
  | ServiceStaffRequest
  | AgreementRequest
  | ServiceInboxRequest
  | HerIdRequest
  | OrganisationResourceRequest
  | RegistryReadRequest
  | AddressRegistryReadRequest
  | MessageApiRequest
  | RegistryWriteRequest
  | GovernanceRequest
  | PlatformAdministerRequest
  | SystemClientsManageRequest

export type ActionName = ActionRequest['action']

/** Who asks for what: the input of `decide`. */
export type AccessRequest = { actor: Actor } & ActionRequest

export type Operation = 'read' | 'write'

// ---------------------------------------------------------------------------------------------
// Facts

/**
 * A person as the policy needs to know them. `birthDate` is a calendar date: either an ISO
 * 'YYYY-MM-DD' string (preferred) or a Date, which is read as its calendar date in Europe/Oslo.
 */
export type PersonFacts = {
  id: string
  birthDate: Date | string
  /** Fortrolig or strengt fortrolig adresse (kode 7/6). */
  confidentialAddress: boolean
  /** Identifies the registered (folkeregistrert) address; equal keys mean the same address. */
  addressKey: string | null
  deceased?: boolean
}

export type ParentalRelation = {
  parentPersonId: string
  childPersonId: string
  /** Foreldreansvar. Without it a parent never represents the child. */
  parentalResponsibility: boolean
}

export type FullmaktKind = 'ordinary' | 'assigned'

export type Fullmakt = {
  id: string
  /** The principal, whose data the proxy may act on. */
  giverPersonId: string
  proxyPersonId: string
  /** 'assigned' (tildelt) is given via the GP for people lacking capacity; it may act on consents. */
  kind: FullmaktKind
  areas: readonly ServiceArea[]
  validFrom: Date
  /** Exclusive end; null means open-ended. */
  validTo: Date | null
  revokedAt: Date | null
}

export type CareRelation = {
  patientPersonId: string
  serviceId: string
  organisationId: string
  validFrom: Date
  /** Exclusive end; null means open-ended. */
  validTo: Date | null
}

/**
 * Everything the caller loaded for one decision. Only relations and persons that matter for the
 * request need to be present; a missing relation is simply no basis (deny by default).
 */
export type AccessFacts = {
  now: Date
  persons: Readonly<Record<string, PersonFacts>>
  parentalRelations: readonly ParentalRelation[]
  fullmakter: readonly Fullmakt[]
  careRelations: readonly CareRelation[]
}

// ---------------------------------------------------------------------------------------------
// Decisions

export type AccessBasis = 'self' | 'parent' | 'fullmakt' | 'assigned-fullmakt' | 'care-relation' | 'emergency-access' | 'role' | 'scope' | 'her-id-party'

/** The bases by which one citizen acts for another. */
export type RepresentationBasis = Extract<AccessBasis, 'parent' | 'fullmakt' | 'assigned-fullmakt'>

export type AccessFlags = {
  /** Emergency access: the audit log must flag it for follow-up. */
  emergency?: true
  /** A parent of a child aged 12–15: reduced rights. */
  reducedParentalRights?: true
}

// Stable machine codes for denials. They are meant for logs and audit; the HTTP layer should
// answer a generic 403 so a code never tells an outsider something (e.g. that someone has a
// confidential address).
export const DENY_CODES = [
  'no-basis',
  'action-not-permitted',
  'unknown-area',
  'missing-role',
  'missing-scope',
  'other-organisation',
  'other-service',
  'no-care-relation',
  'care-relation-inactive',
  'emergency-reason-required',
  'emergency-read-only',
  'subject-deceased',
  'unknown-person',
  'invalid-facts',
  'confidential-address',
  'fullmakt-revoked',
  'fullmakt-not-yet-valid',
  'fullmakt-expired',
  'giver-under-16',
  'proxy-under-18',
  'consents-personal-only',
  'area-not-covered',
  'no-parental-responsibility',
  'child-16-or-older',
  'no-parent-at-child-address',
  'reduced-parental-rights',
  'self-only',
  'her-id-not-owned',
  'not-a-party',
  /** Not the policy's: the request was allowed, but what it named is not there under that person (answered 404). */
  'no-such-resource',
] as const
export type DenyCode = (typeof DENY_CODES)[number]

export type AccessAllowed = {
  allowed: true
  basis: AccessBasis
  flags: AccessFlags
  /** For emergency access: the trimmed written reason, to be stored in the audit log. */
  reason?: string
}

export type AccessDenied = { allowed: false; code: DenyCode }

export type AccessDecision = AccessAllowed | AccessDenied

/** One person a citizen may act for, as listed on the citizen home page. */
export type Representation = {
  personId: string
  /** Every basis that grants something, strongest first. */
  bases: RepresentationBasis[]
  /** Areas the citizen may read, and write, on the person's behalf, in SERVICE_AREAS order. */
  read: ServiceArea[]
  write: ServiceArea[]
  reducedParentalRights: boolean
}
