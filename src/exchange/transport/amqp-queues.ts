/** The quorum queues of one HER-id (work, error and dead-letter) as the transport declares them, and error helpers. */
import type { Channel } from 'amqplib'
import { MAX_DELIVERIES, type QueueNames } from './amqp-envelope.ts'

/** Arguments of the `_async` and `_error` queues. Changing them needs a migration: RabbitMQ refuses to redeclare a queue with other arguments. */
export function workQueueArguments(dlq: string): Record<string, string | number> {
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': MAX_DELIVERIES - 1,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': dlq,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  }
}

export const DLQ_ARGUMENTS: Readonly<Record<string, string>> = { 'x-queue-type': 'quorum' }

export async function assertQueues(channel: Channel, names: QueueNames): Promise<void> {
  try {
    await channel.assertQueue(names.dlq, { durable: true, arguments: DLQ_ARGUMENTS })
    await channel.assertQueue(names.async, { durable: true, arguments: workQueueArguments(names.dlq) })
    await channel.assertQueue(names.error, { durable: true, arguments: workQueueArguments(names.dlq) })
  } catch (error) {
    const hint = /PRECONDITION_FAILED/.test(messageOf(error))
      ? ' (a queue of that name exists with other arguments, e.g. as a classic queue: migrate or delete it)'
      : ''
    throw new Error(`cannot declare the AMQP queues ${names.async}, ${names.error}, ${names.dlq}${hint}: ${messageOf(error)}`, {
      cause: error,
    })
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
