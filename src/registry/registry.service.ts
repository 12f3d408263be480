/** The registry's use cases: each one transaction, its access decided by the gate. */
import type { AccessGate, Caller } from '../platform/access/access-gate.ts'
import { representableCitizens } from '../platform/access/access.policy.ts'
import { AppError, assertFound } from '../platform/http/errors.ts'
import { isValidNationalId } from '../platform/identifiers/national-id.ts'
import { setSessionService } from '../platform/identity/sessions.repository.ts'
import {
  findOrganisationById,
  findPersonByNationalId,
  findPersonsByIds,
  findStaffById,
  listOrganisationStaff,
  listOrganisations,
  listServices,
  listStaffMemberships,
} from './registry.repository.ts'
import type { Me, OrganisationListQuery, OrganisationStaff, Patient, PatientLookupBody } from './registry.schemas.ts'
import type { Organisation, OrganisationPage, Service } from './registry.types.ts'

export type RegistryService = ReturnType<typeof createRegistryService>

export function createRegistryService(deps: { gate: AccessGate; now: () => Date }) {
  const { gate } = deps
  return {
    listOrganisations(caller: Caller, query: OrganisationListQuery): Promise<OrganisationPage> {
      return gate.run(caller, { action: 'registry:read' }, { resourceType: 'organisation', resourceId: null }, (trx) =>
        listOrganisations(trx, { ...(query.query ? { query: query.query } : {}), limit: query.limit, offset: query.offset }),
      )
    },

    organisation(caller: Caller, id: string): Promise<Organisation & { services: Service[] }> {
      return gate.run(caller, { action: 'registry:read' }, { resourceType: 'organisation', resourceId: id }, async (trx) => {
        const organisation = assertFound(await findOrganisationById(trx, id), 'Organisasjonen')
        return { ...organisation, services: await listServices(trx, organisation.id) }
      })
    },

    organisationStaff(caller: Caller, organisationId: string): Promise<OrganisationStaff> {
      return gate.run(
        caller,
        { action: 'organisation-resource:read', organisationId },
        { resourceType: 'organisation-staff', resourceId: organisationId },
        async (trx) => ({ items: await listOrganisationStaff(trx, organisationId) }),
      )
    },

    /** By national identity number: an unknown number and a number without access answer alike (no probing who exists). */
    lookupPatient(caller: Caller, body: PatientLookupBody): Promise<Patient> {
      if (!isValidNationalId(body.nationalId)) {
        throw new AppError('invalid-national-id', 'Fødselsnummeret eller D-nummeret har feil kontrollsiffer.', [
          { path: 'body.nationalId', message: 'ugyldige kontrollsiffer' },
        ])
      }
      const emergency = body.emergencyReason ? { emergency: { reason: body.emergencyReason } } : {}
      return gate.within(caller, async (trx, access) => {
        const person = await findPersonByNationalId(trx, body.nationalId)
        if (!person) {
          await access.require({ action: 'patient-data:read', patientPersonId: null, ...emergency }, { resourceType: 'patient', resourceId: null })
          throw new Error('registry: an unknown patient was allowed')
        }
        const decision = await access.require(
          { action: 'patient-data:read', patientPersonId: person.id, ...emergency },
          { resourceType: 'patient', resourceId: person.id, patientPersonId: person.id },
        )
        return {
          id: person.id,
          name: `${person.givenName} ${person.familyName}`,
          birthDate: person.birthDate,
          address: person.confidentialAddress ? null : { line: person.addressLine, postalCode: person.postalCode, city: person.city },
          confidentialAddress: person.confidentialAddress,
          emergencyAccess: decision.basis === 'emergency-access',
        }
      })
    },

    /** Who is logged in: a citizen with everyone they may act for, staff with where they may act, or a system. */
    me(caller: Caller): Promise<Me> {
      const { principal } = caller
      const actor = principal.actor
      if (actor.kind === 'system') {
        return Promise.resolve({ kind: 'system', clientId: actor.clientId, organisationId: actor.organisationId, scopes: [...actor.scopes] })
      }
      const csrfToken = principal.session?.csrfToken ?? ''
      const now = deps.now()
      return gate.transaction(async (trx): Promise<Me> => {
        if (actor.kind === 'citizen') {
          const facts = await gate.facts(trx, [actor.personId], now)
          const representations = representableCitizens(actor.personId, facts, now)
          const byId = await findPersonsByIds(trx, [actor.personId, ...representations.map((r) => r.personId)])
          const self = byId.get(actor.personId)
          if (!self) throw new AppError('unauthenticated')
          return {
            kind: 'citizen',
            csrfToken,
            person: { id: self.id, name: `${self.givenName} ${self.familyName}`, birthDate: self.birthDate },
            representations: representations.flatMap((r) => {
              const person = byId.get(r.personId)
              const basis = r.bases[0]
              if (!person || !basis) return []
              // The fullmakt in force now: an expired one is never revoked, and one replaced by a change is.
              const validTo = facts.fullmakter
                .filter((f) => f.giverPersonId === r.personId && f.proxyPersonId === actor.personId && !f.revokedAt)
                .filter((f) => f.validFrom.getTime() <= now.getTime() && (f.validTo === null || f.validTo.getTime() > now.getTime()))
                .map((f) => f.validTo)
                .find((v) => v !== undefined)
              return [
                {
                  personId: r.personId,
                  name: `${person.givenName} ${person.familyName}`,
                  birthDate: person.birthDate,
                  basis,
                  areas: [...new Set([...r.read, ...r.write])],
                  validTo: validTo ? validTo.toISOString() : null,
                  reduced: r.reducedParentalRights,
                },
              ]
            }),
          }
        }
        const staff = assertFound(await findStaffById(trx, actor.staffId), 'Den ansatte')
        const memberships = await listStaffMemberships(trx, actor.staffId, { activeAt: now })
        const current = memberships.find((m) => m.serviceId === principal.serviceId)
        return {
          kind: 'staff',
          csrfToken,
          staff: { id: staff.id, name: `${staff.givenName} ${staff.familyName}`, hprNumber: staff.hprNumber },
          organisation: current ? { id: current.organisationId, name: current.organisationName, organisationNumber: current.organisationNumber } : null,
          service: current ? { id: current.serviceId, name: current.serviceName, herId: current.serviceHerId } : null,
          roles: actor.kind === 'staff' ? [...actor.roles] : ['platform_operator'],
          memberships: memberships.map((m) => ({
            serviceId: m.serviceId,
            serviceName: m.serviceName,
            organisationName: m.organisationName,
            roles: [...m.roles],
          })),
        }
      })
    },

    /** Staff in several services choose which one this session acts for; only a service they are a member of now. */
    chooseService(caller: Caller, serviceId: string): Promise<void> {
      const { principal } = caller
      const staffId = principal.actor.kind === 'staff' || principal.actor.kind === 'operator' ? principal.actor.staffId : null
      const session = principal.session
      if (!staffId || !session) throw new AppError('forbidden', 'Bare helsepersonell i portalen kan velge tjeneste.')
      return gate.transaction(async (trx) => {
        const memberships = await listStaffMemberships(trx, staffId, { activeAt: deps.now() })
        if (!memberships.some((m) => m.serviceId === serviceId)) throw new AppError('forbidden', 'Du er ikke medlem av denne tjenesten.')
        await setSessionService(trx, session.token, serviceId)
      })
    },
  }
}
