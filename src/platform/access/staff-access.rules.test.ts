import { describe, expect, it } from 'vitest'
import { careRelation, daysFrom, facts, NOW, operator, person, staff } from './access.fixtures.ts'
import { decide } from './access.policy.ts'
import type { AccessBasis, AccessDecision, AccessFacts, AccessFlags, ActionRequest, CareRelation, DenyCode, StaffActor } from './access.types.ts'
import { meaningfulEmergencyReason } from './staff-access.rules.ts'

type Expected = { basis: AccessBasis; flags?: AccessFlags; reason?: string } | { code: DenyCode }

function expectDecision(decision: AccessDecision, expected: Expected): void {
  if ('code' in expected) {
    expect(decision).toEqual({ allowed: false, code: expected.code })
  } else {
    expect(decision).toEqual({ allowed: true, flags: {}, ...expected })
  }
}

const REASON = 'Bevisstløs pasient på legevakt, trenger medisinliste'

describe('staff on patient data', () => {
  // The staff member acts for org-tonsberg / svc-home-care unless a row says otherwise.
  it.each<[string, Partial<StaffActor>, CareRelation[], ActionRequest, Expected]>([
    [
      'reads with a care relation to their service',
      {},
      [careRelation('anna')],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { basis: 'care-relation' },
    ],
    [
      'writes with a care relation to their service',
      {},
      [careRelation('anna')],
      { action: 'patient-data:write', patientPersonId: 'anna' },
      { basis: 'care-relation' },
    ],
    [
      'a care relation starting exactly now',
      {},
      [careRelation('anna', { validFrom: NOW })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { basis: 'care-relation' },
    ],
    [
      'a care relation ending exactly now',
      {},
      [careRelation('anna', { validTo: NOW })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'care-relation-inactive' },
    ],
    [
      'a care relation starting tomorrow',
      {},
      [careRelation('anna', { validFrom: daysFrom(NOW, 1) })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'care-relation-inactive' },
    ],
    [
      'a care relation ended last month',
      {},
      [careRelation('anna', { validTo: daysFrom(NOW, -30) })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'care-relation-inactive' },
    ],
    ['no care relation', {}, [], { action: 'patient-data:read', patientPersonId: 'anna' }, { code: 'no-care-relation' }],
    ['a care relation for another patient', {}, [careRelation('per')], { action: 'patient-data:read', patientPersonId: 'anna' }, { code: 'no-care-relation' }],
    // Only the service the staff member acts for counts.
    [
      'a care relation with another service of their organisation',
      {},
      [careRelation('anna', { serviceId: 'svc-health-station' })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'no-care-relation' },
    ],
    [
      'a care relation with the same service id in another organisation',
      {},
      [careRelation('anna', { organisationId: 'org-larvik' })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'no-care-relation' },
    ],
    [
      'acting for the other service, which has the relation',
      { serviceId: 'svc-health-station' },
      [careRelation('anna', { serviceId: 'svc-health-station' })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { basis: 'care-relation' },
    ],
    // health_personnel is required for patient data, care relation or not.
    [
      'a coordinator without health_personnel',
      { roles: ['coordinator'] },
      [careRelation('anna')],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'missing-role' },
    ],
    [
      'a service admin without health_personnel',
      { roles: ['service_admin'] },
      [careRelation('anna')],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'missing-role' },
    ],
    [
      'no roles, with an emergency reason',
      { roles: [] },
      [],
      { action: 'patient-data:read', patientPersonId: 'anna', emergency: { reason: REASON } },
      { code: 'missing-role' },
    ],
    // Emergency access: read only, with a written reason, flagged.
    [
      'emergency read with a reason',
      {},
      [],
      { action: 'patient-data:read', patientPersonId: 'anna', emergency: { reason: REASON } },
      { basis: 'emergency-access', flags: { emergency: true }, reason: REASON },
    ],
    [
      'emergency reason is trimmed for the audit log',
      {},
      [],
      { action: 'patient-data:read', patientPersonId: 'anna', emergency: { reason: `  ${REASON}\n` } },
      { basis: 'emergency-access', flags: { emergency: true }, reason: REASON },
    ],
    [
      'emergency write is refused',
      {},
      [],
      { action: 'patient-data:write', patientPersonId: 'anna', emergency: { reason: REASON } },
      { code: 'emergency-read-only' },
    ],
    [
      'emergency with an empty reason',
      {},
      [],
      { action: 'patient-data:read', patientPersonId: 'anna', emergency: { reason: '' } },
      { code: 'emergency-reason-required' },
    ],
    [
      'emergency with a too short reason',
      {},
      [],
      { action: 'patient-data:read', patientPersonId: 'anna', emergency: { reason: 'akutt' } },
      { code: 'emergency-reason-required' },
    ],
    [
      'emergency after an ended care relation',
      {},
      [careRelation('anna', { validTo: daysFrom(NOW, -1) })],
      { action: 'patient-data:read', patientPersonId: 'anna', emergency: { reason: REASON } },
      { basis: 'emergency-access', flags: { emergency: true }, reason: REASON },
    ],
    [
      'a valid care relation needs no emergency flag',
      {},
      [careRelation('anna')],
      { action: 'patient-data:read', patientPersonId: 'anna', emergency: { reason: REASON } },
      { basis: 'care-relation' },
    ],
  ])('%s', (_, actor, careRelations, request, expected) => {
    const f = facts({ persons: [person('anna'), person('per')], careRelations })
    expectDecision(decide({ actor: staff(actor), ...request }, f), expected)
  })
})

