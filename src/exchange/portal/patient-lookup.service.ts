/**
 * Whom a new message is about, before it is sent: the name and birth date the registry holds for a national identity
 * number, so the wrong patient is caught (issue 10 §17). Looking a person up is access to personal data: first the
 * caller must be able to write messages at all (health personnel acting for a service with a HER-id: decided before
 * the number is looked at, so others learn nothing about who exists), then the service needs a care relation with the
 * person, exactly as sending will. Every look-up is in the audit log, with the person when there is one.
 */
import type { Caller, UseCaseDeps } from '../../platform/access/access-gate.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isValidNationalId } from '../../platform/identifiers/national-id.ts'
import { findPersonByNationalId } from '../../registry/index.ts'
import type { PatientLookupAnswer } from './exchange-portal.schemas.ts'
import { portalCaller, portalRefusal } from './portal-caller.ts'

const ACTION = 'exchange.patient.lookup'

export function createPatientLookup(deps: UseCaseDeps) {
  return {
    async lookUp(caller: Caller, nationalId: string): Promise<PatientLookupAnswer> {
      const found = await deps.gate.within(caller, async (trx, access) => {
        const portal = await portalCaller(trx, caller)
        const request = {
          action: 'her-id:write',
          herIds: portal.serviceHerId === null ? [] : [portal.serviceHerId],
          ownedHerIds: portal.ownedHerIds,
          match: 'all',
        } as const
        const mayWrite = await access.require(request, { resourceType: 'patient', resourceId: null, auditAction: ACTION }, { refusal: portalRefusal })
        if (!isValidNationalId(nationalId)) {
          throw new AppError('invalid-national-id', 'Fødselsnummeret eller D-nummeret har feil kontrollsiffer.', [
            { path: 'body.nationalId', message: 'ugyldige kontrollsiffer' },
          ])
        }
        const person = await findPersonByNationalId(trx, nationalId)
        if (!person) {
          // Logged, and answered after the commit: a number nobody has was still looked up by someone.
          access.record(request, mayWrite, { action: ACTION, resourceType: 'patient', resourceId: null, reason: null })
          return null
        }
        await access.require(
          { action: 'patient-data:read', patientPersonId: person.id },
          { resourceType: 'patient', resourceId: person.id, patientPersonId: person.id, auditAction: ACTION },
          {
            refusal: () =>
              new AppError('forbidden', 'Tjenesten din har ikke behandlingsforhold til personen med dette fødselsnummeret, og kan ikke sende melding om hen.'),
          },
        )
        return { name: `${person.givenName} ${person.familyName}`, birthDate: person.birthDate }
      })
      if (!found)
        throw new AppError('not-found', 'Finner ingen person med dette fødselsnummeret eller D-nummeret i Folkeregisteret. Sjekk at det er skrevet riktig.')
      return found
    },
  }
}
