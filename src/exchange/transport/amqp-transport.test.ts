import { randomUUID } from 'node:crypto'
import { createServer, connect as tcpConnect, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { connect, type Channel, type ChannelModel, type ConfirmChannel, type GetMessage, type Options } from 'amqplib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AmqpUnavailableError,
  connectAmqpTransport,
  MAX_DELIVERIES,
  queueNames,
  type AmqpDelivery,
  type AmqpEnvelope,
  type AmqpErrorMessage,
  type AmqpTransport,
  type AmqpTransportOptions,
} from './amqp-transport.ts'

// Runs against a real RabbitMQ (CI has one). AMQP_TEST_URL=off skips it; an unreachable broker fails it.
const setting = process.env.AMQP_TEST_URL
const off = setting === 'off'
const brokerUrl = setting && !off ? setting : 'amqp://guest:guest@127.0.0.1:5672'
if (off) console.warn('amqp-transport.test.ts skipped: AMQP_TEST_URL=off (unset it to test against RabbitMQ)')

type Deferred<T> = { promise: Promise<T>; resolve(value: T): void }
function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** A TCP proxy in front of the broker, to drop the transport's socket or refuse its reconnects. */
type Proxy = { url: string; dropAll(): void; setAccepting(accepting: boolean): void; close(): Promise<void> }
async function startProxy(): Promise<Proxy> {
  const target = new URL(brokerUrl)
  const sockets = new Set<Socket>()
  let accepting = true
  const server = createServer((client) => {
    if (!accepting) {
      client.destroy()
      return
    }
    const upstream = tcpConnect(Number(target.port || 5672), target.hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => {
        sockets.delete(socket)
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('proxy has no port')
  const url = new URL(brokerUrl)
  url.hostname = '127.0.0.1'
  url.port = String(address.port)
  return {
    url: url.toString(),
    dropAll: () => {
      for (const socket of sockets) socket.destroy()
    },
    setAccepting: (value) => {
      accepting = value
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

describe.skipIf(off)('AMQP transport against RabbitMQ', { timeout: 15_000 }, () => {
  const prefix = `samband-test-${randomUUID().slice(0, 8)}.`
  const herIds = new Set<number>()
  const transports: AmqpTransport[] = []
  const proxies: Proxy[] = []
  const errors: Error[] = []
  let admin: ChannelModel
  let adminChannel: ConfirmChannel

  function her(id: number): number {
    herIds.add(id)
    return id
  }

  function envelope(fromHerId: number, toHerId: number, body = Buffer.from('<MsgHead/>')): AmqpEnvelope {
    return {
      messageId: randomUUID(),
      subject: 'DIALOG_FORESPORSEL',
      fromHerId,
      toHerId,
      applicationTimeStamp: new Date().toISOString(),
      body,
    }
  }

  async function open(options: AmqpTransportOptions = {}, url = brokerUrl): Promise<AmqpTransport> {
    const transport = await connectAmqpTransport(url, {
      prefix,
      onError: (error) => errors.push(error),
      reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
      publishTimeoutMs: 3000,
      ...options,
    })
    transports.push(transport)
    return transport
  }

  async function proxy(): Promise<Proxy> {
    const started = await startProxy()
    proxies.push(started)
    return started
  }

  async function rawPublish(queue: string, body: Buffer, options: Options.Publish): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      adminChannel.sendToQueue(queue, body, { persistent: true, ...options }, (error: unknown) => (error ? reject(error) : resolve())),
    )
  }

  async function getOne(queue: string): Promise<GetMessage> {
    let message: GetMessage | false = false
    await waitFor(async () => {
      message = await adminChannel.get(queue, { noAck: true })
      return message !== false
    }, `a message on ${queue}`)
    return message as unknown as GetMessage
  }

  async function readyCount(queue: string): Promise<number> {
    return (await adminChannel.checkQueue(queue)).messageCount
  }

  beforeAll(async () => {
    try {
      admin = await connect(brokerUrl)
    } catch (error) {
      throw new Error(
        `RabbitMQ is not reachable at ${new URL(brokerUrl).host} (${(error as Error).message}); start it, or set AMQP_TEST_URL=off to skip these tests`,
      )
    }
    admin.on('error', () => {})
    adminChannel = await admin.createConfirmChannel()
  })

  afterAll(async () => {
    await Promise.allSettled(transports.map((t) => t.close()))
    await Promise.allSettled(proxies.map((p) => p.close()))
    if (!admin) return
    let channel: Channel = await admin.createChannel()
    for (const herId of herIds) {
      for (const queue of Object.values(queueNames(prefix, herId))) {
        try {
          await channel.deleteQueue(queue)
        } catch {
          channel = await admin.createChannel()
        }
      }
    }
    await admin.close()
  })

  it('carries all properties and the exact bytes from publish to consume, and acks after the handler', async () => {
    const transport = await open()
    const [receiver, sender] = [her(1001), her(1002)]
    await transport.ensureQueues(receiver)
    await transport.ensureQueues(receiver) // idempotent
    const body = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><MsgHead>'),
      Buffer.from([0xe6, 0xf8, 0xe5, 0x00, 0xff, 0xfe]),
      Buffer.from('</MsgHead>'),
    ])
    const sent: AmqpEnvelope = {
      ...envelope(sender, receiver, body),
      subject: 'APPREC',
      applicationTimeStamp: '2025-03-01T10:15:00.123+01:00',
      correlationId: randomUUID(),
    }
    const received = deferred<[AmqpEnvelope, AmqpDelivery]>()
    const consumer = await transport.consume(receiver, async (got, delivery) => received.resolve([got, delivery]))
    await transport.publish(sent)

    const [got, delivery] = await received.promise
    expect(got).toEqual(sent)
    expect(got.body.equals(body)).toBe(true)
    expect(delivery).toEqual({ attempt: 1, redelivered: false })
    await consumer.stop()
    // Acked: stopping the consumer did not put it back.
    expect(await readyCount(queueNames(prefix, receiver).async)).toBe(0)
  })

  it('resolves publish only once the broker holds the message, and rejects on a missing queue, a nack and a bad envelope', async () => {
    const transport = await open()
    const [receiver, sender] = [her(1011), her(1012)]
    await transport.ensureQueues(receiver)
    const sent = envelope(sender, receiver)
    await transport.publish(sent)
    const stored = await adminChannel.get(queueNames(prefix, receiver).async, { noAck: true })
    expect(stored === false ? null : stored.properties).toMatchObject({
      messageId: sent.messageId,
      type: sent.subject,
      contentType: 'application/xml',
      deliveryMode: 2,
      replyTo: queueNames(prefix, sender).async,
      headers: { fromHerId: sender, toHerId: receiver, applicationTimeStamp: sent.applicationTimeStamp },
    })

    await expect(transport.publish(envelope(sender, her(1013)))).rejects.toThrow(/queue .*1013_async does not exist/)

    // A queue that takes nothing: the broker nacks.
    const full = her(1014)
    await adminChannel.assertQueue(queueNames(prefix, full).async, {
      durable: true,
      arguments: { 'x-max-length': 0, 'x-overflow': 'reject-publish' },
    })
    await expect(transport.publish(envelope(sender, full))).rejects.toThrow(/rejected by the broker/)

    await expect(transport.publish({ ...sent, messageId: 'MSG-1', fromHerId: -1 })).rejects.toThrow(/missing or invalid messageId, fromHerId/)
  })

  it('returns a message whose handler failed to the queue and delivers it again', async () => {
    const transport = await open()
    const [receiver, sender] = [her(1021), her(1022)]
    await transport.ensureQueues(receiver)
    const deliveries: AmqpDelivery[] = []
    const consumer = await transport.consume(receiver, async (_got, delivery) => {
      deliveries.push(delivery)
      if (deliveries.length === 1) throw new Error('database unavailable')
    })
    const sent = envelope(sender, receiver)
    await transport.publish(sent)
    await waitFor(() => deliveries.length === 2, 'the second delivery')
    await consumer.stop()
    expect(deliveries).toEqual([
      { attempt: 1, redelivered: false },
      { attempt: 2, redelivered: true },
    ])
    expect(errors.some((e) => e.message.includes(`handler failed for AMQP message ${sent.messageId}`))).toBe(true)
    expect(await readyCount(queueNames(prefix, receiver).async)).toBe(0)
    expect(await readyCount(queueNames(prefix, receiver).dlq)).toBe(0)
  })

  it(`dead-letters a message after ${MAX_DELIVERIES} failed deliveries`, async () => {
    const transport = await open()
    const [receiver, sender] = [her(1031), her(1032)]
    await transport.ensureQueues(receiver)
    const attempts: number[] = []
    const consumer = await transport.consume(receiver, async (_got, delivery) => {
      attempts.push(delivery.attempt)
      throw new Error('cannot persist')
    })
    const sent = envelope(sender, receiver, Buffer.from([0, 1, 2, 3, 254, 255]))
    await transport.publish(sent)

    const dead = await getOne(queueNames(prefix, receiver).dlq)
    await consumer.stop()
    expect(attempts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(dead.properties.messageId).toBe(sent.messageId)
    expect(dead.properties.headers?.['x-first-death-reason']).toBe('delivery_limit')
    expect(dead.content.equals(sent.body)).toBe(true)
    expect(await readyCount(queueNames(prefix, receiver).async)).toBe(0)
  })

  it('loses nothing when the consumer connection dies mid-handler: the message goes to the next consumer', async () => {
    const link = await proxy()
    const dying = await open({}, link.url)
    const [receiver, sender] = [her(1041), her(1042)]
    await dying.ensureQueues(receiver)
    const started = deferred<AmqpEnvelope>()
    const release = deferred()
    await dying.consume(receiver, async (got) => {
      started.resolve(got)
      await release.promise
    })
    const direct = await open()
    const sent = envelope(sender, receiver)
    await direct.publish(sent)
    expect((await started.promise).messageId).toBe(sent.messageId)

    // Kill the consumer's connection while its handler still runs, and keep it away.
    link.setAccepting(false)
    link.dropAll()
    const second = deferred<[AmqpEnvelope, AmqpDelivery]>()
    const consumer = await direct.consume(receiver, async (got, delivery) => second.resolve([got, delivery]))
    const [got, delivery] = await second.promise
    expect(got).toEqual(sent)
    expect(delivery).toEqual({ attempt: 2, redelivered: true })

    // The first handler finishing late cannot ack on its dead channel; that is reported, not thrown.
    release.resolve()
    await waitFor(() => errors.some((e) => e.message.startsWith(`could not ack AMQP message ${sent.messageId}`)), 'the lost ack report')
    await dying.close()
    await consumer.stop()
    expect(await readyCount(queueNames(prefix, receiver).async)).toBe(0)
    expect(await readyCount(queueNames(prefix, receiver).dlq)).toBe(0)
  })

  it('keeps unusable messages from the handler: AMQP error to the sender when known, else the DLQ', async () => {
    const transport = await open()
    const [receiver, sender] = [her(1051), her(1052)]
    await transport.ensureQueues(receiver)
    await transport.ensureQueues(sender)
    const handled: AmqpEnvelope[] = []
    const consumer = await transport.consume(receiver, async (got) => {
      handled.push(got)
    })
    const reported: AmqpErrorMessage[] = []
    const errorConsumer = await transport.consumeErrors(sender, async (error) => {
      reported.push(error)
    })

    const queue = queueNames(prefix, receiver).async
    const time = new Date().toISOString()
    const misaddressedId = randomUUID()
    const orphanId = randomUUID()
    await rawPublish(queue, Buffer.from('<a/>'), { type: 'APPREC', headers: { fromHerId: sender, toHerId: receiver, applicationTimeStamp: time } })
    await rawPublish(queue, Buffer.from('<b/>'), {
      messageId: misaddressedId,
      type: 'APPREC',
      headers: { fromHerId: sender, toHerId: 4242, applicationTimeStamp: time },
    })
    await rawPublish(queue, Buffer.from('<c/>'), { messageId: orphanId, type: 'APPREC', headers: { toHerId: receiver, applicationTimeStamp: time } })
    const valid = envelope(sender, receiver)
    await transport.publish(valid)

    await waitFor(() => reported.length === 2 && handled.length === 1, 'two error reports and one handled message')
    const orphan = await getOne(queueNames(prefix, receiver).dlq)
    await consumer.stop()
    await errorConsumer.stop()

    expect(handled.map((e) => e.messageId)).toEqual([valid.messageId])
    const noId = reported.find((r) => r.originalMessageId === undefined)
    const misaddressed = reported.find((r) => r.originalMessageId === misaddressedId)
    expect(noId).toMatchObject({
      errorCondition: 'transport:invalid-field-value',
      errorConditionData: 'messageId;',
      fromHerId: receiver,
      subject: 'APPREC',
    })
    expect(misaddressed).toMatchObject({ errorCondition: 'transport:invalid-field-value', errorConditionData: 'toHerId;', fromHerId: receiver })
    expect(misaddressed?.receiverTimeStamp).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(misaddressed?.body.length).toBe(0)
    expect(orphan.properties.messageId).toBe(orphanId)
    expect(orphan.properties.headers?.['x-first-death-reason']).toBe('rejected')
    expect(await readyCount(queue)).toBe(0)
    // Errors name the message, never carry its body.
    expect(errors.some((e) => e.message.includes(`unusable AMQP message ${misaddressedId}`))).toBe(true)
    expect(errors.some((e) => /<[abc]\/>/.test(e.message))).toBe(false)
  })

  it('restarts a consumer that the broker cancelled because its queue was deleted', async () => {
    const transport = await open()
    const [receiver, sender] = [her(1071), her(1072)]
    await transport.ensureQueues(receiver)
    const got: string[] = []
    const consumer = await transport.consume(receiver, async (e) => {
      got.push(e.messageId)
    })
    await adminChannel.deleteQueue(queueNames(prefix, receiver).async)
    await waitFor(() => errors.some((e) => e.message.includes(`cancelled the consumer of ${queueNames(prefix, receiver).async}`)), 'the cancel')
    // The restarted consumer declares the queue again.
    const sent = envelope(sender, receiver)
    await waitFor(
      async () =>
        await transport.publish(sent).then(
          () => true,
          () => false,
        ),
      'the queue to be back',
    )
    await waitFor(() => got.includes(sent.messageId), 'the message after the restart')
    await consumer.stop()
  })

  it('reconnects after the connection is dropped: consumers resume, publishes wait (bounded) for the connection', async () => {
    const link = await proxy()
    const transport = await open({ publishTimeoutMs: 1000 }, link.url)
    const [receiver, sender] = [her(1061), her(1062)]
    await transport.ensureQueues(receiver)
    const got = new Set<string>()
    await transport.consume(receiver, async (e) => {
      got.add(e.messageId)
    })
    const first = envelope(sender, receiver)
    await transport.publish(first)
    await waitFor(() => got.has(first.messageId), 'the first message')

    // Socket dropped: the next publish waits for the reconnect, and the consumer resumes.
    link.dropAll()
    const second = envelope(sender, receiver)
    await transport.publish(second)
    await waitFor(() => got.has(second.messageId), 'the message after the reconnect')
    expect(errors.some((e) => /AMQP connection to .* lost/.test(e.message))).toBe(true)

    // Broker away for a moment: a publish made meanwhile goes through once it is back.
    link.setAccepting(false)
    link.dropAll()
    const third = envelope(sender, receiver)
    const pending = transport.publish(third)
    await sleep(300)
    link.setAccepting(true)
    await pending
    await waitFor(() => got.has(third.messageId), 'the message published while disconnected')

    // Away longer than publishTimeoutMs: the publish rejects clearly, and a resend with the same ids works later.
    link.setAccepting(false)
    link.dropAll()
    const fourth = envelope(sender, receiver)
    const refused = transport.publish(fourth)
    await expect(refused).rejects.toThrow(AmqpUnavailableError)
    await expect(refused).rejects.toThrow(/no connection to the AMQP broker at amqp:\/\/127\.0\.0\.1:\d+ within 1000 ms/)
    link.setAccepting(true)
    await transport.publish(fourth)
    await waitFor(() => got.has(fourth.messageId), 'the resent message')
    // Credentials never appear in what is reported.
    expect(errors.some((e) => e.message.includes('guest:guest'))).toBe(false)
  })
})
