import { amqpTypes, rawBytesOf, type EventContext } from './rhea.js';
import { AmqpError, condition } from './conditions.js';

/** Message format of a Service Bus / Event Hubs batch: one transfer, each data section a whole encoded message. */
export const batchMessageFormat = 0x80013700;

/**
 * What a sender's transfer carries: a batch envelope (the SDKs' format 0x80013700), or one message's raw bytes
 * (format 0). Any other format is `amqp:not-implemented`. Both payloads may be slices of a larger socket read.
 */
export function transferPayload(context: EventContext): { batch: Buffer } | { single: Buffer } {
  const format = (context as { format?: number }).format ?? 0;
  if (format === batchMessageFormat) return { batch: context.message as unknown as Buffer };
  if (format !== 0)
    throw new AmqpError({
      condition: condition.notImplemented,
      description: `Message format ${format} is not supported.`,
    });
  const raw = rawBytesOf(context.message as object);
  if (!raw)
    throw new AmqpError({ condition: condition.internalError, description: 'Transfer bytes unavailable.' });
  return { single: raw };
}

/** Unpacks a batch envelope into the encoded messages it carries, in order. */
export function unpackBatch(envelope: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  try {
    const reader = new amqpTypes.Reader(envelope);
    while (reader.remaining() > 0) {
      const typed = reader.read();
      const code = typed.descriptor?.value;
      // Only the data sections carry messages; the envelope's own header/annotations/properties are ignored.
      if (code === 0x75 || code === 'amqp:data:binary') {
        if (!Buffer.isBuffer(typed.value)) throw new Error('data section is not binary');
        messages.push(typed.value);
      }
    }
  } catch (error) {
    throw new AmqpError({
      condition: condition.decodeError,
      description: `Malformed batch envelope: ${String(error)}`,
    });
  }
  return messages;
}
