import type { EncodedMessage } from '../../amqp/encoded-message.js';
import { decodeMessage } from '../../amqp/encoded-message.js';
import type { ContentCodec, EventContent } from '../stored-event.js';

/** An event as the AMQP edge keeps it: the bytes the producer sent, decoded once so deliveries only re-encode. */
export interface AmqpEvent extends EventContent {
  readonly bytes: Buffer;
  readonly message: EncodedMessage;
}

/** Decodes one event of a publication; malformed bytes are an `amqp:decode-error`. */
export function amqpEvent(bytes: Buffer): AmqpEvent {
  return { size: bytes.length, bytes, message: decodeMessage(bytes) };
}

export const amqpEventCodec: ContentCodec<AmqpEvent> = {
  toBytes: (event) => event.bytes,
  fromBytes: amqpEvent,
};
