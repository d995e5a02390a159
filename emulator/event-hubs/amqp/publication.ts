import type { EventContext } from '../../amqp/rhea.js';
import { amqpTypes } from '../../amqp/rhea.js';
import type { TypedValue } from '../../amqp/rhea.js';
import { transferPayload } from '../../amqp/batch-envelope.js';
import { AmqpError, condition } from '../../amqp/conditions.js';
import type { AmqpEvent } from './amqp-event.js';
import { readAmqpEvent } from './amqp-event.js';

const partitionKeyAnnotation = 'x-opt-partition-key';
const section = { messageAnnotations: 0x72, data: 0x75 } as const;

/** One transfer from a producer: its events, its size as sent, and the partition key it is routed by. */
export interface ReceivedPublication {
  contents: AmqpEvent[];
  size: number;
  partitionKey: string | undefined;
}

/**
 * Reads a producer's transfer. The SDK always sends a batch envelope (format 0x80013700): each data section is one
 * encoded event, and the envelope's message annotations carry the partition key. A plain message is one event.
 */
export function readPublication(context: EventContext): ReceivedPublication {
  const payload = transferPayload(context);
  if ('batch' in payload) {
    // A copy: rhea's payload can be a slice of a larger socket read, which the events would otherwise keep alive.
    const envelope = Buffer.from(payload.batch);
    const { annotations, events } = readEnvelope(envelope);
    return {
      contents: events.map((bytes) => readAmqpEvent(bytes).event),
      size: envelope.length,
      partitionKey: stringValue(annotations.get(partitionKeyAnnotation)),
    };
  }
  const { event, sections } = readAmqpEvent(Buffer.from(payload.single));
  return {
    contents: [event],
    size: payload.single.length,
    partitionKey: stringValue(sections.annotations.get(partitionKeyAnnotation)),
  };
}

/** One pass over the envelope: its message annotations and the events in its data sections, in order. */
function readEnvelope(envelope: Buffer): { annotations: Map<string, unknown>; events: Buffer[] } {
  const annotations = new Map<string, unknown>();
  const events: Buffer[] = [];
  try {
    const reader = new amqpTypes.Reader(envelope);
    while (reader.remaining() > 0) {
      const typed = reader.read();
      // rhea's reader does not check lengths against the buffer: a section that claims more bytes than remain is cut.
      if (reader.remaining() < 0) throw new Error('a section is longer than the envelope');
      const code = typed.descriptor?.value;
      if (code === section.data || code === 'amqp:data:binary') {
        if (!Buffer.isBuffer(typed.value)) throw new Error('a data section is not binary');
        events.push(typed.value);
      } else if (code === section.messageAnnotations || code === 'amqp:message-annotations:map') {
        const items = typed.value as TypedValue[];
        for (let i = 0; i + 1 < items.length; i += 2) annotations.set(String(items[i]!.value), items[i + 1]);
      }
    }
  } catch (error) {
    throw new AmqpError({
      condition: condition.decodeError,
      description: `Malformed batch envelope: ${String(error)}`,
    });
  }
  return { annotations, events };
}

function stringValue(typed: unknown): string | undefined {
  if (typed === undefined || typed === null) return undefined;
  const value: unknown = amqpTypes.unwrap(typed);
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