describe('emergency reason', () => {
  it.each([
    ['Bevisstløs pasient', 'Bevisstløs pasient'],
    ['  Akutt   allergisk \n reaksjon ', 'Akutt allergisk reaksjon'],
    ['0123456789', '0123456789'],
    ['Ærøå æøå æøå', 'Ærøå æøå æøå'],
  ])('accepts %j as %j', (reason, expected) => {
    expect(meaningfulEmergencyReason(reason)).toBe(expected)
  })

  it.each([
    [''],
    ['          '],
    ['akutt'],
    ['a b c d e f g h i'], // 9 letters
    ['..........!!!!!!!!!!----------'],
    ['\n\t\n\t\n\t\n\t\n\t\n'],
    [undefined],
    [42],
  ])('rejects %j', (reason) => {
    expect(meaningfulEmergencyReason(reason)).toBeNull()
  })
})

describe('staff on organisation resources, governance and the registry', () => {
  const f: AccessFacts = facts()
  it.each<[string, Partial<StaffActor>, ActionRequest, Expected]>([
    ['reads a resource of their organisation', { roles: [] }, { action: 'organisation-resource:read', organisationId: 'org-tonsberg' }, { basis: 'role' }],
    [
      'reads a resource of another service of their organisation',
      { roles: [] },
      { action: 'organisation-resource:read', organisationId: 'org-tonsberg', serviceId: 'svc-health-station' },
      { basis: 'role' },
    ],
    [
      'never reads another organisation',
      { roles: ['service_admin', 'coordinator', 'health_personnel'] },
      { action: 'organisation-resource:read', organisationId: 'org-larvik' },
      { code: 'other-organisation' },
    ],
    [
      'writes to their own service',
      { roles: [] },
      { action: 'organisation-resource:write', organisationId: 'org-tonsberg', serviceId: 'svc-home-care' },
      { basis: 'role' },
    ],
    [
      'does not write to another service',
      { roles: ['health_personnel'] },
      { action: 'organisation-resource:write', organisationId: 'org-tonsberg', serviceId: 'svc-health-station' },
      { code: 'other-service' },
    ],
    [
      'does not write org-wide',
      { roles: ['health_personnel', 'coordinator'] },
      { action: 'organisation-resource:write', organisationId: 'org-tonsberg' },
      { code: 'missing-role' },
    ],
    [
      'service_admin writes org-wide',
      { roles: ['service_admin'] },
      { action: 'organisation-resource:write', organisationId: 'org-tonsberg' },
      { basis: 'role' },
    ],
    [
      'service_admin writes to another service of the organisation',
      { roles: ['service_admin'] },
      { action: 'organisation-resource:write', organisationId: 'org-tonsberg', serviceId: 'svc-health-station' },
      { basis: 'role' },
    ],
    [
      'service_admin never writes to another organisation',
      { roles: ['service_admin'] },
      { action: 'organisation-resource:write', organisationId: 'org-larvik', serviceId: 'svc-home-care' },
      { code: 'other-organisation' },
    ],
    ['coordinator reads governance', { roles: ['coordinator'] }, { action: 'governance:read' }, { basis: 'role' }],
    ['coordinator writes governance', { roles: ['coordinator'] }, { action: 'governance:write' }, { basis: 'role' }],
    ['health personnel do not read governance', { roles: ['health_personnel', 'service_admin'] }, { action: 'governance:read' }, { code: 'missing-role' }],
    ['health personnel do not write governance', { roles: ['health_personnel'] }, { action: 'governance:write' }, { code: 'missing-role' }],
    ['anyone reads the registry', { roles: [] }, { action: 'registry:read' }, { basis: 'role' }],
    [
      'coordinator does not write the registry',
      { roles: ['coordinator', 'service_admin'] },
      { action: 'registry:write', organisationId: 'org-tonsberg' },
      { code: 'action-not-permitted' },
    ],
    [
      'no citizen-portal data',
      { roles: ['health_personnel'] },
      { action: 'citizen-data:read', subjectPersonId: 'anna', area: 'messages' },
      { code: 'action-not-permitted' },
    ],
    ['no platform administration', { roles: ['service_admin'] }, { action: 'platform:administer' }, { code: 'action-not-permitted' }],
    ['no system client management', { roles: ['service_admin'] }, { action: 'system-clients:manage' }, { code: 'action-not-permitted' }],
  ])('%s', (_, actor, request, expected) => {
    expectDecision(decide({ actor: staff(actor), ...request }, f), expected)
  })
})

