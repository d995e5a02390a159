import type {
  ServiceBusReceivedMessage,
  ServiceBusReceiver,
  ServiceBusSessionReceiver,
} from '@azure/service-bus';
import { eventually } from '../../eventually.js';

type AnyReceiver = ServiceBusReceiver | ServiceBusSessionReceiver;

/**
 * Receives until `count` messages arrived or the deadline passed, and returns what arrived (the caller asserts the
 * count, so a short delivery fails with the messages in the diff).
 */
export async function receiveCount(
  receiver: AnyReceiver,
  count: number,
  options: { timeoutMs?: number } = {},
): Promise<ServiceBusReceivedMessage[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const received: ServiceBusReceivedMessage[] = [];
  while (received.length < count && Date.now() < deadline) {
    const wait = Math.max(50, Math.min(2_000, deadline - Date.now()));
    received.push(...(await receiver.receiveMessages(count - received.length, { maxWaitTimeInMs: wait })));
  }
  return received;
}

/** Receives exactly one message or fails with a clear message. */
export async function receiveOne(
  receiver: AnyReceiver,
  options: { timeoutMs?: number } = {},
): Promise<ServiceBusReceivedMessage> {
  const [message] = await receiveCount(receiver, 1, options);
  if (!message) throw new Error(`no message arrived on ${receiver.entityPath} in time`);
  return message;
}

/**
 * What a receive returns when nothing should be there: the SDK waits `waitMs` of real time for a first message, so
 * the wait is short; the emulator's own time is the manual clock and does not move meanwhile.
 */
export async function receiveNothing(
  receiver: AnyReceiver,
  waitMs = 300,
): Promise<ServiceBusReceivedMessage[]> {
  return receiver.receiveMessages(10, { maxWaitTimeInMs: waitMs });
}

/** Bodies of received messages, for order-sensitive assertions. */
export function bodies(messages: readonly ServiceBusReceivedMessage[]): unknown[] {
  return messages.map((m): unknown => m.body);
}

/**
 * Waits until nothing is left at or after `from` in the entity of `receiver`. Peeking from an explicit sequence number
 * keeps the SDK's own peek cursor out of the way.
 */
export async function eventuallyEmpty(
  receiver: AnyReceiver,
  from: NonNullable<ServiceBusReceivedMessage['sequenceNumber']>,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  await eventually(
    async () =>
      (await receiver.peekMessages(1, { fromSequenceNumber: from })).length === 0 ? true : undefined,
    { what: `${receiver.entityPath} to be empty`, ...options },
  );
}
