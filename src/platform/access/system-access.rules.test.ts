import { describe, expect, it } from 'vitest'
import { careRelation, daysFrom, facts, NOW, person, system } from './access.fixtures.ts'
import { decide } from './access.policy.ts'
import type { AccessBasis, AccessDecision, ActionRequest, CareRelation, DenyCode } from './access.types.ts'
import { SYSTEM_SCOPES } from './access.types.ts'

type Expected = { basis: AccessBasis } | { code: DenyCode }

function expectDecision(decision: AccessDecision, expected: Expected): void {
  if ('code' in expected) expect(decision).toEqual({ allowed: false, code: expected.code })
  else expect(decision).toEqual({ allowed: true, basis: expected.basis, flags: {} })
}

const ALL_SCOPES = Object.values(SYSTEM_SCOPES)
const REASON = 'Bevisstløs pasient på legevakt, trenger medisinliste'

describe('system clients', () => {
  // The client belongs to org-tonsberg; care relations are with org-tonsberg unless a row says otherwise.
  it.each<[string, string[], CareRelation[], ActionRequest, Expected]>([
    ['reads the registry with its scope', [SYSTEM_SCOPES.registryRead], [], { action: 'registry:read' }, { basis: 'scope' }],
    ['does not read the registry without it', [SYSTEM_SCOPES.patientRead], [], { action: 'registry:read' }, { code: 'missing-scope' }],
    [
      'reads patient data: scope and a care relation with any service of its organisation',
      [SYSTEM_SCOPES.patientRead],
      [careRelation('anna', { serviceId: 'svc-any' })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { basis: 'care-relation' },
    ],
    [
      'writes patient data: write scope and a care relation',
      [SYSTEM_SCOPES.patientWrite],
      [careRelation('anna')],
      { action: 'patient-data:write', patientPersonId: 'anna' },
      { basis: 'care-relation' },
    ],
    [
      'the read scope does not write',
      [SYSTEM_SCOPES.patientRead],
      [careRelation('anna')],
      { action: 'patient-data:write', patientPersonId: 'anna' },
      { code: 'missing-scope' },
    ],
    [
      'the write scope does not read',
      [SYSTEM_SCOPES.patientWrite],
      [careRelation('anna')],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'missing-scope' },
    ],
    ['no patient data without a care relation', ALL_SCOPES, [], { action: 'patient-data:read', patientPersonId: 'anna' }, { code: 'no-care-relation' }],
    [
      'a care relation with another organisation does not count',
      ALL_SCOPES,
      [careRelation('anna', { organisationId: 'org-larvik' })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'no-care-relation' },
    ],
    [
      'an ended care relation',
      ALL_SCOPES,
      [careRelation('anna', { validTo: NOW })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'care-relation-inactive' },
    ],
    [
      'a future care relation',
      ALL_SCOPES,
      [careRelation('anna', { validFrom: daysFrom(NOW, 1) })],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'care-relation-inactive' },
    ],
    [
      'emergency is no basis for a system',
      ALL_SCOPES,
      [],
      { action: 'patient-data:read', patientPersonId: 'anna', emergency: { reason: REASON } },
      { code: 'no-care-relation' },
    ],
    [
      'no patient data without the scope, care relation or not',
      [],
      [careRelation('anna')],
      { action: 'patient-data:read', patientPersonId: 'anna' },
      { code: 'missing-scope' },
    ],
    [
      'reads its own organisation',
      [SYSTEM_SCOPES.organisationRead],
      [],
      { action: 'organisation-resource:read', organisationId: 'org-tonsberg' },
      { basis: 'scope' },
    ],
    [
      'writes its own organisation, any service',
      [SYSTEM_SCOPES.organisationWrite],
      [],
      { action: 'organisation-resource:write', organisationId: 'org-tonsberg', serviceId: 'svc-x' },
      { basis: 'scope' },
    ],
    ['never another organisation', ALL_SCOPES, [], { action: 'organisation-resource:read', organisationId: 'org-larvik' }, { code: 'other-organisation' }],
    [
      'never writes another organisation',
      ALL_SCOPES,
      [],
      { action: 'organisation-resource:write', organisationId: 'org-larvik' },
      { code: 'other-organisation' },
    ],
    [
      'the read scope does not write',
      [SYSTEM_SCOPES.organisationRead],
      [],
      { action: 'organisation-resource:write', organisationId: 'org-tonsberg' },
      { code: 'missing-scope' },
    ],
    ['a scope of the right name with other case is not the scope', ['SAMBAND/REGISTRY.READ'], [], { action: 'registry:read' }, { code: 'missing-scope' }],
    [
      'no citizen-portal data',
      ALL_SCOPES,
      [careRelation('anna')],
      { action: 'citizen-data:read', subjectPersonId: 'anna', area: 'messages' },
      { code: 'action-not-permitted' },
    ],
    ['no registry writes', ALL_SCOPES, [], { action: 'registry:write', organisationId: 'org-tonsberg' }, { code: 'action-not-permitted' }],
    ['no governance', ALL_SCOPES, [], { action: 'governance:read' }, { code: 'action-not-permitted' }],
    ['no platform administration', ALL_SCOPES, [], { action: 'platform:administer' }, { code: 'action-not-permitted' }],
    ['no system client management', ALL_SCOPES, [], { action: 'system-clients:manage' }, { code: 'action-not-permitted' }],
  ])('%s', (_, scopes, careRelations, request, expected) => {
    const f = facts({ persons: [person('anna')], careRelations })
    expectDecision(decide({ actor: system({ scopes }), ...request }, f), expected)
  })
})
