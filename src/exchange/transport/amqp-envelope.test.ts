import type { Message } from 'amqplib'
import { describe, expect, it } from 'vitest'
import { deliveryAttempt, envelopeProblems, errorPublishOptions, publishOptions, queueNames, readEnvelope, type AmqpEnvelope } from './amqp-envelope.ts'

const envelope: AmqpEnvelope = {
  messageId: '0b4f1c7e-2d7a-4f7e-9b7c-1f2e3d4c5b6a',
  subject: 'DIALOG_FORESPORSEL',
  fromHerId: 8142987,
  toHerId: 8143060,
  applicationTimeStamp: '2025-03-01T10:15:00.000+01:00',
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  body: Buffer.from('<MsgHead/>'),
}

function message(properties: Partial<Message['properties']>, content: Buffer = Buffer.from('x'), redelivered = false): Message {
  return {
    content,
    fields: { deliveryTag: 1, redelivered, exchange: '', routingKey: 'q' },
    properties: {
      contentType: undefined,
      contentEncoding: undefined,
      headers: undefined,
      deliveryMode: undefined,
      priority: undefined,
      correlationId: undefined,
      replyTo: undefined,
      expiration: undefined,
      messageId: undefined,
      timestamp: undefined,
      type: undefined,
      userId: undefined,
      appId: undefined,
      clusterId: undefined,
      ...properties,
    },
  }
}

describe('amqp envelope', () => {
  it('names the queues of a HER-id', () => {
    expect(queueNames('t1.', 42)).toEqual({ async: 't1.42_async', error: 't1.42_error', dlq: 't1.42_dlq' })
  })

  it('maps the NHN properties onto AMQP 0-9-1 properties and headers and reads them back', () => {
    const options = publishOptions(envelope, '8142987_async')
    expect(options).toMatchObject({
      persistent: true,
      contentType: 'application/xml',
      messageId: envelope.messageId,
      type: 'DIALOG_FORESPORSEL',
      correlationId: envelope.correlationId,
      replyTo: '8142987_async',
      headers: { fromHerId: 8142987, toHerId: 8143060, applicationTimeStamp: envelope.applicationTimeStamp },
    })
    const read = readEnvelope(message({ ...options, headers: options.headers }, envelope.body), envelope.toHerId)
    expect(read).toEqual({ ok: true, envelope })
  })

  it('refuses to send an envelope with missing or invalid fields', () => {
    expect(envelopeProblems(envelope)).toEqual([])
    expect(
      envelopeProblems({
        ...envelope,
        messageId: 'MSG-1',
        subject: '',
        fromHerId: 0,
        toHerId: 1.5,
        applicationTimeStamp: '2025-03-01 10:15',
        body: 'x' as unknown as Buffer,
      }),
    ).toEqual(['messageId', 'subject', 'fromHerId', 'toHerId', 'applicationTimeStamp', 'body'])
    // A time without an offset is ambiguous between the two ends.
    expect(envelopeProblems({ ...envelope, applicationTimeStamp: '2025-03-01T10:15:00' })).toEqual(['applicationTimeStamp'])
  })

  it('lists the unusable fields of a received message and what could still be read', () => {
    const read = readEnvelope(message({ messageId: 'not-a-uuid', type: 'APPREC', headers: { fromHerId: '8142987', toHerId: 999 } }), 8143060)
    expect(read).toEqual({
      ok: false,
      fields: ['messageId', 'toHerId', 'applicationTimeStamp'],
      messageId: 'not-a-uuid',
      fromHerId: 8142987,
      subject: 'APPREC',
    })
    expect(readEnvelope(message({}), 1)).toEqual({
      ok: false,
      fields: ['messageId', 'subject', 'fromHerId', 'toHerId', 'applicationTimeStamp'],
    })
  })

  it("reads other clients' encodings: HER-ids as strings, AMQP timestamps, local times, subject as a header", () => {
    const read = readEnvelope(
      message({
        messageId: envelope.messageId,
        headers: {
          subject: 'APPREC',
          fromHerId: '8142987',
          toHerId: '8143060',
          applicationTimeStamp: { '!': 'timestamp', value: 1_740_820_500 },
        },
      }),
      8143060,
    )
    expect(read.ok && read.envelope).toMatchObject({ subject: 'APPREC', fromHerId: 8142987, applicationTimeStamp: '2025-03-01T09:15:00.000Z' })
    const local = readEnvelope(
      message({ messageId: envelope.messageId, type: 'APPREC', headers: { fromHerId: 1, toHerId: 2, applicationTimeStamp: '2025-03-01T10:15:00' } }),
      2,
    )
    expect(local.ok).toBe(true)
  })

  it('counts deliveries from the quorum queue header, else from the redelivered flag', () => {
    expect(deliveryAttempt(message({ headers: { 'x-delivery-count': 3 } }))).toBe(4)
    expect(deliveryAttempt(message({}))).toBe(1)
    expect(deliveryAttempt(message({}, Buffer.alloc(0), true))).toBe(2)
  })

  it('builds AMQP error properties as Helsenorge.Messaging does', () => {
    const now = new Date('2025-03-01T09:00:00Z')
    const options = errorPublishOptions(
      {
        originalMessageId: envelope.messageId,
        errorCondition: 'transport:invalid-field-value',
        errorDescription: 'One or more fields are missing or invalid',
        errorConditionData: ['toHerId', 'applicationTimeStamp'],
        fromHerId: 8143060,
        subject: 'DIALOG_FORESPORSEL',
      },
      8142987,
      '11111111-2222-4333-8444-555555555555',
      now,
    )
    expect(options).toEqual({
      persistent: true,
      messageId: '11111111-2222-4333-8444-555555555555',
      type: 'DIALOG_FORESPORSEL',
      correlationId: envelope.messageId,
      headers: {
        fromHerId: 8143060,
        toHerId: 8142987,
        applicationTimeStamp: now.toISOString(),
        receiverTimeStamp: now.toISOString(),
        originalMessageId: envelope.messageId,
        errorCondition: 'transport:invalid-field-value',
        errorDescription: 'One or more fields are missing or invalid',
        errorConditionData: 'toHerId;applicationTimeStamp;',
      },
    })
  })
})
