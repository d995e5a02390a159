import type { ReceivedEventData } from '@azure/event-hubs';
import type { RpcTypedData } from '../../core/functions-core-types.js';
import { roundTripLocal } from '../../dotnet-time.js';
import type { TriggerInvocation } from '../../invocation/function-executor.js';
import { newtonsoftJson, newtonsoftUnspecified } from './newtonsoft-json.js';

/** The partition an invocation's events come from, as the extension's `PartitionContext` describes it. */
export interface PartitionInfo {
  fullyQualifiedNamespace: string;
  eventHubName: string;
  consumerGroup: string;
  partitionId: string;
}

export interface PayloadOptions {
  triggerName: string;
  cardinality: 'one' | 'many';
  dataType: 'string' | 'binary' | undefined;
  partition: PartitionInfo;
  /** Whether the host checkpoints once this invocation is over (`batchCheckpointFrequency`). */
  isCheckpointingAfterInvocation: boolean;
}

/** An invocation's payload, or the binding failure the host reports instead of invoking. */
export type EventsPayload =
  { payload: Omit<TriggerInvocation, 'reason'>; details: string } | { bindingError: Error; details: string };

/**
 * Events as the Event Hubs extension hands them to a Node function (`EventHubTriggerBindingStrategy` and the host's
 * `ToRpc`). One event: its body as text (bytes for `dataType: 'binary'`). A batch: `collectionString` or
 * `collectionBytes` for `string`/`binary` (empty texts left out, as the host leaves them out), and by default every
 * body parsed as JSON into one `json` array, a single body that is not JSON failing the whole batch.
 * Trigger metadata as the host serialises it, which the library camel-cases: `partitionContext`,
 * `sequenceNumber`/`sequenceNumberArray`, `enqueuedTimeUtc…`, `properties…`, `systemProperties…`, …
 */
export function eventsPayload(events: readonly ReceivedEventData[], options: PayloadOptions): EventsPayload {
  const details = triggerDetails(events, options);
  const partitionContext: RpcTypedData = {
    json: JSON.stringify({
      IsCheckpointingAfterInvocation: options.isCheckpointingAfterInvocation,
      FullyQualifiedNamespace: options.partition.fullyQualifiedNamespace,
      EventHubName: options.partition.eventHubName,
      ConsumerGroup: options.partition.consumerGroup,
      PartitionId: options.partition.partitionId,
    }),
  };
  const metadata: Record<string, RpcTypedData | undefined> = {
    TriggerPartitionContext: partitionContext,
    PartitionContext: partitionContext,
  };

  if (options.cardinality === 'one') {
    const event = events[0]!;
    const offset = offsetString(event);
    Object.assign(metadata, {
      PartitionKey: event.partitionKey == null ? undefined : { string: event.partitionKey },
      Offset: { string: numericOffset(offset) },
      OffsetString: { string: offset },
      SequenceNumber: { json: String(event.sequenceNumber) },
      EnqueuedTimeUtc: { json: JSON.stringify(newtonsoftUnspecified(event.enqueuedTimeUtc.getTime())) },
      Properties: { json: newtonsoftJson(applicationProperties(event)) },
      SystemProperties: { json: newtonsoftJson(systemProperties(event)) },
    });
    const data: RpcTypedData =
      options.dataType === 'binary'
        ? { bytes: bodyBytes(event) }
        : { string: bodyBytes(event).toString('utf8') };
    return {
      payload: {
        inputData: [{ name: options.triggerName, data }],
        triggerMetadata: defined(metadata),
        traceParent: traceParentOf(event),
      },
      details,
    };
  }

  let data: RpcTypedData;
  if (options.dataType === 'binary') data = { collectionBytes: { bytes: events.map(bodyBytes) } };
  else if (options.dataType === 'string') {
    data = {
      collectionString: { string: nonEmpty(events.map((event) => bodyBytes(event).toString('utf8'))) },
    };
  } else {
    const parsed: unknown[] = [];
    for (const event of events) {
      const text = bodyBytes(event).toString('utf8');
      try {
        parsed.push(text.trim() === '' ? null : JSON.parse(text));
      } catch (error) {
        return { bindingError: jsonBindingError(options.triggerName, error as Error), details };
      }
    }
    data = { json: JSON.stringify(parsed) };
  }
  Object.assign(metadata, {
    PartitionKeyArray: { collectionString: { string: nonEmpty(events.map((event) => event.partitionKey)) } },
    OffsetArray: {
      collectionString: { string: nonEmpty(events.map((event) => numericOffset(offsetString(event)))) },
    },
    OffsetStringArray: { collectionString: { string: nonEmpty(events.map(offsetString)) } },
    SequenceNumberArray: { collectionSint64: { sint64: events.map((event) => event.sequenceNumber) } },
    EnqueuedTimeUtcArray: {
      json: JSON.stringify(events.map((event) => newtonsoftUnspecified(event.enqueuedTimeUtc.getTime()))),
    },
    PropertiesArray: { json: newtonsoftJson(events.map(applicationProperties)) },
    SystemPropertiesArray: { json: newtonsoftJson(events.map(systemProperties)) },
  });
  return {
    payload: { inputData: [{ name: options.triggerName, data }], triggerMetadata: defined(metadata) },
    details,
  };
}

