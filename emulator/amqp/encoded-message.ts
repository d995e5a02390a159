import { amqpTypes } from './rhea.js';
import { AmqpError, condition } from './conditions.js';

/** Section descriptor codes of an AMQP 1.0 message (spec 3.2). */
const section = {
  header: 0x70,
  deliveryAnnotations: 0x71,
  messageAnnotations: 0x72,
  properties: 0x73,
  applicationProperties: 0x74,
  data: 0x75,
  sequence: 0x76,
  value: 0x77,
  footer: 0x78,
} as const;

export interface MessageProperties {
  messageId?: unknown;
  to?: string;
  subject?: string;
  replyTo?: string;
  correlationId?: unknown;
  contentType?: string;
  absoluteExpiryTime?: number;
  creationTime?: number;
  groupId?: string;
  replyToGroupId?: string;
}

export interface MessageHeader {
  durable?: boolean;
  priority?: number;
  ttl?: number;
  deliveryCount?: number;
}

/**
 * A message as the brokers keep it: the bare message (properties, application properties, body, footer) stays as
 * the exact bytes the sender wrote, so every value round-trips with its AMQP type; only the header and the
 * annotations are decoded, because the broker rewrites them on delivery.
 */
export interface EncodedMessage {
  header: MessageHeader;
  /** Message annotations as sent, keys as symbols' strings, values still typed. */
  annotations: Map<string, unknown>;
  properties: MessageProperties;
  /** Bytes of properties + application-properties + body + footer, as received. */
  bare: Buffer;
  /** Byte range of the properties section inside `bare`. */
  propertiesRange?: [number, number];
  /** Byte range of the application-properties section inside `bare`, decoded on demand (filters). */
  applicationPropertiesRange?: [number, number];
  /** Byte range of the body sections inside `bare`. */
  bodyRange?: [number, number];
  size: number;
}

/** Splits an encoded message into its sections. A malformed buffer is an `amqp:decode-error`. */
export function decodeMessage(buffer: Buffer): EncodedMessage {
  try {
    return decodeSections(buffer);
  } catch (error) {
    if (error instanceof AmqpError) throw error;
    throw new AmqpError({
      condition: condition.decodeError,
      description: `Malformed AMQP message: ${String(error)}`,
    });
  }
}

function decodeSections(buffer: Buffer): EncodedMessage {
  const reader = new amqpTypes.Reader(buffer);
  const header: MessageHeader = {};
  const annotations = new Map<string, unknown>();
  let properties: MessageProperties = {};
  let bareStart = -1;
  let applicationPropertiesRange: [number, number] | undefined;
  let propertiesRange: [number, number] | undefined;
  let bodyStart = -1;
  let bodyEnd = -1;
  while (reader.remaining() > 0) {
    const start = reader.position;
    const typed = reader.read();
    const end = reader.position;
    // rhea's reader does not check lengths against the buffer: a section that claims more bytes than remain is cut.
    if (end > buffer.length)
      throw new AmqpError({ condition: condition.decodeError, description: 'Truncated message section.' });
    const code = descriptorCode(typed);
    if (code === undefined)
      throw new AmqpError({
        condition: condition.decodeError,
        description: 'Message section without a descriptor.',
      });
    if (code >= section.properties && bareStart < 0) bareStart = start;
    switch (code) {
      case section.header:
        Object.assign(header, readHeader(typed));
        break;
      case section.deliveryAnnotations:
        break;
      case section.messageAnnotations:
        for (const [key, value] of mapEntries(typed)) annotations.set(key, value);
        break;
      case section.properties:
        properties = readProperties(typed);
        propertiesRange = [start, end];
        break;
      case section.applicationProperties:
        applicationPropertiesRange = [start, end];
        break;
      case section.data:
      case section.sequence:
      case section.value:
        if (bodyStart < 0) bodyStart = start;
        bodyEnd = end;
        break;
      case section.footer:
        break;
      default:
        throw new AmqpError({
          condition: condition.decodeError,
          description: `Unknown message section 0x${code.toString(16)}.`,
        });
    }
  }
  const bare = bareStart < 0 ? Buffer.alloc(0) : buffer.subarray(bareStart);
  const shift = (range: [number, number]): [number, number] => [range[0] - bareStart, range[1] - bareStart];
  return {
    header,
    annotations,
    properties,
    bare,
    ...(propertiesRange ? { propertiesRange: shift(propertiesRange) } : {}),
    ...(applicationPropertiesRange ? { applicationPropertiesRange: shift(applicationPropertiesRange) } : {}),
    ...(bodyStart >= 0 ? { bodyRange: shift([bodyStart, bodyEnd]) } : {}),
    size: buffer.length,
  };
}

