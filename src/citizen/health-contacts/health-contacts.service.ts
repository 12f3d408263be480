/** The citizen's health contacts (CIT-2), for the citizen or someone acting for them in the 'health-contacts' area. */
import type { Caller, UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { ServiceAvailability } from '../onboarding/digital-services.ts'
import { DIGITAL_SERVICES, type DigitalService } from '../onboarding/digital-service.schemas.ts'
import { loadServiceAvailability } from '../onboarding/digital-services.repository.ts'
import {
  findMunicipalityNumberOf,
  findMunicipalityServices,
  listGpsOfServices,
  listPrimaryContacts,
  listReceivedServices,
} from './health-contacts.repository.ts'
import { assembleHealthContacts, FASTLEGE_SERVICE_KIND, visibleHealthContacts } from './health-contacts.rules.ts'
import type { HealthContacts } from './health-contacts.schemas.ts'

export async function getHealthContacts(deps: UseCaseDeps, caller: Caller, personId: string): Promise<HealthContacts> {
  return deps.gate.run(
    caller,
    { action: 'citizen-data:read', subjectPersonId: personId, area: 'health-contacts' },
    { resourceType: 'health-contacts', resourceId: personId, patientPersonId: personId },
    async (db, decision) => {
      const now = deps.now()
      const municipalityNumber = await findMunicipalityNumberOf(db, personId)
      // A parent with reduced rights (child aged 12–15) is not shown services whose name itself is sensitive.
      const { received, primaryContacts, municipality } = visibleHealthContacts(
        {
          received: await listReceivedServices(db, personId, now),
          primaryContacts: await listPrimaryContacts(db, personId, now),
          municipality: municipalityNumber === null ? null : await findMunicipalityServices(db, municipalityNumber),
        },
        { reducedParentalRights: decision.flags.reducedParentalRights === true },
      )
      const practices = received.filter((s) => s.kind === FASTLEGE_SERVICE_KIND).map((s) => s.id)
      const gps = await listGpsOfServices(db, practices, now)
      const serviceIds = [...new Set([...received, ...(municipality?.services ?? [])].map((s) => s.id))]
      // One query per digital service, one after another: inside a transaction there is one connection.
      const availability = new Map<DigitalService, Map<string, ServiceAvailability>>()
      for (const code of DIGITAL_SERVICES) availability.set(code, await loadServiceAvailability(db, serviceIds, code, now))
      return assembleHealthContacts({ received, primaryContacts, municipality, gps, availability })
    },
  )
}
