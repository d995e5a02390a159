import type { ContentCodec, EventContent } from '../stored-event.js';
import type { EventSections } from './event-sections.js';
import { readEventSections } from './event-sections.js';

/**
 * An event as the AMQP edge keeps it: just the bytes the producer sent. Decoded sections would cost several times
 * the bytes in objects, so they are not kept; the delivery is derived from the bytes when the event is first read.
 */
export interface AmqpEvent extends EventContent {
  readonly bytes: Buffer;
}

/** Checks that `bytes` are one well-formed AMQP message (else `amqp:decode-error`); the sections are lent, not kept. */
export function readAmqpEvent(bytes: Buffer): { event: AmqpEvent; sections: EventSections } {
  return { event: { size: bytes.length, bytes }, sections: readEventSections(bytes) };
}

export const amqpEventCodec: ContentCodec<AmqpEvent> = {
  toBytes: (event) => event.bytes,
  fromBytes: (bytes) => readAmqpEvent(bytes).event,
};
