import type { EventSchema } from '../definitions.js';
import { topicResourceId, type AcceptedEvent } from '../events.js';
import type { PublishError } from './publish-error.js';

export interface PublishedBody {
  schema: EventSchema;
  topicName: string;
  /** The request's Content-Type, which for CloudEvents says batch (array) or single (object). */
  contentType: string | undefined;
  text: string;
  publishTime: number;
}

export type ReadResult = { events: AcceptedEvent[] } | { error: PublishError };

/** How the service names the schemas in its validation messages. */
const schemaNameInMessages: Record<EventSchema, string> = {
  EventGridSchema: 'EventGridEvent',
  CloudEventSchemaV1_0: 'CloudEventV10',
};

const cloudEventContextAttributes = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'dataschema',
  'datacontenttype',
  'data',
  'data_base64',
]);

/**
 * Parses and validates a publish body against the topic's input schema. All or nothing: one bad event refuses the
 * whole request, as on Azure, so a rejected request never delivers anything.
 */
export function readPublishedEvents(request: PublishedBody): ReadResult {
  const mode = contentMode(request);
  if ('error' in mode) return mode;
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.text);
  } catch (error) {
    return invalid(`The request body is not valid JSON: ${(error as Error).message}.`);
  }
  const schemaName = schemaNameInMessages[request.schema];
  const notConforming = invalid(
    `This resource is configured to receive event in '${schemaName}' schema. The JSON received does not conform to the expected schema.`,
  );
  const items = mode.batch ? parsed : [parsed];
  if (!Array.isArray(items) || items.length === 0) return notConforming;

  const events: AcceptedEvent[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return notConforming;
    const checked =
      request.schema === 'EventGridSchema'
        ? readEventGridEvent(item as Record<string, unknown>, request.topicName)
        : readCloudEvent(item as Record<string, unknown>);
    if ('problem' in checked) return invalid(checked.problem.replace('{schema}', schemaName));
    events.push({
      schema: request.schema,
      id: checked.body['id'] as string,
      body: checked.body,
      publishTime: request.publishTime,
    });
  }
  return { events };
}

function contentMode(request: PublishedBody): { batch: boolean } | { error: PublishError } {
  if (request.schema === 'EventGridSchema') return { batch: true };
  const mediaType = request.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/cloudevents-batch+json') return { batch: true };
  if (mediaType === 'application/cloudevents+json' || mediaType === 'application/json') {
    return { batch: false };
  }
  return {
    error: {
      code: 'UnsupportedContentType',
      message:
        "The Content-Type header is either missing or it doesn't have a valid value. The content type header must either be " +
        'application/cloudevents+json; charset=utf-8 or application/cloudevents-batch+json; charset=UTF-8.',
    },
  };
}

type Checked = { body: Record<string, unknown> } | { problem: string };

const requires = (property: string): { problem: string } => ({
  problem: `This resource is configured for '{schema}' schema and requires '${property}' property to be set.`,
});

function readEventGridEvent(event: Record<string, unknown>, topicName: string): Checked {
  for (const property of ['id', 'eventType', 'subject', 'eventTime'] as const) {
    const value = event[property];
    if (typeof value !== 'string' || (property !== 'subject' && value === '')) return requires(property);
  }
  if (!isDateTime(event['eventTime'] as string)) {
    return { problem: `The eventTime '${String(event['eventTime'])}' is not a valid date-time.` };
  }
  if (event['dataVersion'] !== undefined && typeof event['dataVersion'] !== 'string') {
    return { problem: "The 'dataVersion' property must be a string." };
  }
  if (event['metadataVersion'] !== undefined && event['metadataVersion'] !== '1') {
    return { problem: "The 'metadataVersion' property must be '1' when it is set." };
  }
  // The Event Grid schema is closed: the service keeps its own fields and stamps topic and versions.
  return {
    body: {
      id: event['id'],
      topic: topicResourceId(topicName),
      subject: event['subject'],
      data: event['data'],
      eventType: event['eventType'],
      eventTime: event['eventTime'],
      metadataVersion: '1',
      dataVersion: event['dataVersion'] ?? '',
    },
  };
}

function readCloudEvent(event: Record<string, unknown>): Checked {
  if (event['specversion'] !== '1.0') {
    return { problem: "The 'specversion' attribute must be '1.0': only CloudEvents 1.0 is supported." };
  }
  for (const property of ['id', 'source', 'type'] as const) {
    const value = event[property];
    if (typeof value !== 'string' || value === '') return requires(property);
  }
  for (const property of ['time', 'subject', 'dataschema', 'datacontenttype'] as const) {
    if (event[property] !== undefined && typeof event[property] !== 'string') {
      return { problem: `The '${property}' attribute must be a string.` };
    }
  }
  if (typeof event['time'] === 'string' && !isDateTime(event['time'])) {
    return { problem: `The time '${event['time']}' is not a valid RFC 3339 timestamp.` };
  }
  if (event['data'] !== undefined && event['data_base64'] !== undefined) {
    return { problem: "An event cannot carry both 'data' and 'data_base64'." };
  }
  if (event['data_base64'] !== undefined && typeof event['data_base64'] !== 'string') {
    return { problem: "The 'data_base64' attribute must be a base64 string." };
  }
  for (const [name, value] of Object.entries(event)) {
    if (cloudEventContextAttributes.has(name)) continue;
    if (!/^[a-z0-9]{1,20}$/.test(name)) {
      return { problem: `The extension attribute name '${name}' must be 1-20 lower-case letters or digits.` };
    }
    if (value !== null && typeof value === 'object') {
      return { problem: `The extension attribute '${name}' must be a string, number or boolean.` };
    }
  }
  return { body: event };
}

function isDateTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) && !Number.isNaN(Date.parse(text));
}

function invalid(message: string): { error: PublishError } {
  return { error: { code: 'InvalidEvents', message } };
}
