/**
 * The Vestfold demo's citizen services: how each municipality is onboarded (terms, EPJ, activated services, one
 * municipality under notice), the services' contact details, and primary contacts. Fixed ids (7xx terms) so tests and
 * people can refer to them. Terms and agreements are dated; Horten's notice is counted from when the demo is loaded,
 * so that it is always under notice, as the README says.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { DEMO_ORGANISATIONS, DEMO_SERVICES } from '../../registry/index.ts'
import { DEMO_NOW, DEMO_PEOPLE, DEMO_VALID_FROM } from '../../registry/index.ts'
import { DEMO_STAFF } from '../../registry/index.ts'
import { osloCalendarDate, osloWallTime } from '../../platform/time/oslo-time.ts'
import type { DigitalService } from '../onboarding/digital-service.schemas.ts'
import { terminationEndsAt } from '../onboarding/notice-period.ts'

const org = DEMO_ORGANISATIONS
const s = DEMO_SERVICES

export const DEMO_TERMS = {
  general1: {
    id: '00000000-0000-4000-8000-000000000701',
    document: 'general',
    digitalService: null,
    version: '1.0',
    title: 'Generelle vilkår for digitale innbyggertjenester',
    changeLog: 'Første versjon.',
    publishedAt: '2024-09-01T00:00:00+02:00',
    effectiveFrom: '2024-10-01T00:00:00+02:00',
  },
  general2: {
    id: '00000000-0000-4000-8000-000000000702',
    document: 'general',
    digitalService: null,
    version: '2.0',
    title: 'Generelle vilkår for digitale innbyggertjenester',
    changeLog: 'Oppsigelsesfrister presisert (kommunen én måned, plattformforvalter seks måneder). Krav om at kommunens EPJ støtter tjenesten før aktivering.',
    publishedAt: '2026-02-01T00:00:00+01:00',
    effectiveFrom: '2026-04-01T00:00:00+02:00',
  },
  specialMessages: {
    id: '00000000-0000-4000-8000-000000000703',
    document: 'special',
    digitalService: 'messages',
    version: '1.1',
    title: 'Særskilte vilkår for meldinger mellom innbygger og kommune',
    changeLog: 'Forventet svartid (én virkedag) skal vises for innbyggeren.',
    publishedAt: '2026-02-01T00:00:00+01:00',
    effectiveFrom: '2026-04-01T00:00:00+02:00',
  },
  dpa: {
    id: '00000000-0000-4000-8000-000000000704',
    document: 'dpa',
    digitalService: null,
    version: '1.0',
    title: 'Databehandleravtale',
    changeLog: 'Første versjon.',
    publishedAt: '2024-09-01T00:00:00+02:00',
    effectiveFrom: '2024-10-01T00:00:00+02:00',
  },
} as const

type DemoOnboarding = {
  organisationId: string
  epjProduct: string
  epjSupports: DigitalService[]
  digifinMember: boolean
  connectionFeeNok: number
  terms: string[]
  activatedFor: string[]
}

const current = [DEMO_TERMS.general2.id, DEMO_TERMS.specialMessages.id, DEMO_TERMS.dpa.id]

export const DEMO_ONBOARDING: readonly DemoOnboarding[] = [
  {
    organisationId: org.tonsberg.id,
    epjProduct: 'DIPS Front',
    epjSupports: ['messages', 'appointments', 'home-visits'],
    digifinMember: true,
    connectionFeeNok: 45_000,
    terms: current,
    activatedFor: [s.tonsbergHjemmesykepleie.id, s.tonsbergHelsestasjon.id],
  },
  {
    organisationId: org.faerder.id,
    epjProduct: 'Visma Profil',
    epjSupports: ['messages', 'appointments'],
    digifinMember: true,
    connectionFeeNok: 30_000,
    terms: current,
    activatedFor: [s.faerderHjemmesykepleie.id, s.faerderHelsestasjon.id],
  },
  {
    organisationId: org.sandefjord.id,
    epjProduct: 'Tietoevry Lifecare',
    epjSupports: ['messages'],
    digifinMember: true,
    connectionFeeNok: 45_000,
    terms: current,
    activatedFor: [s.sandefjordHjemmesykepleie.id],
  },
  {
    organisationId: org.larvik.id,
    epjProduct: 'Visma Profil',
    epjSupports: ['messages', 'appointments'],
    digifinMember: true,
    connectionFeeNok: 45_000,
    terms: current,
    activatedFor: [s.larvikHjemmesykepleie.id, s.larvikHelsestasjon.id],
  },
  {
    organisationId: org.horten.id,
    epjProduct: 'DIPS Front',
    epjSupports: ['messages'],
    digifinMember: false,
    connectionFeeNok: 30_000,
    terms: current,
    activatedFor: [s.hortenHjemmesykepleie.id],
  },
  // Holmestrand accepted the first general terms but its EPJ does not support messages yet: nothing is activated.
  {
    organisationId: org.holmestrand.id,
    epjProduct: 'Gerica',
    epjSupports: [],
    digifinMember: true,
    connectionFeeNok: 30_000,
    terms: [DEMO_TERMS.general1.id, DEMO_TERMS.dpa.id],
    activatedFor: [],
  },
]

/**
 * Horten gave one month's notice three weeks before the demo starts, so its services are always still open and close
 * about ten days later, whatever day the demo is loaded (at DEMO_NOW: given 2 November, ends 2 December 2026).
 */
