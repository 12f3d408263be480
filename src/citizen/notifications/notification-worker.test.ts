/**
 * The notification outbox end to end on a real database (PGlite, or PostgreSQL with DATABASE_URL), a real SMTP server
 * in this process (smtp-server) and a local HTTP receiver standing in for the SMS gateway, both on random ports.
 * Time moves through the dispatcher's clock (real time plus an offset), so retries come due without waiting.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSmsReceiver, startSmtpReceiver } from '../../../test/support/notification-receivers.ts'
import { openTestDatabase } from '../../../test/support/test-database.ts'
import type { DatabaseHandle } from '../../platform/db/database.ts'
import { createSmtpMailer, type Mailer } from '../../platform/notify/mailer.ts'
import { DEMO_PEOPLE, seedRegistryDemo } from '../../registry/index.ts'
import { createLocalContactRegister } from './contact-register.ts'
import { DEMO_CONTACTS, seedDemoContactRegister } from './demo-contact-register.ts'
import { claimNotification, enqueueNotification, setNotificationLevel } from './notification.repository.ts'
import { createNotificationDispatcher, type NotificationDispatcher, type NotificationRetry, startNotificationWorker } from './notification-worker.ts'
import type { NotificationKind } from './notification-rules.ts'
import { createHttpSmsGateway } from '../../platform/notify/sms-gateway.ts'

const PORTAL = 'https://samband.example/'
const TOKEN = 'test-sms-token'
const SENDER = 'Tønsberg kommune, hjemmesykepleien'
const RETRY: NotificationRetry = { firstDelayMs: 60_000, maxDelayMs: 600_000, maxAttempts: 3 }
const silent = { info() {}, warn() {} }
type Person = keyof typeof DEMO_PEOPLE

let database: DatabaseHandle
let offsetMs = 0
const now = () => new Date(Date.now() + offsetMs)
const advance = (ms: number) => {
  offsetMs += ms
}

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>
let sms: Awaited<ReturnType<typeof startSmsReceiver>>
let mailer: Mailer

function dispatcher(opts: { mailer?: Mailer } = {}): NotificationDispatcher {
  return createNotificationDispatcher(
    {
      db: database.db,
      now,
      register: createLocalContactRegister(database.db),
      mailer: opts.mailer ?? mailer,
      sms: createHttpSmsGateway({ url: sms.url, token: TOKEN, sender: 'Samband', timeoutMs: 2_000 }),
      log: silent,
    },
    { portalUrl: PORTAL, messageIdDomain: 'samband.example', retry: RETRY },
  )
}

let eventSeq = 0
async function enqueue(person: Person, kind: NotificationKind = 'message-from-health-personnel', extra: { eventKey?: string; sensitive?: boolean } = {}) {
  const eventKey = extra.eventKey ?? `test-event:${++eventSeq}`
  const enqueued = await database.db
    .transaction()
    .execute((trx) =>
      enqueueNotification(trx, { eventKey, personId: DEMO_PEOPLE[person].id, kind, senderName: SENDER, senderSensitive: extra.sensitive ?? false }),
    )
  const row = await database.db
    .selectFrom('notification_outbox')
    .selectAll()
    .where('event_key', '=', eventKey)
    .where('person_id', '=', DEMO_PEOPLE[person].id)
    .executeTakeFirstOrThrow()
  return { id: row.id, enqueued }
}

const outbox = (id: string) => database.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

beforeAll(async () => {
  database = await openTestDatabase()
  await seedRegistryDemo(database.db)
  await seedDemoContactRegister(database.db)
  smtp = await startSmtpReceiver()
  sms = await startSmsReceiver()
  mailer = createSmtpMailer({ url: smtp.url, from: 'Samband <ikke-svar@samband.example>', connectionTimeoutMs: 2_000 })
}, 60_000)

afterAll(async () => {
  mailer?.close()
  await smtp?.close()
  await sms?.close()
  await database?.close()
})

beforeEach(async () => {
  // Every test starts with an empty outbox and nothing received.
  await dispatcher().runOnce()
  smtp.received.length = 0
  sms.received.length = 0
  sms.status.code = 200
})

describe('notification outbox', () => {
  it('seeds the demo register idempotently, with nothing copied elsewhere', async () => {
    expect(await seedDemoContactRegister(database.db)).toBe(0)
    const register = createLocalContactRegister(database.db)
    const found = await register.lookup([DEMO_PEOPLE.kariNordmann.nationalId, DEMO_PEOPLE.emmaNordmann.nationalId])
    expect(found).toEqual([
      expect.objectContaining({ nationalId: DEMO_PEOPLE.kariNordmann.nationalId, mobile: DEMO_CONTACTS.kariNordmann.mobile, reserved: false }),
    ])
  })

  it('sends an SMS and an e-mail once each, enqueued once per event, with no content, name or national id', async () => {
    const text = await enqueue('kariNordmann', 'message-from-health-personnel', { eventKey: 'citizen-message:1' })
    const again = await enqueue('kariNordmann', 'message-from-health-personnel', { eventKey: 'citizen-message:1' })
    const mail = await enqueue('ahmedKhan', 'appointment-new')
    expect(text.enqueued).toBe(true)
    expect(again).toEqual({ id: text.id, enqueued: false })

    expect(await dispatcher().runOnce()).toEqual({ sent: 2, skipped: 0, failed: 0 })
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, skipped: 0, failed: 0 })

    expect(sms.received).toEqual([
      {
        to: DEMO_CONTACTS.kariNordmann.mobile,
        text: `Du har fått en ny melding fra ${SENDER} i Samband. Logg inn på ${PORTAL} for å se mer. Du kan ikke svare på denne SMS-en.`,
        reference: text.id,
        sender: 'Samband',
        authorization: `Bearer ${TOKEN}`,
        idempotencyKey: text.id,
      },
    ])
    expect(smtp.received).toHaveLength(1)
    const email = smtp.received[0]!
    expect(email.to).toEqual([DEMO_CONTACTS.ahmedKhan.email])
    expect(email.raw.replace(/\r?\n[ \t]+/g, ' ')).toContain(`Message-ID: <notification-${mail.id}@samband.example>`)
    expect(email.body).toContain(`Du har fått en ny avtale med ${SENDER} i Samband.`)
    for (const text of [...sms.received.map((s) => s.text), email.raw, email.body]) {
      for (const p of Object.values(DEMO_PEOPLE)) {
        expect(text).not.toContain(p.nationalId)
        expect(text).not.toContain(p.familyName)
      }
    }
    expect(await outbox(text.id)).toMatchObject({ status: 'sent', channel: 'sms', attempts: 0 })
    expect(await outbox(mail.id)).toMatchObject({ status: 'sent', channel: 'email' })
  })

  it('leaves out a sensitive sender, and does not even keep the name', async () => {
    const { id } = await enqueue('perBerg', 'message-from-health-personnel', { sensitive: true })
    expect((await outbox(id)).sender_name).toBeNull()
    await dispatcher().runOnce()
    expect(sms.received.map((s) => s.text)).toEqual([
      `Du har fått en ny melding i Samband. Logg inn på ${PORTAL} for å se mer. Du kan ikke svare på denne SMS-en.`,
    ])
  })

  it('sends nothing to a reserved person, a passive contact or someone not in the register, and says why', async () => {
    const reserved = await enqueue('larsOlsen', 'appointment-cancelled')
    const passive = await enqueue('oddDahl', 'appointment-new')
    const unknown = await enqueue('emmaNordmann', 'appointment-new')
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, skipped: 3, failed: 0 })
    expect(sms.received).toEqual([])
    expect(smtp.received).toEqual([])
    expect(await outbox(reserved.id)).toMatchObject({ status: 'skipped', outcome_reason: 'reserved', channel: null })
    expect(await outbox(passive.id)).toMatchObject({ status: 'skipped', outcome_reason: 'contact-passive' })
    expect(await outbox(unknown.id)).toMatchObject({ status: 'skipped', outcome_reason: 'not-in-register' })
  })

  it('follows the chosen level, and always sends appointments and messages from health personnel', async () => {
    await setNotificationLevel(database.db, DEMO_PEOPLE.noraOlsen.id, 'begrenset', now())
    const letter = await enqueue('noraOlsen', 'letter-new')
    const cancelled = await enqueue('noraOlsen', 'appointment-cancelled')
    const visitAtNormal = await enqueue('livDahl', 'home-visit-completed')
    await setNotificationLevel(database.db, DEMO_PEOPLE.saraHolm.id, 'full', now())
    const visitAtFull = await enqueue('saraHolm', 'home-visit-completed')
    expect(await dispatcher().runOnce()).toEqual({ sent: 2, skipped: 2, failed: 0 })
    expect(await outbox(letter.id)).toMatchObject({ status: 'skipped', outcome_reason: 'level' })
    expect(await outbox(cancelled.id)).toMatchObject({ status: 'sent' })
    expect(await outbox(visitAtNormal.id)).toMatchObject({ status: 'skipped', outcome_reason: 'level' })
    expect(await outbox(visitAtFull.id)).toMatchObject({ status: 'sent' })
    expect(sms.received.map((s) => s.to).sort()).toEqual([DEMO_CONTACTS.noraOlsen.mobile, DEMO_CONTACTS.saraHolm.mobile].sort())
  })

  it('retries SMS later while the gateway is down, and sends once it is back', async () => {
    sms.status.code = 503
    const first = await enqueue('kariNordmann', 'appointment-changed')
    const second = await enqueue('olaNordmann', 'appointment-changed')
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, skipped: 0, failed: 1 })
    // The second was not tried against a gateway that had just failed: no attempt spent.
    expect(await outbox(first.id)).toMatchObject({ status: 'pending', attempts: 1, outcome_reason: 'channel-unavailable' })
    expect(await outbox(second.id)).toMatchObject({ status: 'pending', attempts: 0 })

    sms.status.code = 200
    // The first waits for its backoff; the second goes at once.
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, skipped: 0, failed: 0 })
    expect(sms.received.map((s) => s.reference)).toEqual([second.id])
    advance(RETRY.firstDelayMs + 1_000)
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, skipped: 0, failed: 0 })
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, skipped: 0, failed: 0 })
    expect(sms.received.map((s) => s.reference)).toEqual([second.id, first.id])
    expect(await outbox(first.id)).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('retries e-mail while the SMTP server is away', async () => {
    const away = createSmtpMailer({ url: 'smtp://127.0.0.1:1', from: 'ikke-svar@samband.example', connectionTimeoutMs: 1_000 })
    const { id } = await enqueue('ahmedKhan', 'appointment-reminder')
    expect(await dispatcher({ mailer: away }).runOnce()).toEqual({ sent: 0, skipped: 0, failed: 1 })
    away.close()
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, skipped: 0, failed: 0 })
    advance(RETRY.firstDelayMs + 1_000)
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, skipped: 0, failed: 0 })
    expect(smtp.received.map((m) => m.to)).toEqual([[DEMO_CONTACTS.ahmedKhan.email]])
    expect(await outbox(id)).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('gives up after the last attempt, and at once when the gateway refuses the message itself', async () => {
    sms.status.code = 503
    const { id } = await enqueue('perBerg', 'appointment-new')
    for (let i = 0; i < RETRY.maxAttempts; i++) {
      expect(await dispatcher().runOnce()).toEqual({ sent: 0, skipped: 0, failed: 1 })
      advance(RETRY.maxDelayMs)
    }
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, skipped: 0, failed: 0 })
    expect(await outbox(id)).toMatchObject({ status: 'failed', attempts: RETRY.maxAttempts, outcome_reason: 'gave-up' })

    sms.status.code = 400
    const refused = await enqueue('perBerg', 'appointment-changed')
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, skipped: 0, failed: 1 })
    expect(await outbox(refused.id)).toMatchObject({ status: 'failed', attempts: 1, outcome_reason: 'recipient-refused' })
  })

  it('sends exactly once after a crash between claim and mark', async () => {
    const { id } = await enqueue('livDahl', 'message-from-health-personnel')
    // A worker claims the row and dies before it sends or marks: its transaction never commits.
    const crash = database.db.transaction().execute(async (trx) => {
      expect(await claimNotification(trx, id, now())).not.toBeNull()
      throw new Error('process killed')
    })
    await expect(crash).rejects.toThrow('process killed')
    expect(await outbox(id)).toMatchObject({ status: 'pending', attempts: 0 })

    // After the restart.
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, skipped: 0, failed: 0 })
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, skipped: 0, failed: 0 })
    expect(sms.received.map((s) => s.reference)).toEqual([id])
  })

  it('sends each notification once when two workers run at the same time', async () => {
    const people: Person[] = ['kariNordmann', 'olaNordmann', 'jonasNordmann', 'ingridBerg', 'perBerg', 'saraHolm', 'noraOlsen', 'livDahl']
    const ids = await Promise.all(people.map((p) => enqueue(p, 'appointment-new').then((r) => r.id)))
    const [a, b] = await Promise.all([dispatcher().runOnce(), dispatcher().runOnce()])
    expect(a.sent + b.sent).toBe(people.length)
    expect(sms.received.map((s) => s.reference).sort()).toEqual([...ids].sort())
  })

  it('runs in the background when woken, and stops cleanly', async () => {
    const worker = startNotificationWorker(dispatcher(), { pollMs: 60_000 })
    // Let the start-up pass (nothing due) finish before enqueuing, so only wake() can pick the row up.
    await worker.runOnce()
    const { id } = await enqueue('kariNordmann', 'appointment-reminder')
    worker.wake()
    for (let i = 0; i < 100 && sms.received.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    await worker.stop()
    expect(sms.received.map((s) => s.reference)).toEqual([id])
  })
})
