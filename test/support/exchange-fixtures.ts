/** Business documents between demo parties, for the exchange's tests and benches. */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { addressingFor } from '../../src/exchange/address-registry/party-addressing.ts'
import { writeDialogmelding } from '../../src/exchange/messages/dialogmelding.writer.ts'
import type { Organisation, Patient } from '../../src/exchange/messages/msg-head.types.ts'
import { volvenOid } from '../../src/exchange/messages/namespaces.ts'
import type { DB } from '../../src/platform/db/schema.ts'

/** HER-ids and organisation numbers of the demo parties the exchange tests use. */
export const PARTY = {
  tonsbergFastlege: { herId: 820271, orgnr: '939901086' },
  tonsbergLegesenter: { herId: 810111, orgnr: '939901086' },
  tonsbergHjemmesykepleie: { herId: 820231, orgnr: '939901035' },
  tonsbergHelsestasjon: { herId: 820232, orgnr: '939901035' },
  sivMedisinsk: { herId: 820201, orgnr: '983975259' },
  hortenHjemmesykepleie: { herId: 820211, orgnr: '939901019' },
} as const

/** Kari Nordmann from the demo (synthetic fødselsnummer, month + 80), so that reads about her are audit-logged. */
export const TEST_PATIENT: Patient = {
  familyName: 'Nordmann',
  givenName: 'Kari',
  idents: [{ id: '14838510036', typeId: { v: 'FNR', dn: 'Fødselsnummer', s: volvenOid(8116) } }],
}

const cache = new Map<number, Organisation>()

export async function organisationOf(db: Kysely<DB>, herId: number): Promise<Organisation> {
  const cached = cache.get(herId)
  if (cached) return cached
  const org = await addressingFor(db, herId)
  if (!org) throw new Error(`no demo party ${herId}`)
  cache.set(herId, org)
  return org
}

export type ForesporselOptions = {
  msgId?: string
  genDate?: string
  patient?: Patient
  text?: string
  ack?: 'J' | 'N' | 'F'
  receiverOrganisation?: Organisation
}

export async function foresporsel(
  db: Kysely<DB>,
  fromHerId: number,
  toHerId: number,
  options: ForesporselOptions = {},
): Promise<{ msgId: string; xml: string; base64: string }> {
  const msgId = options.msgId ?? randomUUID()
  const xml = writeDialogmelding({
    kind: 'foresporsel',
    msgId,
    genDate: options.genDate ?? new Date().toISOString(),
    ack: options.ack ?? 'J',
    sender: await organisationOf(db, fromHerId),
    receiver: options.receiverOrganisation ?? (await organisationOf(db, toHerId)),
    patient: options.patient ?? TEST_PATIENT,
    foresporsel: { typeForesp: { v: '99', dn: 'Annen henvendelse', s: volvenOid(9152) }, sporsmal: options.text ?? 'Kan dere bekrefte dagens medisinliste?' },
  })
  return { msgId, xml, base64: Buffer.from(xml, 'utf8').toString('base64') }
}