export function demoTermination(now: Date) {
  const noticeDay = osloCalendarDate(new Date(now.getTime() - NOTICE_DAYS_BEFORE_START * 86_400_000))
  if (!noticeDay) throw new Error('the demo needs a valid start time')
  const noticeGivenAt = osloWallTime(noticeDay, 9)
  return {
    id: '00000000-0000-4000-8000-000000000711',
    organisationId: org.horten.id,
    initiatedBy: 'municipality',
    noticeGivenAt,
    endsAt: terminationEndsAt(noticeGivenAt, 'municipality'),
    reason: 'Kommunen går over til en annen løsning.',
  } as const
}

const NOTICE_DAYS_BEFORE_START = 21

/** Horten's notice in a demo loaded at DEMO_NOW, as the tests on a fixed clock see it. */
export const DEMO_TERMINATION = demoTermination(DEMO_NOW)

const municipalServiceContact = (phone: string, address: string, postalCode: string, city: string) => ({
  phone,
  visitingAddress: address,
  postalCode,
  city,
})

const MUNICIPALITY_ADDRESSES: Record<string, { phone: string; address: string; postalCode: string; city: string }> = {
  [org.horten.id]: { phone: '+4733085000', address: 'Tordenskjoldsgate 8', postalCode: '3187', city: 'Horten' },
  [org.holmestrand.id]: { phone: '+4733064000', address: 'Rådhusgaten 1', postalCode: '3080', city: 'Holmestrand' },
  [org.tonsberg.id]: { phone: '+4733348000', address: 'Halfdan Wilhelmsens allé 1', postalCode: '3116', city: 'Tønsberg' },
  [org.sandefjord.id]: { phone: '+4733416000', address: 'Bjerggata 7', postalCode: '3210', city: 'Sandefjord' },
  [org.larvik.id]: { phone: '+4798155000', address: 'Feringsveien 6', postalCode: '3264', city: 'Larvik' },
  [org.faerder.id]: { phone: '+4733357000', address: 'Tjømeveien 94', postalCode: '3135', city: 'Torød' },
}

/** The GP practices' own addresses and phones (fictional), each in its own town. */
const PRACTICE_ADDRESSES: Record<string, { phone: string; address: string; postalCode: string; city: string }> = {
  [org.tonsbergLegesenter.id]: { phone: '+4733312000', address: 'Øvre Langgate 40', postalCode: '3110', city: 'Tønsberg' },
  [org.sandefjordLegekontor.id]: { phone: '+4733421000', address: 'Storgata 12', postalCode: '3210', city: 'Sandefjord' },
  [org.larvikLegesenter.id]: { phone: '+4733133000', address: 'Prinsegata 8', postalCode: '3256', city: 'Larvik' },
}

const OPENING_HOURS: Record<string, string> = {
  hjemmesykepleie: 'Hele døgnet. Kontoret er betjent hverdager 08.00–15.30.',
  helsestasjon: 'Hverdager 08.00–15.30.',
  fysioterapi: 'Hverdager 08.00–15.00.',
  fastlege: 'Hverdager 08.00–16.00. Telefonen er åpen 08.00–11.30 og 12.30–15.00.',
}

