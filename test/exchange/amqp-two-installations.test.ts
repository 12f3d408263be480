/**
 * Two Samband installations, Vestfold and Telemark, each with its own database, exchanging messages over the real
 * RabbitMQ (ADR 0008); the test itself plays an external system that Telemark's registry knows.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { connect } from 'amqplib'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertParty } from '../../src/exchange/address-registry/address-registry.repository.ts'
import type { CommunicationParty } from '../../src/exchange/address-registry/address-registry.types.ts'
import { PROCESS_PROFILES } from '../../src/exchange/address-registry/message-processes.ts'
import { readMessageXml } from '../../src/exchange/messages/read-message.ts'
import { connectAmqpTransport, type AmqpEnvelope, type AmqpErrorMessage, type AmqpTransport } from '../../src/exchange/transport/amqp-transport.ts'
import { foresporsel, PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'

// Runs against a real RabbitMQ (CI has one). AMQP_TEST_URL=off skips it; an unreachable broker fails it.
const setting = process.env.AMQP_TEST_URL
const off = setting === 'off'
const brokerUrl = setting && !off ? setting : 'amqp://guest:guest@127.0.0.1:5672'
if (off) console.warn('amqp-two-installations.test.ts skipped: AMQP_TEST_URL=off (unset it to test against RabbitMQ)')

/** Shared by both installations, unique to this run, so that runs never see each other's queues. */
const PREFIX = `samband-test-${randomBytes(4).toString('hex')}.`

const GP = PARTY.tonsbergFastlege
const TELEMARK = { orgnr: '983975240', orgHerId: 810901, deptHerId: 830901 }
/** An EPJ system outside Samband that Telemark exchanges with directly over AMQP. */
const EXTERNAL_HER_ID = 870001

let vestfold: TestApp
let telemark: TestApp
/** Telemark's app as now running: it is stopped and started again on the same database in one test. */
let external: AmqpTransport
let gpToken: string
let telemarkToken: string
const externalInbox: AmqpEnvelope[] = []
const externalErrors: AmqpErrorMessage[] = []

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'api-version': '2', 'nhn-source-system': 'Test EPJ 1.0' })

function party(herId: number, fields: Partial<CommunicationParty> & Pick<CommunicationParty, 'kind' | 'name' | 'installation'>): CommunicationParty {
  return {
    herId,
    parentHerId: null,
    organisationNumber: null,
    organisationId: null,
    serviceId: null,
    hprNumber: null,
    contactEmail: null,
    active: true,
    ...fields,
  }
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(25)
  }
}

type InboxItem = { id: string; businessDocumentId: string; senderHerId: number; isAppRec: boolean }

async function inbox(app: FastifyInstance, token: string, herId: number): Promise<InboxItem[]> {
  const response = await app.inject({ method: 'GET', url: `/msh/Messages?ReceiverHerIds=${herId}&IncludeMetadata=true`, headers: headers(token) })
  expect(response.statusCode, response.body).toBe(200)
  return response.json() as InboxItem[]
}

/** Telemark's inbox entry for a MsgId once it has arrived over AMQP and been delivered locally. */
async function arrivedAtTelemark(msgId: string): Promise<InboxItem> {
  return waitFor(`MsgId ${msgId} in Telemark's inbox`, async () => {
    await telemark.exchange.dispatcher.runOnce()
    return (await inbox(telemark.app, telemarkToken, TELEMARK.deptHerId)).find((m) => m.businessDocumentId === msgId)
  })
}

async function postFromGp(xmlBase64: string): Promise<string> {
  const posted = await vestfold.app.inject({
    method: 'POST',
    url: '/msh/Messages',
    headers: headers(gpToken),
    payload: { businessDocument: xmlBase64, contentType: 'application/xml', contentTransferEncoding: 'base64' },
  })
  expect(posted.statusCode, posted.body).toBe(201)
  return posted.json() as string
}

