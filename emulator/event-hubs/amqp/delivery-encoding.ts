import { amqpTypes } from '../../amqp/rhea.js';
import type { PartitionProperties } from '../partition-log.js';
import type { StoredEvent } from '../stored-event.js';
import type { AmqpEvent } from './amqp-event.js';
import { readEventSections } from './event-sections.js';

/** The partition's latest state, sent with each event to readers that track the last enqueued event. */
export interface RuntimeInfo {
  partition: PartitionProperties;
  retrievedAt: number;
}

const section = { deliveryAnnotations: 0x71, messageAnnotations: 0x72 } as const;

/**
 * An event's annotations never change once it is enqueued, so its delivery is encoded once, on first read, and
 * reused by every reader and consumer group after that. Readers that track the last enqueued event get fresh
 * delivery annotations each time and are encoded each time.
 */
const encodedEvents = new WeakMap<StoredEvent<AmqpEvent>, Buffer>();

/**
 * Encodes a stored event as Event Hubs delivers it: the producer's header and bare message as sent, its own message
 * annotations kept, and the broker's annotations the SDK reads (sequence number as a long, offset as a string,
 * enqueued time, partition key).
 */
export function encodeEvent(event: StoredEvent<AmqpEvent>, runtime?: RuntimeInfo): Buffer {
  if (runtime) return encode(event, runtime);
  let bytes = encodedEvents.get(event);
  if (!bytes) {
    bytes = encode(event);
    encodedEvents.set(event, bytes);
  }
  return bytes;
}

function encode(event: StoredEvent<AmqpEvent>, runtime?: RuntimeInfo): Buffer {
  const { header, annotations, bare } = readEventSections(event.content.bytes);
  const merged: Record<string, unknown> = {};
  for (const [key, value] of annotations) merged[key] = value;
  merged['x-opt-sequence-number'] = amqpTypes.wrap_long(event.sequenceNumber);
  merged['x-opt-offset'] = String(event.offset);
  merged['x-opt-enqueued-time'] = amqpTypes.wrap_timestamp(event.enqueuedAt);
  if (event.partitionKey !== undefined) merged['x-opt-partition-key'] = event.partitionKey;
  else delete merged['x-opt-partition-key'];
  const writer = new amqpTypes.Writer();
  if (runtime) writer.write(described(section.deliveryAnnotations, runtimeAnnotations(runtime)));
  writer.write(described(section.messageAnnotations, merged));
  const annotationSections = writer.toBuffer();
  return Buffer.concat(header ? [header, annotationSections, bare] : [annotationSections, bare]);
}

function described(code: number, map: Record<string, unknown>): unknown {
  return amqpTypes.described_nc(amqpTypes.wrap_ulong(code), amqpTypes.wrap_symbolic_map(map));
}

function runtimeAnnotations({ partition, retrievedAt }: RuntimeInfo): Record<string, unknown> {
  return {
    last_enqueued_sequence_number: amqpTypes.wrap_long(partition.lastSequenceNumber),
    last_enqueued_offset: String(partition.lastOffset),
    last_enqueued_time_utc: amqpTypes.wrap_timestamp(partition.lastEnqueuedAt),
    runtime_info_retrieval_time_utc: amqpTypes.wrap_timestamp(retrievedAt),
  };
}