describe('operator', () => {
  // Even with every relation in place, the operator never reads personal data.
  const f = facts({ persons: [person('anna')], careRelations: [careRelation('anna')] })
  it.each<[ActionRequest, Expected]>([
    [{ action: 'platform:administer' }, { basis: 'role' }],
    [{ action: 'system-clients:manage' }, { basis: 'role' }],
    [{ action: 'registry:write', organisationId: 'org-tonsberg' }, { basis: 'role' }],
    [{ action: 'registry:read' }, { basis: 'role' }],
    [{ action: 'patient-data:read', patientPersonId: 'anna' }, { code: 'action-not-permitted' }],
    [{ action: 'patient-data:read', patientPersonId: 'anna', emergency: { reason: REASON } }, { code: 'action-not-permitted' }],
    [{ action: 'patient-data:write', patientPersonId: 'anna' }, { code: 'action-not-permitted' }],
    [{ action: 'citizen-data:read', subjectPersonId: 'anna', area: 'access-log' }, { code: 'action-not-permitted' }],
    [{ action: 'citizen-data:write', subjectPersonId: 'anna', area: 'messages' }, { code: 'action-not-permitted' }],
    [{ action: 'organisation-resource:read', organisationId: 'org-tonsberg' }, { code: 'action-not-permitted' }],
    [{ action: 'governance:read' }, { code: 'action-not-permitted' }],
    [{ action: 'governance:write' }, { code: 'action-not-permitted' }],
  ])('%j → %j', (request, expected) => {
    expectDecision(decide({ actor: operator(), ...request }, f), expected)
  })
})