async function storedCopies(app: TestApp, msgId: string): Promise<number> {
  const row = await app.db
    .selectFrom('exchange_message')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('msg_id', '=', msgId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

function publishAsExternal(body: Buffer, subject = 'DIALOG_FORESPORSEL'): Promise<string> {
  const messageId = randomUUID()
  return external
    .publish({ messageId, subject, fromHerId: EXTERNAL_HER_ID, toHerId: TELEMARK.deptHerId, applicationTimeStamp: new Date().toISOString(), body })
    .then(() => messageId)
}

beforeAll(async () => {
  const env = (installation: string) => ({ AMQP_URL: brokerUrl, INSTALLATION_NAME: installation, AMQP_QUEUE_PREFIX: PREFIX })
  // One after the other: both consume the Vestfold demo's queues until Telemark's registry is set up below.
  vestfold = await startTestApp(env('vestfold'))
  telemark = await startTestApp(env('telemark'))
  const dialog = PROCESS_PROFILES.dialog

  // Vestfold's registry: Telemark's hospital department, served by the installation 'telemark'.
  await upsertParty(
    vestfold.db,
    party(TELEMARK.orgHerId, { kind: 'organisation', name: 'Sykehuset Telemark HF', organisationNumber: TELEMARK.orgnr, installation: 'telemark' }),
    dialog,
  )
  await upsertParty(
    vestfold.db,
    party(TELEMARK.deptHerId, {
      kind: 'service',
      name: 'Medisinsk avdeling',
      parentHerId: TELEMARK.orgHerId,
      organisationNumber: TELEMARK.orgnr,
      installation: 'telemark',
    }),
    dialog,
  )

  // Telemark's registry: the Vestfold parties (seeded as local by the test app) belong to 'vestfold'; Telemark's own
  // hospital is local with an owner organisation and an EPJ client; the external system is its own installation.
  await telemark.db.updateTable('communication_party').set({ installation: 'vestfold', organisation_id: null, service_id: null }).execute()
  const organisation = await telemark.db
    .insertInto('organisation')
    .values({
      organisation_number: TELEMARK.orgnr,
      name: 'Sykehuset Telemark HF',
      kind: 'hospital',
      municipality_number: null,
      her_id: TELEMARK.orgHerId,
      parent_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await upsertParty(
    telemark.db,
    party(TELEMARK.orgHerId, {
      kind: 'organisation',
      name: 'Sykehuset Telemark HF',
      organisationNumber: TELEMARK.orgnr,
      organisationId: organisation.id,
      installation: 'local',
    }),
    dialog,
  )
  await upsertParty(
    telemark.db,
    party(TELEMARK.deptHerId, {
      kind: 'service',
      name: 'Medisinsk avdeling',
      parentHerId: TELEMARK.orgHerId,
      organisationNumber: TELEMARK.orgnr,
      organisationId: organisation.id,
      installation: 'local',
    }),
    dialog,
  )
  await upsertParty(
    telemark.db,
    party(EXTERNAL_HER_ID, { kind: 'organisation', name: 'Ekstern EPJ AS', organisationNumber: '999888777', installation: 'ekstern-epj' }),
    dialog,
  )
  await telemark.addSystemClient(
    { organisationNumber: TELEMARK.orgnr, name: 'EPJ Sykehuset Telemark', scopes: ['samband/exchange'] },
    {
      clientId: `demo-epj-${TELEMARK.orgnr}`,
      clientSecret: `demo-secret-${TELEMARK.orgnr}`,
    },
  )
  // Without waiting a minute for the periodic re-scan.
  await Promise.all([vestfold.exchange.amqp?.rescan(), telemark.exchange.amqp?.rescan()])

  external = await connectAmqpTransport(brokerUrl, { prefix: PREFIX, onError: () => {} })
  await external.consume(EXTERNAL_HER_ID, async (envelope) => {
    externalInbox.push(envelope)
  })
  await external.consumeErrors(EXTERNAL_HER_ID, async (error) => {
    externalErrors.push(error)
  })

  gpToken = await vestfold.systemToken(GP.orgnr, ['samband/exchange'])
  telemarkToken = await telemark.systemToken(TELEMARK.orgnr, ['samband/exchange'])
}, 30_000)

afterAll(async () => {
  const herIds = new Set<number>([EXTERNAL_HER_ID, TELEMARK.orgHerId, TELEMARK.deptHerId])
  for (const app of [vestfold, telemark])
    for (const row of (await app?.db.selectFrom('communication_party').select('her_id').execute()) ?? []) herIds.add(row.her_id)
  // Apps first (their consumers stop before their databases close), then the queues of this run.
  await external?.close()
  await Promise.all([vestfold?.close(), telemark?.close()])
  const connection = await connect(brokerUrl)
  let channel = await connection.createChannel()
  for (const herId of herIds) {
    for (const suffix of ['_async', '_error', '_dlq']) {
      // Older brokers close the channel for a queue that does not exist.
      await channel.deleteQueue(`${PREFIX}${herId}${suffix}`).catch(async () => {
        channel = await connection.createChannel()
      })
    }
  }
  await connection.close()
}, 30_000)

describe.skipIf(off)('two installations over AMQP', () => {
  it('each installation consumes the queues of its own active parties only', () => {
    expect(telemark.exchange.amqp?.consumedHerIds()).toEqual([TELEMARK.orgHerId, TELEMARK.deptHerId])
    expect(vestfold.exchange.amqp?.consumedHerIds()).toContain(GP.herId)
    expect(vestfold.exchange.amqp?.consumedHerIds()).not.toContain(TELEMARK.deptHerId)
  })

  it('a forespørsel from a Vestfold GP reaches Telemark byte for byte, once even when sent twice, and its one AppRec comes back', async () => {
    const doc = await foresporsel(vestfold.db, GP.herId, TELEMARK.deptHerId)
    const id = await postFromGp(doc.base64)
    await vestfold.exchange.dispatcher.runOnce()

    const arrived = await arrivedAtTelemark(doc.msgId)
    expect(arrived).toMatchObject({ senderHerId: GP.herId, isAppRec: false })
    const bd = await telemark.app.inject({ method: 'GET', url: `/msh/Messages/${arrived.id}/business-document`, headers: headers(telemarkToken) })
    expect(bd.statusCode, bd.body).toBe(200)
    expect(Buffer.from((bd.json() as { businessDocument: string }).businessDocument, 'base64').equals(Buffer.from(doc.xml, 'utf8'))).toBe(true)

    // A resend (new AMQP messageId, same document and MsgId) — RULES.md §5 — is taken as a duplicate.
    const duplicatesBefore = telemark.exchange.amqp?.stats().duplicates ?? 0
    await external.publish({
      messageId: randomUUID(),
      subject: 'DIALOG_FORESPORSEL',
      fromHerId: GP.herId,
      toHerId: TELEMARK.deptHerId,
      applicationTimeStamp: new Date().toISOString(),
      body: Buffer.from(doc.xml, 'utf8'),
    })
    await waitFor('the resend to be consumed', async () => (telemark.exchange.amqp?.stats().duplicates ?? 0) > duplicatesBefore)
    expect(await storedCopies(telemark, doc.msgId)).toBe(1)
    expect((await inbox(telemark.app, telemarkToken, TELEMARK.deptHerId)).filter((m) => m.businessDocumentId === doc.msgId)).toHaveLength(1)

    const apprec = await telemark.app.inject({
      method: 'POST',
      url: `/msh/Messages/${arrived.id}/apprec/${TELEMARK.deptHerId}`,
      headers: headers(telemarkToken),
      payload: { appRecStatus: 'Ok' },
    })
    expect(apprec.statusCode, apprec.body).toBe(201)
    await telemark.exchange.dispatcher.runOnce()

    await waitFor('the AppRec to settle the delivery at Vestfold', async () => {
      const status = await vestfold.app.inject({ method: 'GET', url: `/msh/Messages/${id}/status`, headers: headers(gpToken) })
      const body = status.json() as { appRecStatus: string | null }[]
      return body[0]?.appRecStatus === 'Ok'
    })
    const status = await vestfold.app.inject({ method: 'GET', url: `/msh/Messages/${id}/status`, headers: headers(gpToken) })
    expect(status.json()).toEqual([{ receiverHerId: TELEMARK.deptHerId, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }])

    const appRecInGpInbox = await waitFor('the AppRec in the GP inbox', async () => {
      await vestfold.exchange.dispatcher.runOnce()
      return (await inbox(vestfold.app, gpToken, GP.herId)).find((m) => m.isAppRec && m.senderHerId === TELEMARK.deptHerId)
    })
    expect(appRecInGpInbox.id).toBeTruthy()
    const appRecs = await vestfold.db.selectFrom('exchange_message').select('id').where('original_message_id', '=', id).where('is_apprec', '=', true).execute()
    expect(appRecs).toHaveLength(1)
  })

  it('an unreadable body gets an AMQP error on the sender’s error queue, and nothing is stored', async () => {
    const storedBefore = await telemark.db
      .selectFrom('exchange_message')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    const messageId = await publishAsExternal(Buffer.from('this is not XML <<<', 'utf8'))
    const error = await waitFor('the AMQP error', async () => externalErrors.find((e) => e.originalMessageId === messageId))
    expect(error).toMatchObject({ errorCondition: 'transport:not-well-formed-xml', fromHerId: TELEMARK.deptHerId })
    const storedAfter = await telemark.db
      .selectFrom('exchange_message')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    expect(storedAfter.n).toBe(storedBefore.n)
  })

  it('a readable document that fails the schema gets one negative AppRec (T02), also when it comes twice', async () => {
    const doc = await foresporsel(telemark.db, EXTERNAL_HER_ID, TELEMARK.deptHerId)
    const invalid = Buffer.from(doc.xml.replace('</MsgId>', '</MsgId><Unexpected>1</Unexpected>'), 'utf8')
    await publishAsExternal(invalid)
    await publishAsExternal(invalid)
    await waitFor('both copies consumed', async () => {
      const stats = telemark.exchange.amqp?.stats()
      return stats !== undefined && stats.errorAppRecs === 1 && stats.errorAppRecsRepeated === 1
    })
    const appRec = await waitFor('the AppRec at the external system', async () => {
      await telemark.exchange.dispatcher.runOnce()
      return externalInbox.find((m) => m.subject === 'APPREC')
    })
    expect(appRec).toMatchObject({ fromHerId: TELEMARK.deptHerId, toHerId: EXTERNAL_HER_ID })
    const read = readMessageXml(appRec.body, { maxBytes: 1_000_000 })
    if (!read.ok || read.message.format !== 'apprec') throw new Error('the AppRec does not read as one')
    expect(read.message.appRec.status.v).toBe('2')
    expect(read.message.appRec.errors.map((e) => e.v)).toEqual(['T02'])
    expect(read.message.appRec.originalMsgId.id).toBe(doc.msgId)
    await telemark.exchange.dispatcher.runOnce()
    await sleep(200)
    expect(externalInbox.filter((m) => m.subject === 'APPREC')).toHaveLength(1)
    expect(await storedCopies(telemark, doc.msgId)).toBe(0)
  })

  it('an AMQP error about a sent message fails that delivery and alerts the sender', async () => {
    // Telemark forgets the GP: its next message is refused at the transport level, and Vestfold records why.
    await telemark.db.updateTable('communication_party').set({ active: false }).where('her_id', '=', GP.herId).execute()
    try {
      const doc = await foresporsel(vestfold.db, GP.herId, TELEMARK.deptHerId)
      const id = await postFromGp(doc.base64)
      await vestfold.exchange.dispatcher.runOnce()
      const failed = await waitFor('the delivery to fail at Vestfold', async () => {
        const row = await vestfold.db.selectFrom('exchange_delivery').select(['status', 'failure_reason']).where('message_id', '=', id).executeTakeFirst()
        return row?.status === 'failed' ? row : undefined
      })
      expect(failed.failure_reason).toContain('transport:invalid-field-value')
      const alert = await vestfold.db.selectFrom('exchange_alert').select(['kind', 'sender_her_id']).where('message_id', '=', id).executeTakeFirst()
      expect(alert).toEqual({ kind: 'delivery-failed', sender_her_id: GP.herId })
      expect(await storedCopies(telemark, doc.msgId)).toBe(0)
    } finally {
      await telemark.db.updateTable('communication_party').set({ active: true }).where('her_id', '=', GP.herId).execute()
    }
  })

  it('messages wait in the durable queue while the receiving installation is down, and arrive when it is back', async () => {
    await telemark.stop()
    const doc = await foresporsel(vestfold.db, GP.herId, TELEMARK.deptHerId)
    const id = await postFromGp(doc.base64)
    await vestfold.exchange.dispatcher.runOnce()
    const delivery = await vestfold.db.selectFrom('exchange_delivery').select('status').where('message_id', '=', id).executeTakeFirstOrThrow()
    expect(delivery.status).toBe('delivered')

    const connection = await connect(brokerUrl)
    const channel = await connection.createChannel()
    const queue = await channel.checkQueue(`${PREFIX}${TELEMARK.deptHerId}_async`)
    await connection.close()
    expect(queue).toMatchObject({ messageCount: 1, consumerCount: 0 })

    // Telemark starts again on the same database.
    await telemark.resume()
    const arrived = await arrivedAtTelemark(doc.msgId)
    expect(arrived.senderHerId).toBe(GP.herId)
  })
})
