import { amqpTypes } from './rhea.js';
import { AmqpError, condition } from './conditions.js';

/** Message format of a Service Bus / Event Hubs batch: one transfer, each data section a whole encoded message. */
export const batchMessageFormat = 0x80013700;

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
