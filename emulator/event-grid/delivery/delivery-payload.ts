import type { EventSchema, SubscriptionDefinition } from '../definitions.js';
import type { AcceptedEvent } from '../events.js';

/** One POST's worth of events, serialized once and reused by every retry. */
export interface DeliveryPayload {
  events: AcceptedEvent[];
  body: string;
  contentType: string;
  /** `aeg-data-version` and `aeg-metadata-version`: the event's versions, or none and the CloudEvents spec. */
  dataVersion: string;
  metadataVersion: string;
}

/**
 * An event in the subscription's delivery schema. Event Grid can turn its own schema into CloudEvents (topic ->
 * source, eventType -> type, eventTime -> time, dataVersion -> the `dataversion` extension), never the reverse.
 */
export function inDeliverySchema(
  event: AcceptedEvent,
  schema: EventSchema,
): Readonly<Record<string, unknown>> {
  if (event.schema === schema) return event.body;
  const body = event.body;
  return {
    specversion: '1.0',
    id: body['id'],
    source: body['topic'],
    type: body['eventType'],
    time: body['eventTime'],
    subject: body['subject'],
    ...(body['dataVersion'] ? { dataversion: body['dataVersion'] } : {}),
    datacontenttype: 'application/json',
    data: body['data'],
  };
}

const serialized = new WeakMap<AcceptedEvent, Partial<Record<EventSchema, string>>>();

/** Many subscriptions share a delivery schema; each event is turned into JSON once per schema. */
function serializedIn(event: AcceptedEvent, schema: EventSchema): string {
  let texts = serialized.get(event);
  if (!texts) serialized.set(event, (texts = {}));
  return (texts[schema] ??= JSON.stringify(inDeliverySchema(event, schema)));
}

/**
 * Splits the events of one publish into POSTs, never exceeding `maxEventsPerBatch` and closing a batch before it
 * passes `preferredBatchSizeInKilobytes` (a single larger event still goes, alone). Events are never held back to
 * fill a batch: what one publish brings is what gets batched, as on Azure.
 */
export function preparePayloads(
  events: AcceptedEvent[],
  subscription: SubscriptionDefinition,
): DeliveryPayload[] {
  const schema = subscription.eventDeliverySchema;
  const preferredBytes = subscription.preferredBatchSizeInKilobytes * 1024;
  const payloads: DeliveryPayload[] = [];
  let batch: AcceptedEvent[] = [];
  let texts: string[] = [];
  let bytes = 0;
  const flush = (): void => {
    if (batch.length > 0) payloads.push(payloadOf(batch, texts, subscription));
    batch = [];
    texts = [];
    bytes = 0;
  };
  for (const event of events) {
    const text = serializedIn(event, schema);
    const size = Buffer.byteLength(text);
    if (
      batch.length === subscription.maxEventsPerBatch ||
      (batch.length > 0 && bytes + size > preferredBytes)
    ) {
      flush();
    }
    batch.push(event);
    texts.push(text);
    bytes += size;
  }
  flush();
  return payloads;
}

function payloadOf(
  events: AcceptedEvent[],
  texts: string[],
  subscription: SubscriptionDefinition,
): DeliveryPayload {
  if (subscription.eventDeliverySchema === 'EventGridSchema') {
    const first = events[0]?.body;
    return {
      events,
      body: `[${texts.join(',')}]`,
      contentType: 'application/json; charset=utf-8',
      dataVersion: typeof first?.['dataVersion'] === 'string' ? first['dataVersion'] : '',
      metadataVersion: '1',
    };
  }
  // A subscription that batches always gets the batch format, so its handler never guesses object or array.
  const batched = subscription.maxEventsPerBatch > 1;
  return {
    events,
    body: batched ? `[${texts.join(',')}]` : (texts[0] ?? ''),
    contentType: batched
      ? 'application/cloudevents-batch+json; charset=utf-8'
      : 'application/cloudevents+json; charset=utf-8',
    dataVersion: '',
    metadataVersion: '1.0',
  };
}