/** A message annotation as a plain JS value (timestamps as Date), or undefined. */
export function readAnnotation(message: EncodedMessage, key: string): unknown {
  const value = message.annotations.get(key);
  return value === undefined ? undefined : amqpTypes.unwrap(value);
}

/** Decodes the application properties to plain JS values (for filters and admin views). */
export function readApplicationProperties(message: EncodedMessage): Record<string, unknown> {
  if (!message.applicationPropertiesRange) return {};
  const [start, end] = message.applicationPropertiesRange;
  const typed = new amqpTypes.Reader(message.bare.subarray(start, end)).read();
  const result: Record<string, unknown> = {};
  for (const [key, value] of mapEntries(typed)) result[key] = amqpTypes.unwrap(value);
  return result;
}

/**
 * Returns the message with application properties added or changed (dead-letter reason, modified properties), or
 * with exactly `values` when `replace` is set (a rule action that removes properties).
 */
export function withApplicationProperties(
  message: EncodedMessage,
  values: Record<string, unknown>,
  options: { replace?: boolean } = {},
): EncodedMessage {
  const merged = options.replace ? values : { ...readApplicationProperties(message), ...values };
  const writer = new amqpTypes.Writer();
  writer.write(
    amqpTypes.described_nc(amqpTypes.wrap_ulong(section.applicationProperties), amqpTypes.wrap_map(merged)),
  );
  // Application properties go after the properties section and before the body.
  const at = message.bodyRange ? message.bodyRange[0] : message.bare.length;
  return replaceSection(
    message,
    'applicationPropertiesRange',
    message.applicationPropertiesRange ?? [at, at],
    writer.toBuffer(),
  );
}

/** Returns the message with a message id, for a sender that gave none (the service always assigns one). */
export function withMessageId(message: EncodedMessage, messageId: string): EncodedMessage {
  const fields: unknown[] = message.propertiesRange
    ? [
        ...((new amqpTypes.Reader(message.bare.subarray(...message.propertiesRange)).read()
          .value as unknown[]) ?? []),
      ]
    : [];
  fields[0] = amqpTypes.wrap_string(messageId);
  for (let i = 0; i < fields.length; i++) fields[i] ??= null;
  const writer = new amqpTypes.Writer();
  writer.write(amqpTypes.described_nc(amqpTypes.wrap_ulong(section.properties), amqpTypes.wrap_list(fields)));
  const replaced = replaceSection(
    message,
    'propertiesRange',
    message.propertiesRange ?? [0, 0],
    writer.toBuffer(),
  );
  return { ...replaced, properties: { ...message.properties, messageId } };
}

type RangeKey = 'propertiesRange' | 'applicationPropertiesRange' | 'bodyRange';

/** Splices new bytes over one section and shifts the ranges of the sections after it. */
function replaceSection(
  message: EncodedMessage,
  key: RangeKey,
  range: [number, number],
  bytes: Buffer,
): EncodedMessage {
  const [start, end] = range;
  const delta = bytes.length - (end - start);
  const shifted = (other: [number, number] | undefined): [number, number] | undefined =>
    other && other[0] >= end && !(other[0] === start && other[1] === end)
      ? [other[0] + delta, other[1] + delta]
      : other;
  const result: EncodedMessage = {
    ...message,
    bare: Buffer.concat([message.bare.subarray(0, start), bytes, message.bare.subarray(end)]),
    size: message.size + delta,
  };
  for (const other of ['propertiesRange', 'applicationPropertiesRange', 'bodyRange'] as const) {
    const moved = shifted(message[other]);
    if (moved) result[other] = moved;
  }
  result[key] = [start, start + bytes.length];
  return result;
}

export interface OutgoingSections {
  header: MessageHeader;
  annotations: Map<string, unknown>;
  deliveryAnnotations?: Map<string, unknown>;
}

