/**
 * What identity needs to know about people and organisations, without knowing where they are kept: the registry module
 * implements this port and the composition root hands it in (platform/ imports no module).
 */
import type { StaffRole } from '../access/access.types.ts'

export type DirectoryPerson = { id: string; nationalId: string; givenName: string; familyName: string }

export type DirectoryStaff = {
  id: string
  nationalId: string
  hprNumber: string | null
  givenName: string
  familyName: string
  profession: string | null
  isPlatformOperator: boolean
}

/** A service a staff member may act for, with the roles they hold there. */
export type DirectoryMembership = { serviceId: string; organisationId: string; roles: StaffRole[] }

export type DemoLoginCitizen = { id: string; name: string; nationalId: string; birthDate: string }

export type DemoLoginStaff = {
  id: string
  name: string
  hprNumber: string | null
  isPlatformOperator: boolean
  /** From the first membership by organisation and service name; null without any. */
  organisationName: string | null
  serviceName: string | null
}

export type DemoLoginUsers = { citizens: DemoLoginCitizen[]; staff: DemoLoginStaff[] }

export type PeopleDirectory = {
  person(id: string): Promise<DirectoryPerson | null>
  personByNationalId(nationalId: string): Promise<DirectoryPerson | null>
  staff(id: string): Promise<DirectoryStaff | null>
  staffByHpr(hprNumber: string): Promise<DirectoryStaff | null>
  /** Memberships valid at `at`, by organisation name and service name: the first is where a new session acts. */
  activeMemberships(staffId: string, at: Date): Promise<DirectoryMembership[]>
  organisationByNumber(organisationNumber: string): Promise<{ id: string; name: string } | null>
  /** Everyone the embedded provider's demo login page offers (development and demos only: it lists national ids). */
  demoLoginUsers(): Promise<DemoLoginUsers>
}
