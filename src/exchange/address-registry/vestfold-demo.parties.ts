/**
 * The Vestfold demo's address registry: every demo organisation and service as a communication party with the
 * processes such a party usually receives, and the GPs as persons under their practice (HER-id 830 000 + the
 * staff id's suffix). Derived from the registry's demo data so that HER-ids cannot drift apart.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { DEMO_ORGANISATIONS, DEMO_SERVICES } from '../../registry/index.ts'
import { DEMO_STAFF, DEMO_STAFF_MEMBERSHIPS } from '../../registry/index.ts'
import { upsertParty } from './address-registry.repository.ts'
import type { CommunicationParty } from './address-registry.types.ts'
import { type MessageProcess, PROCESS_PROFILES, type ProcessProfile } from './message-processes.ts'

const PROFILES_BY_KIND: Readonly<Record<string, readonly ProcessProfile[]>> = {
  hospital: ['dialog', 'plo', 'henvisning'],
  sengepost: ['dialog', 'plo', 'henvisning'],
  samhandling: ['dialog', 'plo', 'henvisning'],
  municipality: ['dialog', 'plo'],
  hjemmesykepleie: ['dialog', 'plo'],
  helsestasjon: ['dialog'],
  fysioterapi: ['dialog'],
  gp_office: ['dialog', 'epikrise', 'ploToGp'],
  fastlege: ['dialog', 'epikrise', 'ploToGp'],
  specialist: ['dialog', 'epikrise', 'henvisning'],
  spesialist: ['dialog', 'epikrise', 'henvisning'],
  legevakt: ['dialog', 'epikrise'],
}

function processesFor(kind: string): MessageProcess[] {
  return (PROFILES_BY_KIND[kind] ?? ['dialog']).flatMap((profile) => PROCESS_PROFILES[profile])
}

/** A contact point for alerts; `.example` so that a demo can never mail a real address. */
function contactEmail(herId: number): string {
  return `postmottak-${herId}@samband.example`
}

export type DemoParty = { party: CommunicationParty; processes: MessageProcess[] }

export function demoParties(): DemoParty[] {
  const organisations = Object.values(DEMO_ORGANISATIONS)
  const byId = new Map<string, (typeof organisations)[number]>(organisations.map((o) => [o.id, o]))
  const parties: DemoParty[] = []
  for (const o of organisations) {
    const parent = o.parentId ? byId.get(o.parentId) : undefined
    parties.push({
      party: {
        herId: o.herId,
        kind: 'organisation',
        name: o.name,
        parentHerId: parent?.herId ?? null,
        organisationNumber: o.organisationNumber,
        organisationId: o.id,
        serviceId: null,
        hprNumber: null,
        installation: 'local',
        contactEmail: contactEmail(o.herId),
        active: true,
      },
      processes: processesFor(o.kind),
    })
  }
  const services = Object.values(DEMO_SERVICES)
  for (const s of services) {
    const owner = byId.get(s.organisationId)
    if (!owner) throw new Error(`demo service ${s.name} has no organisation`)
    parties.push({
      party: {
        herId: s.herId,
        kind: 'service',
        name: s.name,
        parentHerId: owner.herId,
        organisationNumber: owner.organisationNumber,
        organisationId: owner.id,
        serviceId: s.id,
        hprNumber: null,
        installation: 'local',
        contactEmail: contactEmail(s.herId),
        active: true,
      },
      processes: processesFor(s.kind),
    })
  }
  // GPs and specialists are addressed in person (person-in-role under their practice's service).
  const serviceById = new Map<string, (typeof services)[number]>(services.map((s) => [s.id, s]))
  for (const m of DEMO_STAFF_MEMBERSHIPS) {
    const service = serviceById.get(m.serviceId)
    const staff = Object.values(DEMO_STAFF).find((st) => st.id === m.staffId)
    if (!service || !staff?.hprNumber || !['fastlege', 'spesialist'].includes(service.kind)) continue
    const owner = byId.get(service.organisationId)
    if (!owner) continue
    const herId = 830_000 + Number(staff.id.slice(-3))
    parties.push({
      party: {
        herId,
        kind: 'person',
        name: `${staff.givenName} ${staff.familyName}`,
        parentHerId: service.herId,
        organisationNumber: owner.organisationNumber,
        organisationId: owner.id,
        serviceId: service.id,
        hprNumber: staff.hprNumber,
        installation: 'local',
        contactEmail: contactEmail(service.herId),
        active: true,
      },
      processes: processesFor(service.kind),
    })
  }
  return parties
}

/** Idempotent: upserts every demo party, parents first (the list is in that order). */
export async function seedDemoAddressRegistry(db: Kysely<DB>): Promise<number> {
  const parties = demoParties()
  await db.transaction().execute(async (trx) => {
    for (const { party, processes } of parties) await upsertParty(trx, party, processes)
  })
  return parties.length
}