function contactInfoRows() {
  return Object.values(DEMO_SERVICES).flatMap((service) => {
    const hours = OPENING_HOURS[service.kind]
    if (!hours) return []
    const base = MUNICIPALITY_ADDRESSES[service.organisationId] ?? PRACTICE_ADDRESSES[service.organisationId]
    if (!base) throw new Error(`the demo has no address for ${service.name}`)
    const contact = municipalServiceContact(base.phone, base.address, base.postalCode, base.city)
    return [
      {
        service_id: service.id,
        phone: contact.phone,
        email: null,
        visiting_address: contact.visitingAddress,
        postal_code: contact.postalCode,
        city: contact.city,
        opening_hours: hours,
        about: null,
      },
    ]
  })
}

export const DEMO_PRIMARY_CONTACTS = [
  {
    id: '00000000-0000-4000-8000-000000000721',
    patientPersonId: DEMO_PEOPLE.ingridBerg.id,
    serviceId: s.tonsbergHjemmesykepleie.id,
    staffId: DEMO_STAFF.liseLund.id,
  },
  {
    id: '00000000-0000-4000-8000-000000000722',
    patientPersonId: DEMO_PEOPLE.oddDahl.id,
    serviceId: s.faerderHjemmesykepleie.id,
    staffId: DEMO_STAFF.torTangen.id,
  },
] as const

/** Idempotent: does nothing when the demo's first terms version is already there. */
export async function seedDemoCitizenServices(db: Kysely<DB>, now: Date = DEMO_NOW): Promise<{ inserted: boolean }> {
  const termination = demoTermination(now)
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('terms_version')
      .values(termsRow(DEMO_TERMS.general1))
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!claimed) return { inserted: false }
    await trx.insertInto('terms_version').values([DEMO_TERMS.general2, DEMO_TERMS.specialMessages, DEMO_TERMS.dpa].map(termsRow)).execute()
    for (const o of DEMO_ONBOARDING) {
      await trx
        .insertInto('municipality_onboarding')
        .values({
          organisation_id: o.organisationId,
          connection_ordered_at: '2025-01-15T00:00:00+01:00',
          connected_at: o.activatedFor.length > 0 ? '2025-03-01T00:00:00+01:00' : null,
          digifin_member: o.digifinMember,
          connection_fee_nok: o.connectionFeeNok,
          epj_product: o.epjProduct,
          epj_supported_services: o.epjSupports,
          dpa_required: true,
        })
        .execute()
      await trx
        .insertInto('terms_acceptance')
        .values(
          o.terms.map((id) => ({
            organisation_id: o.organisationId,
            terms_version_id: id,
            accepted_at: '2026-03-15T00:00:00+01:00',
            accepted_by_name: 'Kommunalsjef helse og omsorg',
          })),
        )
        .execute()
      if (o.activatedFor.length > 0) {
        await trx
          .insertInto('digital_service_activation')
          .values(
            o.activatedFor.map((serviceId) => ({
              service_id: serviceId,
              digital_service: 'messages',
              activated_at: DEMO_VALID_FROM,
              activated_by_staff_id: DEMO_STAFF.oleOlsen.id,
            })),
          )
          .execute()
      }
    }
    await trx
      .insertInto('municipality_termination')
      .values({
        id: termination.id,
        organisation_id: termination.organisationId,
        initiated_by: termination.initiatedBy,
        notice_given_at: termination.noticeGivenAt,
        ends_at: termination.endsAt,
        reason: termination.reason,
        recorded_by_staff_id: DEMO_STAFF.oleOlsen.id,
      })
      .execute()
    await trx.insertInto('service_contact_info').values(contactInfoRows()).execute()
    await trx
      .insertInto('primary_contact')
      .values(
        DEMO_PRIMARY_CONTACTS.map((c) => ({
          id: c.id,
          patient_person_id: c.patientPersonId,
          service_id: c.serviceId,
          staff_id: c.staffId,
          valid_from: DEMO_VALID_FROM,
        })),
      )
      .execute()
    return { inserted: true }
  })
}

function termsRow(t: (typeof DEMO_TERMS)[keyof typeof DEMO_TERMS]) {
  return {
    id: t.id,
    document: t.document,
    digital_service: t.digitalService,
    version: t.version,
    title: t.title,
    change_log: t.changeLog,
    published_at: t.publishedAt,
    effective_from: t.effectiveFrom,
  }
}
