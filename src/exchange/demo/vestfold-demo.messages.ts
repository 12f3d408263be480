/**
 * A few messages in the Vestfold demo, so that a fresh `npm start` shows the staff portal's inbox and outbox with
 * something in them. They go through the exchange like any EPJ's message (validated, stored, delivered), written
 * minutes before the demo is loaded, so "Sendt" and "Levert" are minutes apart; fixed MsgIds make seeding idempotent:
 * an earlier run's messages are found and left as they are.
 */
import { addressingFor } from '../address-registry/party-addressing.ts'
import { writeDialogmelding } from '../messages/dialogmelding.writer.ts'
import type { Patient } from '../messages/msg-head.types.ts'
import { volvenOid } from '../messages/namespaces.ts'
import type { ExchangeDeps } from '../delivery/exchange.service.ts'
import { speaksFor, submitDocument } from '../delivery/exchange.service.ts'
import { findMessageBySenderMsgId } from '../delivery/exchange.repository.ts'
import { findParty } from '../address-registry/address-registry.repository.ts'

const INGRID_BERG: Patient = {
  givenName: 'Ingrid',
  familyName: 'Berg',
  idents: [{ id: '03893810098', typeId: { v: 'FNR', dn: 'Fødselsnummer', s: volvenOid(8116) } }],
}

/** `minutesAgo`: written this long before the demo is loaded, so that it shows as sent, and delivered, today. */
type DemoMessage = { msgId: string; from: number; to: number; minutesAgo: number; subject: string; text: string }

const DEMO_MESSAGES: readonly DemoMessage[] = [
  {
    msgId: '7a0c2f4e-1d6b-4c1e-9a51-0d3e6f2a0001',
    from: 820231, // Tønsberg kommune, Hjemmesykepleien
    to: 820271, // Tønsberg legesenter, Fastlegepraksis
    minutesAgo: 95,
    subject: 'Medisinliste',
    text: 'Vi ber om oppdatert medisinliste etter endring i blodtrykksbehandlingen forrige uke.',
  },
  {
    msgId: '7a0c2f4e-1d6b-4c1e-9a51-0d3e6f2a0002',
    from: 820201, // Sykehuset i Vestfold, Medisinsk avdeling
    to: 820231,
    minutesAgo: 10,
    subject: 'Planlagt utskrivning',
    text: 'Pasienten er forventet utskrivningsklar torsdag. Vi ber om tilbakemelding på oppstart av hjemmesykepleie.',
  },
]

export async function seedDemoMessages(deps: ExchangeDeps): Promise<number> {
  const now = deps.now()
  let stored = 0
  for (const m of DEMO_MESSAGES) {
    // Seeded on an earlier start: skip before writing and validating it again (start-up time).
    if (await findMessageBySenderMsgId(deps.db, m.from, m.msgId)) continue
    const [sender, receiver, senderParty] = await Promise.all([addressingFor(deps.db, m.from), addressingFor(deps.db, m.to), findParty(deps.db, m.from)])
    if (!sender || !receiver || !senderParty?.organisationId) continue
    const xml = writeDialogmelding({
      kind: 'foresporsel',
      msgId: m.msgId,
      genDate: new Date(now.getTime() - m.minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      sender,
      receiver,
      patient: INGRID_BERG,
      foresporsel: { typeForesp: { v: '99', dn: 'Annen henvendelse', s: volvenOid(9152) }, emneSporsmal: m.subject, sporsmal: m.text },
    })
    const result = await submitDocument(
      deps,
      {
        kind: 'organisation',
        organisationId: senderParty.organisationId,
        mayActAs: speaksFor([m.from]),
        actorId: 'demo-seed',
        source: 'portal',
        sourceSystem: 'Samband demo',
      },
      { document: Buffer.from(xml, 'utf8') },
    )
    if (!result.duplicate) stored++
  }
  return stored
}