/** Encodes a delivery: fresh header and annotations followed by the untouched bare message. */
export function encodeForDelivery(message: EncodedMessage, sections: OutgoingSections): Buffer {
  const writer = new amqpTypes.Writer(Buffer.allocUnsafe(256));
  const h = sections.header;
  writer.write(
    amqpTypes.described_nc(
      amqpTypes.wrap_ulong(section.header),
      amqpTypes.wrap_list([
        amqpTypes.wrap_boolean(h.durable ?? false),
        amqpTypes.wrap_ubyte(h.priority ?? 4),
        h.ttl === undefined ? null : amqpTypes.wrap_uint(h.ttl),
        amqpTypes.wrap_boolean(false),
        amqpTypes.wrap_uint(h.deliveryCount ?? 0),
      ]),
    ),
  );
  if (sections.deliveryAnnotations?.size)
    writer.write(annotationsSection(section.deliveryAnnotations, sections.deliveryAnnotations));
  if (sections.annotations.size)
    writer.write(annotationsSection(section.messageAnnotations, sections.annotations));
  return Buffer.concat([writer.toBuffer(), message.bare]);
}

function annotationsSection(code: number, entries: Map<string, unknown>): unknown {
  const map: Record<string, unknown> = {};
  for (const [key, value] of entries) map[key] = value;
  return amqpTypes.described_nc(amqpTypes.wrap_ulong(code), amqpTypes.wrap_symbolic_map(map));
}

function descriptorCode(typed: { descriptor?: unknown }): number | undefined {
  const descriptor = typed.descriptor as { value?: unknown } | undefined;
  if (!descriptor) return undefined;
  const value = descriptor.value;
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) return Number(value.readBigUInt64BE(0));
  if (typeof value === 'string') return symbolicCodes[value];
  return undefined;
}

const symbolicCodes: Record<string, number> = {
  'amqp:header:list': section.header,
  'amqp:delivery-annotations:map': section.deliveryAnnotations,
  'amqp:message-annotations:map': section.messageAnnotations,
  'amqp:properties:list': section.properties,
  'amqp:application-properties:map': section.applicationProperties,
  'amqp:data:binary': section.data,
  'amqp:amqp-sequence:list': section.sequence,
  'amqp:value:*': section.value,
  'amqp:footer:map': section.footer,
};

function mapEntries(typed: { value: unknown }): Array<[string, unknown]> {
  const items = typed.value as Array<{ value: unknown }>;
  const entries: Array<[string, unknown]> = [];
  for (let i = 0; i + 1 < items.length; i += 2) entries.push([String(items[i]!.value), items[i + 1]]);
  return entries;
}

function field(list: Array<{ value: unknown } | null | undefined>, index: number): unknown {
  const item = list[index];
  // Absent fields are encoded as AMQP null.
  const value: unknown = item === undefined || item === null ? undefined : amqpTypes.unwrap(item);
  return value === null ? undefined : value;
}

function readHeader(typed: { value: unknown }): MessageHeader {
  const list = typed.value as Array<{ value: unknown }>;
  const header: MessageHeader = {};
  const durable = field(list, 0);
  const priority = field(list, 1);
  const ttl = field(list, 2);
  const deliveryCount = field(list, 4);
  if (typeof durable === 'boolean') header.durable = durable;
  if (typeof priority === 'number') header.priority = priority;
  if (typeof ttl === 'number') header.ttl = ttl;
  if (typeof deliveryCount === 'number') header.deliveryCount = deliveryCount;
  return header;
}

function readProperties(typed: { value: unknown }): MessageProperties {
  const list = typed.value as Array<{ value: unknown }>;
  const text = (index: number): string | undefined => {
    const value = field(list, index);
    return value === undefined ? undefined : scalarText(value);
  };
  const time = (index: number): number | undefined => {
    const value = field(list, index);
    return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : undefined;
  };
  const props: MessageProperties = {};
  const assign = <K extends keyof MessageProperties>(
    key: K,
    value: MessageProperties[K] | undefined,
  ): void => {
    if (value !== undefined) props[key] = value;
  };
  assign('messageId', field(list, 0));
  assign('to', text(2));
  assign('subject', text(3));
  assign('replyTo', text(4));
  assign('correlationId', field(list, 5));
  assign('contentType', text(6));
  assign('absoluteExpiryTime', time(8));
  assign('creationTime', time(9));
  assign('groupId', text(10));
  assign('replyToGroupId', text(12));
  return props;
}

/** A message id or correlation id as the string Service Bus compares (uuid, ulong, binary or string). */
export function idToString(id: unknown): string | undefined {
  if (id === undefined || id === null) return undefined;
  if (Buffer.isBuffer(id)) return id.length === 16 ? formatUuid(id) : id.toString('hex');
  return scalarText(id);
}

/** Text of a decoded AMQP scalar (string, symbol, number, ulong); anything else is not a valid field value. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (Buffer.isBuffer(value)) return value.toString('hex');
  throw new AmqpError({
    condition: condition.decodeError,
    description: 'A message property has an unexpected type.',
  });
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
