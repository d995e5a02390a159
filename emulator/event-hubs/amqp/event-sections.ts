import { AmqpError, condition } from '../../amqp/conditions.js';
import { amqpTypes } from '../../amqp/rhea.js';
import type { TypedValue } from '../../amqp/rhea.js';

/** Section descriptor codes of an AMQP 1.0 message (spec 3.2). */
const section = {
  header: 0x70,
  deliveryAnnotations: 0x71,
  messageAnnotations: 0x72,
  properties: 0x73,
  footer: 0x78,
} as const;

const symbolicCodes: Record<string, number> = {
  'amqp:header:list': 0x70,
  'amqp:delivery-annotations:map': 0x71,
  'amqp:message-annotations:map': 0x72,
  'amqp:properties:list': 0x73,
  'amqp:application-properties:map': 0x74,
  'amqp:data:binary': 0x75,
  'amqp:amqp-sequence:list': 0x76,
  'amqp:value:*': 0x77,
  'amqp:footer:map': 0x78,
};

/** One published event split into what a delivery reuses; every part is a view into the event's bytes. */
export interface EventSections {
  /** The producer's header section, as sent. */
  header: Buffer | undefined;
  /** The producer's message annotations: keys as strings, values still typed. */
  annotations: Map<string, TypedValue>;
  /** Properties, application properties, body and footer: the bare message, delivered untouched. */
  bare: Buffer;
}

/**
 * Reads one event's sections without copying its bytes, and checks that they are a well-formed AMQP message:
 * known sections only, none longer than the bytes that remain. Anything else is an `amqp:decode-error`.
 */
export function readEventSections(bytes: Buffer): EventSections {
  let header: Buffer | undefined;
  const annotations = new Map<string, TypedValue>();
  let bareStart = bytes.length;
  try {
    const reader = new amqpTypes.Reader(bytes);
    while (reader.remaining() > 0) {
      const start = reader.position;
      const typed = reader.read();
      // rhea's reader does not check lengths against the buffer: a section that claims more bytes than remain is cut.
      if (reader.position > bytes.length) throw new Error('a section is longer than the message');
      const code = codeOf(typed);
      if (code === undefined || code < section.header || code > section.footer)
        throw new Error('a section has an unknown descriptor');
      if (code === section.header) header = bytes.subarray(start, reader.position);
      if (code === section.messageAnnotations) {
        const items = typed.value as TypedValue[];
        for (let i = 0; i + 1 < items.length; i += 2) annotations.set(String(items[i]!.value), items[i + 1]!);
      }
      if (code >= section.properties && bareStart === bytes.length) bareStart = start;
    }
  } catch (error) {
    throw new AmqpError({
      condition: condition.decodeError,
      description: `Malformed event: ${(error as Error).message}`,
    });
  }
  return { header, annotations, bare: bytes.subarray(bareStart) };
}

function codeOf(typed: TypedValue): number | undefined {
  const value = typed.descriptor?.value;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return symbolicCodes[value];
  return undefined;
}
