// The Vestfold demo's staff and where they work. National ids are synthetic test numbers (month
// + 80); HPR numbers are made up (7 digits, 91 000 xx). Ids: 4xx staff.
import type { StaffRole } from '../../platform/access/access.types.ts'
import type { Staff } from '../registry.types.ts'
import { DEMO_SERVICES } from './vestfold-demo.organisations.ts'
import { DEMO_VALID_FROM } from './vestfold-demo.people.ts'

export const DEMO_STAFF = {
  liseLund: {
    id: '00000000-0000-4000-8000-000000000401',
    hprNumber: '9100011',
    nationalId: '22848820044',
    givenName: 'Lise',
    familyName: 'Lund',
    profession: 'sykepleier',
    isPlatformOperator: false,
  },
  andersAas: {
    id: '00000000-0000-4000-8000-000000000402',
    hprNumber: '9100029',
    nationalId: '09897920341',
    givenName: 'Anders',
    familyName: 'Aas',
    profession: 'lege',
    isPlatformOperator: false,
  },
  beritBakke: {
    id: '00000000-0000-4000-8000-000000000403',
    hprNumber: '9100037',
    nationalId: '17827020265',
    givenName: 'Berit',
    familyName: 'Bakke',
    profession: 'fastlege',
    isPlatformOperator: false,
  },
  hanneHauge: {
    id: '00000000-0000-4000-8000-000000000404',
    hprNumber: '9100045',
    nationalId: '28868420075',
    givenName: 'Hanne',
    familyName: 'Hauge',
    profession: 'helsesykepleier',
    isPlatformOperator: false,
  },
  siriStrand: {
    id: '00000000-0000-4000-8000-000000000405',
    hprNumber: '9100053',
    nationalId: '03927720050',
    givenName: 'Siri',
    familyName: 'Strand',
    profession: 'samhandlingskoordinator',
    isPlatformOperator: false,
  },
  torTangen: {
    id: '00000000-0000-4000-8000-000000000406',
    hprNumber: '9100061',
    nationalId: '30839120563',
    givenName: 'Tor',
    familyName: 'Tangen',
    profession: 'sykepleier',
    isPlatformOperator: false,
  },
  /** Platform operator (plattformforvalter): not health personnel, so no HPR number and no membership. */
  oleOlsen: {
    id: '00000000-0000-4000-8000-000000000407',
    hprNumber: null,
    nationalId: '19888220162',
    givenName: 'Ole',
    familyName: 'Olsen',
    profession: null,
    isPlatformOperator: true,
  },
} as const satisfies Record<string, Staff>

export type DemoStaffMembership = {
  staffId: string
  serviceId: string
  roles: readonly StaffRole[]
  validFrom: Date
  validTo: Date | null
}

const st = DEMO_STAFF
const s = DEMO_SERVICES

export const DEMO_STAFF_MEMBERSHIPS = [
  {
    staffId: st.liseLund.id,
    serviceId: s.tonsbergHjemmesykepleie.id,
    roles: ['health_personnel'],
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
  { staffId: st.andersAas.id, serviceId: s.sivMedisinsk.id, roles: ['health_personnel'], validFrom: DEMO_VALID_FROM, validTo: null },
  // Also takes shifts at the legevakt: staff in two services choose which one they act for.
  { staffId: st.andersAas.id, serviceId: s.legevakt.id, roles: ['health_personnel'], validFrom: DEMO_VALID_FROM, validTo: null },
  {
    staffId: st.beritBakke.id,
    serviceId: s.tonsbergLegesenterFastlege.id,
    roles: ['health_personnel', 'service_admin'],
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
  {
    staffId: st.hanneHauge.id,
    serviceId: s.tonsbergHelsestasjon.id,
    roles: ['health_personnel'],
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
  { staffId: st.siriStrand.id, serviceId: s.sivSamhandling.id, roles: ['coordinator'], validFrom: DEMO_VALID_FROM, validTo: null },
  {
    staffId: st.torTangen.id,
    serviceId: s.faerderHjemmesykepleie.id,
    roles: ['health_personnel'],
    validFrom: DEMO_VALID_FROM,
    validTo: null,
  },
] as const satisfies readonly DemoStaffMembership[]
