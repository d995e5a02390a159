import { amqpTypes } from '../../amqp/rhea.js';
import { encodeForDelivery } from '../../amqp/encoded-message.js';
import type { StoredMessage } from '../stored-message.js';

const messageStateCode = { active: 0, deferred: 1, scheduled: 2 } as const;
/** header.ttl is an AMQP uint of milliseconds; longer lifetimes (the entity default is ~10,675,199 days) are omitted. */
const maxHeaderTtl = 0xffffffff;

/**
 * Encodes a stored message as Service Bus delivers it: the sender's bare message untouched, a header whose
 * delivery-count is the number of earlier deliveries, and the broker annotations the SDK reads.
 */
export function encodeServiceBusMessage(
  message: StoredMessage,
  options: { withLock: boolean; deliveryCount?: number },
): Buffer {
  const annotations = new Map<string, unknown>(message.encoded.annotations);
  annotations.set('x-opt-sequence-number', amqpTypes.wrap_long(message.sequenceNumber));
  annotations.set('x-opt-enqueue-sequence-number', amqpTypes.wrap_long(message.sequenceNumber));
  annotations.set('x-opt-enqueued-time', amqpTypes.wrap_timestamp(message.enqueuedAt));
  annotations.set('x-opt-message-state', amqpTypes.wrap_int(messageStateCode[message.state]));
  if (options.withLock && message.lock) {
    annotations.set('x-opt-locked-until', amqpTypes.wrap_timestamp(message.lock.lockedUntil));
  } else {
    annotations.delete('x-opt-locked-until');
  }
  if (message.deadLetterSource) annotations.set('x-opt-deadletter-source', message.deadLetterSource);
  const ttl = Number.isFinite(message.ttlMs) && message.ttlMs <= maxHeaderTtl ? message.ttlMs : undefined;
  return encodeForDelivery(message.encoded, {
    header: {
      durable: message.encoded.header.durable ?? false,
      ...(message.encoded.header.priority !== undefined ? { priority: message.encoded.header.priority } : {}),
      ...(ttl !== undefined ? { ttl } : {}),
      deliveryCount: options.deliveryCount ?? Math.max(0, message.deliveries - 1),
    },
    annotations,
  });
}
