import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import type { RpcTypedData } from '../../core/functions-core-types.js';
import { newtonsoftUtc, roundTripUtc } from '../../dotnet-time.js';
import type { TriggerInvocation } from '../../invocation/function-executor.js';

// DateTime.MaxValue, without a zone: what .NET reports as the expiry of a message that never expires.
const never = '9999-12-31T23:59:59.9999999';
const latestTime = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A received message as the Service Bus extension hands it to a Node function
 * (`ServiceBusTriggerBindingStrategy`): the body as UTF-8 text (bytes for `dataType: 'binary'`), and binding data
 * serialised as the host does, so the library's camel-casing yields `deliveryCount`, `enqueuedTimeUtc`,
 * `applicationProperties`, … Values that are null on the message are left out, as the host leaves them out.
 */
export function messagePayload(
  message: ServiceBusReceivedMessage,
  options: { triggerName: string; dataType: 'string' | 'binary' },
): Omit<TriggerInvocation, 'reason'> & { details: string } {
  // The .NET SDK counts the current delivery; the AMQP header, which the JS SDK reports as is, does not.
  const deliveryCount = (message.deliveryCount ?? 0) + 1;
  const enqueued = message.enqueuedTimeUtc?.getTime();
  const expires = validTime(message.expiresAtUtc);
  const sequenceNumber = message.sequenceNumber?.toString();

  const metadata: Record<string, RpcTypedData | undefined> = {
    DeliveryCount: { json: String(deliveryCount) },
    DeadLetterSource: text(message.deadLetterSource),
    LockToken: text(message.lockToken),
    // `ExpiresAt.DateTime` has no zone, so it is written without one; the DateTimeOffset has +00:00.
    ExpiresAtUtc: { json: JSON.stringify(expires === undefined ? never : unzoned(expires)) },
    ExpiresAt: { json: JSON.stringify(expires === undefined ? `${never}+00:00` : offset(expires)) },
    EnqueuedTimeUtc: enqueued === undefined ? undefined : { json: JSON.stringify(unzoned(enqueued)) },
    EnqueuedTime: enqueued === undefined ? undefined : { json: JSON.stringify(offset(enqueued)) },
    MessageId: text(message.messageId),
    ContentType: text(message.contentType),
    ReplyTo: text(message.replyTo),
    // A long, written as a JSON number: past 2^53 it loses precision in JSON.parse, as on Azure.
    SequenceNumber: sequenceNumber === undefined ? undefined : { json: sequenceNumber },
    To: text(message.to),
    Subject: text(message.subject),
    Label: text(message.subject),
    CorrelationId: text(message.correlationId),
    ApplicationProperties: { json: serializeProperties(message.applicationProperties ?? {}) },
    UserProperties: { json: serializeProperties(message.applicationProperties ?? {}) },
    SessionId: text(message.sessionId),
    ReplyToSessionId: text(message.replyToSessionId),
    PartitionKey: text(message.partitionKey),
    // .NET objects for settlement from C#; they reach other languages as JSON and are of no use there.
    MessageReceiver: { json: '{}' },
    MessageSession: { json: '{}' },
    MessageActions: { json: '{}' },
    SessionActions: { json: '{}' },
    ReceiveActions: { json: '{}' },
  };
  const triggerMetadata = Object.fromEntries(
    Object.entries(metadata).filter((entry): entry is [string, RpcTypedData] => entry[1] !== undefined),
  );

  const properties = message.applicationProperties ?? {};
  const caller = properties['Diagnostic-Id'] ?? properties.traceparent;
  const lockedUntil = validTime(message.lockedUntilUtc);
  return {
    inputData: [{ name: options.triggerName, data: body(message.body, options.dataType) }],
    triggerMetadata,
    traceParent: typeof caller === 'string' ? caller : undefined,
    details:
      `Trigger Details: MessageId: ${text(message.messageId)?.string ?? '(null)'}, SequenceNumber: ${sequenceNumber ?? '(null)'}, ` +
      `DeliveryCount: ${deliveryCount}, EnqueuedTimeUtc: ${enqueued === undefined ? '(null)' : roundTripUtc(enqueued)}, ` +
      `LockedUntilUtc: ${lockedUntil === undefined ? '(null)' : roundTripUtc(lockedUntil)}, ` +
      `SessionId: ${message.sessionId ?? '(null)'}`,
  };
}

function body(value: unknown, dataType: 'string' | 'binary'): RpcTypedData {
  const bytes = Buffer.isBuffer(value)
    ? value
    : value instanceof Uint8Array
      ? Buffer.from(value)
      : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value ?? null));
  return dataType === 'binary' ? { bytes } : { string: bytes.toString('utf8') };
}

/** A string property; ids may also be numbers, longs or bytes on the wire. */
function text(
  value: string | number | Buffer | { toString(): string } | undefined | null,
): RpcTypedData | undefined {
  if (value === undefined || value === null) return undefined;
  return { string: Buffer.isBuffer(value) ? value.toString('hex') : value.toString() };
}

function validTime(date: Date | undefined): number | undefined {
  const ms = date?.getTime();
  return ms === undefined || Number.isNaN(ms) || ms > latestTime ? undefined : ms;
}

function unzoned(ms: number): string {
  return newtonsoftUtc(ms).replace(/Z$/, '');
}

function offset(ms: number): string {
  return newtonsoftUtc(ms).replace(/Z$/, '+00:00');
}

/** Application properties as Newtonsoft writes them: dates in its format, byte arrays in base64. */
function serializeProperties(properties: Record<string, unknown>): string {
  return JSON.stringify(properties, function (key, value: unknown) {
    const original = (this as Record<string, unknown>)[key];
    if (original instanceof Date) return newtonsoftUtc(original.getTime());
    if (Buffer.isBuffer(original)) return original.toString('base64');
    if (typeof original === 'bigint') return Number(original);
    if (original && typeof original === 'object' && 'toNumber' in original)
      return (original as { toNumber(): number }).toNumber();
    return value;
  });
}