/** The host's binding error for a batch bound to `object[]` whose bodies are not all JSON. */
function jsonBindingError(triggerName: string, cause: Error): Error {
  return new Error(
    `Exception binding parameter '${triggerName}'. Binding parameters to complex objects (such as 'Object') uses ` +
      "Json.NET serialization. \n1. Bind the parameter type as 'string' instead of 'Object' to get the raw values " +
      `and avoid JSON deserialization, or\n2. Change the queue payload to be valid json. The JSON parser failed: ${cause.message}`,
    { cause },
  );
}

/** The "Trigger Details" line the extension logs with each invocation (`EventHubTriggerInput.GetTriggerDetails`). */
function triggerDetails(events: readonly ReceivedEventData[], options: PayloadOptions): string {
  const first = events[0]!;
  const last = events.at(-1)!;
  const single = options.cardinality === 'one';
  const range = (of: (event: ReceivedEventData) => string): string =>
    single ? of(first) : `${of(first)}-${of(last)}`;
  const enqueued = (event: ReceivedEventData): string => roundTripLocal(event.enqueuedTimeUtc.getTime());
  const { partitionId } = options.partition;
  return (
    `Trigger Details: PartitionId: ${partitionId}, OffsetString: ${range(offsetString)}, ` +
    `EnqueueTimeUtc: ${range(enqueued)}, SequenceNumber: ${range((event) => String(event.sequenceNumber))}, ` +
    `Count: ${events.length}, Offset: ${single ? numericOffset(offsetString(first)) : range(offsetString)}, ` +
    `PartionId: ${partitionId}`
  );
}

/** The body's bytes, whatever the AMQP body section held. */
function bodyBytes(event: ReceivedEventData): Buffer {
  const body: unknown = event.body;
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(body === undefined ? '' : JSON.stringify(body), 'utf8');
}

function offsetString(event: ReceivedEventData): string {
  return String(event.offset);
}

/** The extension's numeric `Offset`: the offset when it is a long, else -1 ("from the start"). */
function numericOffset(offset: string): string {
  return /^-?\d+$/.test(offset) ? offset : '-1';
}

function applicationProperties(event: ReceivedEventData): Record<string, unknown> {
  // The raw message keeps timestamps as dates; the SDK's `properties` has turned them into numbers.
  return { ...(event.getRawAmqpMessage().applicationProperties ?? {}) };
}

// The AMQP properties the .NET SDK lists among an event's system properties, in its order, under its names.
const propertySection = [
  ['messageId', 'message-id'],
  ['userId', 'user-id'],
  ['to', 'to'],
  ['subject', 'subject'],
  ['replyTo', 'reply-to'],
  ['correlationId', 'correlation-id'],
  ['contentType', 'content-type'],
  ['contentEncoding', 'content-encoding'],
  ['absoluteExpiryTime', 'absolute-expiry-time'],
  ['creationTime', 'creation-time'],
  ['groupId', 'group-id'],
  ['groupSequence', 'group-sequence'],
  ['replyToGroupId', 'reply-to-group-id'],
] as const;

/**
 * `SystemProperties` as the extension builds them: the SDK's system properties (the AMQP properties that are set,
 * then every message annotation) followed by the extension's own `SequenceNumber`, `Offset`, `OffsetString`,
 * `PartitionKey` and `EnqueuedTimeUtc`.
 */
function systemProperties(event: ReceivedEventData): Record<string, unknown> {
  const raw = event.getRawAmqpMessage();
  const result: Record<string, unknown> = {};
  const properties = (raw.properties ?? {}) as Record<string, unknown>;
  for (const [name, key] of propertySection) {
    const value = properties[name];
    if (value === undefined || value === null) continue;
    result[key] =
      name === 'absoluteExpiryTime' || name === 'creationTime' ? new Date(value as number) : value;
  }
  Object.assign(result, raw.messageAnnotations ?? {});
  const offset = offsetString(event);
  return {
    ...result,
    SequenceNumber: event.sequenceNumber,
    Offset: Number(numericOffset(offset)),
    OffsetString: offset,
    PartitionKey: event.partitionKey ?? null,
    EnqueuedTimeUtc: newtonsoftUnspecified(event.enqueuedTimeUtc.getTime()),
  };
}

function traceParentOf(event: ReceivedEventData): string | undefined {
  const properties = event.properties ?? {};
  const caller: unknown = properties['Diagnostic-Id'] ?? properties.traceparent;
  return typeof caller === 'string' ? caller : undefined;
}

/** What the host puts in a `collectionString`: null and empty entries are dropped (the worker asks for no others). */
function nonEmpty(values: readonly (string | null | undefined)[]): string[] {
  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

function defined(metadata: Record<string, RpcTypedData | undefined>): Record<string, RpcTypedData> {
  return Object.fromEntries(
    Object.entries(metadata).filter((entry): entry is [string, RpcTypedData] => entry[1] !== undefined),
  );
}
