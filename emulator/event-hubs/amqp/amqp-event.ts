import type { EncodedMessage } from '../../amqp/encoded-message.js';
import { decodeMessage } from '../../amqp/encoded-message.js';
import type { ContentCodec, EventContent } from '../stored-event.js';

/**
 * An event as the AMQP edge keeps it: just the bytes the producer sent. The decoded form costs several times the
 * bytes in objects, so it is not kept; the delivery encoding is derived from the bytes when the event is first read.
 */
export interface AmqpEvent extends EventContent {
  readonly bytes: Buffer;
}

/** Checks that `bytes` are one well-formed AMQP message (else `amqp:decode-error`); the decoded form is lent, not kept. */
export function readAmqpEvent(bytes: Buffer): { event: AmqpEvent; message: EncodedMessage } {
  const message = decodeMessage(bytes);
  return { event: { size: bytes.length, bytes }, message };
}

export const amqpEventCodec: ContentCodec<AmqpEvent> = {
  toBytes: (event) => event.bytes,
  fromBytes: (bytes) => readAmqpEvent(bytes).event,
};
