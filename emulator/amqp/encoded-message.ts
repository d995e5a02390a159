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
  /** Message annotations as sent, keys as symbols' strings, values still typed. Never mutated: it may be shared. */
  annotations: ReadonlyMap<string, unknown>;
  properties: MessageProperties;
  /** Bytes of properties + application-properties + body + footer, as received (sections come in that order). */
  bare: Buffer;
  /** Offset in `bare` where application properties start (or would go): the properties section ends here. */
  applicationPropertiesAt: number;
  /** Offset in `bare` where the body starts: application properties end here. */
  bodyAt: number;
  size: number;
}

// Most messages carry no header and no annotations: they share these instead of holding empty ones each.
const noHeader: MessageHeader = Object.freeze({});
const noAnnotations: ReadonlyMap<string, unknown> = new Map();

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
  let header: MessageHeader = noHeader;
  let annotations: Map<string, unknown> | undefined;
  let properties: MessageProperties = {};
  let bareStart = -1;
  let propertiesEnd = -1;
  let applicationPropertiesStart = -1;
  let applicationPropertiesEnd = -1;
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
        header = readHeader(typed);
        break;
      case section.deliveryAnnotations:
        break;
      case section.messageAnnotations:
        for (const [key, value] of mapEntries(typed)) (annotations ??= new Map()).set(key, value);
        break;
      case section.properties:
        properties = readProperties(typed);
        propertiesEnd = end;
        break;
      case section.applicationProperties:
        applicationPropertiesStart = start;
        applicationPropertiesEnd = end;
        break;
      case section.data:
      case section.sequence:
      case section.value:
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
  const bare = bareStart < 0 ? Buffer.alloc(0) : ownCopy(buffer.subarray(bareStart));
  const applicationPropertiesAt =
    applicationPropertiesStart >= 0
      ? applicationPropertiesStart - bareStart
      : Math.max(0, propertiesEnd - bareStart);
  const bodyAt =
    applicationPropertiesEnd >= 0 ? applicationPropertiesEnd - bareStart : applicationPropertiesAt;
  return {
    header,
    annotations: annotations ?? noAnnotations,
    properties,
    bare,
    applicationPropertiesAt,
    bodyAt,
    size: buffer.length,
  };
}

/** A message annotation as a plain JS value (timestamps as Date), or undefined. */
export function readAnnotation(message: EncodedMessage, key: string): unknown {
  const value = message.annotations.get(key);
  return value === undefined ? undefined : amqpTypes.unwrap(value);
}

/**
 * A copy in memory that holds message bytes only. A view would keep the whole socket read or batch envelope alive
 * as long as the message, and Node's shared pool would pin short-lived buffers beside it. Small messages are
 * packed into 64 KB slabs (a queue releases them in order as it drains); large ones get memory of their own.
 */
const slabSize = 65_536;
let slab = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

function ownCopy(bytes: Buffer): Buffer {
  if (bytes.length > slabSize / 8) {
    const copy = Buffer.allocUnsafeSlow(bytes.length);
    bytes.copy(copy);
    return copy;
  }
  if (slabUsed + bytes.length > slab.length) {
    slab = Buffer.allocUnsafeSlow(slabSize);
    slabUsed = 0;
  }
  const copy = slab.subarray(slabUsed, slabUsed + bytes.length);
  bytes.copy(copy);
  // Keep each copy 8-byte aligned, as allocations are.
  slabUsed += (bytes.length + 7) & ~7;
  return copy;
}

/** Decodes the application properties to plain JS values (for filters and admin views). */
export function readApplicationProperties(message: EncodedMessage): Record<string, unknown> {
  if (message.bodyAt === message.applicationPropertiesAt) return {};
  const typed = new amqpTypes.Reader(
    message.bare.subarray(message.applicationPropertiesAt, message.bodyAt),
  ).read();
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
  const encoded = writer.toBuffer();
  const replaced = replaceBytes(message, message.applicationPropertiesAt, message.bodyAt, encoded);
  return { ...replaced, bodyAt: message.applicationPropertiesAt + encoded.length };
}

/** Returns the message with a message id, for a sender that gave none (the service always assigns one). */
export function withMessageId(message: EncodedMessage, messageId: string): EncodedMessage {
  const propertiesEnd = message.applicationPropertiesAt;
  const fields: unknown[] =
    propertiesEnd > 0
      ? [...((new amqpTypes.Reader(message.bare.subarray(0, propertiesEnd)).read().value as unknown[]) ?? [])]
      : [];
  fields[0] = amqpTypes.wrap_string(messageId);
  for (let i = 0; i < fields.length; i++) fields[i] ??= null;
  const writer = new amqpTypes.Writer();
  writer.write(amqpTypes.described_nc(amqpTypes.wrap_ulong(section.properties), amqpTypes.wrap_list(fields)));
  const encoded = writer.toBuffer();
  const delta = encoded.length - propertiesEnd;
  return {
    ...replaceBytes(message, 0, propertiesEnd, encoded),
    applicationPropertiesAt: message.applicationPropertiesAt + delta,
    bodyAt: message.bodyAt + delta,
    properties: { ...message.properties, messageId },
  };
}

/** Splices new bytes over `bare[start, end)`; the caller moves the offsets that follow. */
function replaceBytes(message: EncodedMessage, start: number, end: number, bytes: Buffer): EncodedMessage {
  const bare = Buffer.concat([message.bare.subarray(0, start), bytes, message.bare.subarray(end)]);
  return { ...message, bare, size: message.size + bytes.length - (end - start) };
}

export interface OutgoingSections {
  header: MessageHeader;
  annotations: ReadonlyMap<string, unknown>;
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

function annotationsSection(code: number, entries: ReadonlyMap<string, unknown>): unknown {
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
  return shared(header);
}

// Senders use a handful of distinct headers; messages share one frozen copy of each rather than hold their own.
const sharedHeaders = new Map<string, MessageHeader>();

function shared(header: MessageHeader): MessageHeader {
  const key = `${header.durable}|${header.priority}|${header.ttl}|${header.deliveryCount}`;
  const known = sharedHeaders.get(key);
  if (known) return known;
  if (sharedHeaders.size < 1024) sharedHeaders.set(key, Object.freeze(header));
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
