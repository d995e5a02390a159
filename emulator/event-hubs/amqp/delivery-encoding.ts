import { amqpTypes } from '../../amqp/rhea.js';
import { decodeMessage, encodeForDelivery } from '../../amqp/encoded-message.js';
import type { PartitionProperties } from '../partition-log.js';
import type { StoredEvent } from '../stored-event.js';
import type { AmqpEvent } from './amqp-event.js';

/** The partition's latest state, sent with each event to readers that track the last enqueued event. */
export interface RuntimeInfo {
  partition: PartitionProperties;
  retrievedAt: number;
}

/**
 * An event's annotations never change once it is enqueued, so its delivery is encoded once, on first read, and
 * reused by every reader and consumer group after that. Readers that track the last enqueued event get fresh
 * delivery annotations each time and are encoded each time.
 */
const encodedEvents = new WeakMap<StoredEvent<AmqpEvent>, Buffer>();

/**
 * Encodes a stored event as Event Hubs delivers it: the producer's bare message untouched, its own annotations kept,
 * and the broker's annotations the SDK reads (sequence number as a long, offset as a string, enqueued time, key).
 */
export function encodeEvent(event: StoredEvent<AmqpEvent>, runtime?: RuntimeInfo): Buffer {
  if (runtime) return encode(event, runtimeAnnotations(runtime));
  let bytes = encodedEvents.get(event);
  if (!bytes) {
    bytes = encode(event);
    encodedEvents.set(event, bytes);
  }
  return bytes;
}

function encode(event: StoredEvent<AmqpEvent>, deliveryAnnotations?: Map<string, unknown>): Buffer {
  const message = decodeMessage(event.content.bytes);
  const annotations = new Map<string, unknown>(message.annotations);
  annotations.set('x-opt-sequence-number', amqpTypes.wrap_long(event.sequenceNumber));
  annotations.set('x-opt-offset', String(event.offset));
  annotations.set('x-opt-enqueued-time', amqpTypes.wrap_timestamp(event.enqueuedAt));
  if (event.partitionKey !== undefined) annotations.set('x-opt-partition-key', event.partitionKey);
  else annotations.delete('x-opt-partition-key');
  return encodeForDelivery(message, { header: message.header, annotations, ...(deliveryAnnotations ? { deliveryAnnotations } : {}) });
}

function runtimeAnnotations({ partition, retrievedAt }: RuntimeInfo): Map<string, unknown> {
  return new Map<string, unknown>([
    ['last_enqueued_sequence_number', amqpTypes.wrap_long(partition.lastSequenceNumber)],
    ['last_enqueued_offset', String(partition.lastOffset)],
    ['last_enqueued_time_utc', amqpTypes.wrap_timestamp(partition.lastEnqueuedAt)],
    ['runtime_info_retrieval_time_utc', amqpTypes.wrap_timestamp(retrievedAt)],
  ]);
}
