import type { DeclaredTopic, EventSchema, SubscriptionDefinition, TopicDefinition } from '../definitions.js';
import type { ConfigEnvironment } from './config-environment.js';
import { ConfigReader } from './config-reader.js';
import { readDestination } from './read-destination.js';
import { readFilter } from './read-filter.js';

/** Every problem found in one configuration, listed in `problems` and in the message. */
export class EventGridConfigError extends Error {
  readonly code = 'InvalidEventGridConfig';
  constructor(readonly problems: string[]) {
    super(`Invalid Event Grid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EventGridConfigError';
  }
}

const schemas: readonly EventSchema[] = ['EventGridSchema', 'CloudEventSchemaV1_0'];
const topicName = { pattern: /^[A-Za-z0-9-]{3,50}$/, describe: '3-50 letters, digits or -' };
const subscriptionName = { pattern: /^[A-Za-z0-9-]{3,64}$/, describe: '3-64 letters, digits or -' };
const base64Key = {
  pattern: /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  describe: 'a base64 key',
};
const containerName = {
  pattern: /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
  describe: 'a blob container name (3-63 lower-case letters, digits or single -)',
};

/** Reads the `UserConfig.EventGrid` section; throws one `EventGridConfigError` listing every problem. */
export function parseEventGridConfig(raw: unknown, environment: ConfigEnvironment): DeclaredTopic[] {
  if (raw === undefined || raw === null) return [];
  const reader = new ConfigReader();
  const section = reader.object(raw, 'EventGrid', ['Topics']);
  const topics = (reader.array(section?.['Topics'], 'EventGrid.Topics') ?? []).map((topic, i) =>
    readTopic(reader, topic, `EventGrid.Topics[${i}]`, environment),
  );
  const seen = new Set<string>();
  topics.forEach((declared, i) => {
    const name = declared?.topic.name.toLowerCase();
    if (name === undefined) return;
    if (seen.has(name)) reader.report(`EventGrid.Topics[${i}].name`, `topic '${name}' is declared twice`);
    seen.add(name);
  });
  if (reader.problems.length > 0) throw new EventGridConfigError(reader.problems);
  return topics as DeclaredTopic[];
}

/** One topic as `createTopic` receives it. */
export function parseTopic(raw: unknown, environment: ConfigEnvironment): DeclaredTopic {
  const reader = new ConfigReader();
  const declared = readTopic(reader, raw, 'topic', environment);
  if (!declared || reader.problems.length > 0) throw new EventGridConfigError(reader.problems);
  return declared;
}

/** One event subscription (`{ name, properties }`) as `createSubscription` receives it. */
export function parseSubscription(
  raw: unknown,
  topic: TopicDefinition,
  environment: ConfigEnvironment,
): SubscriptionDefinition {
  const reader = new ConfigReader();
  const subscription = readSubscription(reader, raw, 'subscription', topic, environment);
  if (!subscription || reader.problems.length > 0) throw new EventGridConfigError(reader.problems);
  return subscription;
}

function readTopic(
  reader: ConfigReader,
  raw: unknown,
  path: string,
  environment: ConfigEnvironment,
): DeclaredTopic | undefined {
  const input = reader.object(raw, path, ['name', 'inputSchema', 'key', 'disableLocalAuth', 'subscriptions']);
  if (!input) return undefined;
  const name = reader.requiredString(input['name'], `${path}.name`, topicName);
  const key = reader.string(input['key'], `${path}.key`, base64Key);
  const topic: TopicDefinition = {
    name: name ?? '',
    inputSchema: reader.oneOf(input['inputSchema'], `${path}.inputSchema`, schemas) ?? 'EventGridSchema',
    ...(key !== undefined ? { key } : {}),
    disableLocalAuth: reader.boolean(input['disableLocalAuth'], `${path}.disableLocalAuth`) ?? false,
  };
  const subscriptions: SubscriptionDefinition[] = [];
  const names = new Set<string>();
  (reader.array(input['subscriptions'], `${path}.subscriptions`) ?? []).forEach((entry, i) => {
    const subscription = readSubscription(reader, entry, `${path}.subscriptions[${i}]`, topic, environment);
    if (!subscription) return;
    if (names.has(subscription.name.toLowerCase())) {
      reader.report(
        `${path}.subscriptions[${i}].name`,
        `subscription '${subscription.name}' is declared twice`,
      );
    }
    names.add(subscription.name.toLowerCase());
    subscriptions.push(subscription);
  });
  return name === undefined ? undefined : { topic, subscriptions };
}

function readSubscription(
  reader: ConfigReader,
  raw: unknown,
  path: string,
  topic: TopicDefinition,
  environment: ConfigEnvironment,
): SubscriptionDefinition | undefined {
  const input = reader.object(raw, path, ['name', 'properties']);
  if (!input) return undefined;
  const name = reader.requiredString(input['name'], `${path}.name`, subscriptionName);
  const propertiesPath = `${path}.properties`;
  if (input['properties'] === undefined) {
    reader.report(propertiesPath, 'is required (the ARM eventSubscriptions body: destination, filter, ...)');
    return undefined;
  }
  const properties = reader.object(input['properties'], propertiesPath, [
    'destination',
    'filter',
    'eventDeliverySchema',
    'retryPolicy',
    'deadLetterDestination',
    'labels',
    'expirationTimeUtc',
  ]);
  if (!properties) return undefined;

  const eventDeliverySchema =
    reader.oneOf(properties['eventDeliverySchema'], `${propertiesPath}.eventDeliverySchema`, schemas) ??
    topic.inputSchema;
  if (topic.inputSchema === 'CloudEventSchemaV1_0' && eventDeliverySchema === 'EventGridSchema') {
    reader.report(
      `${propertiesPath}.eventDeliverySchema`,
      'a CloudEventSchemaV1_0 topic delivers only CloudEventSchemaV1_0, as on Azure',
    );
  }
  const destination = readDestination(
    reader,
    properties['destination'],
    `${propertiesPath}.destination`,
    environment,
  );
  const retryPolicy = readRetryPolicy(reader, properties['retryPolicy'], `${propertiesPath}.retryPolicy`);
  const deadLetterContainer = readDeadLetterContainer(
    reader,
    properties['deadLetterDestination'],
    `${propertiesPath}.deadLetterDestination`,
    environment,
  );
  const filter = readFilter(reader, properties['filter'], `${propertiesPath}.filter`);
  if (name === undefined || !destination || !filter) return undefined;
  return {
    name,
    destination: destination.destination,
    maxEventsPerBatch: destination.maxEventsPerBatch,
    preferredBatchSizeInKilobytes: destination.preferredBatchSizeInKilobytes,
    deliveryAttributes: destination.deliveryAttributes,
    filter,
    eventDeliverySchema,
    ...retryPolicy,
    ...(deadLetterContainer !== undefined ? { deadLetterContainer } : {}),
  };
}

function readRetryPolicy(
  reader: ConfigReader,
  raw: unknown,
  path: string,
): { maxDeliveryAttempts: number; eventTimeToLiveInMinutes: number } {
  const defaults = { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 };
  if (raw === undefined) return defaults;
  const input = reader.object(raw, path, ['maxDeliveryAttempts', 'eventTimeToLiveInMinutes']);
  return {
    maxDeliveryAttempts:
      reader.integer(input?.['maxDeliveryAttempts'], `${path}.maxDeliveryAttempts`, 1, 30) ??
      defaults.maxDeliveryAttempts,
    eventTimeToLiveInMinutes:
      reader.integer(input?.['eventTimeToLiveInMinutes'], `${path}.eventTimeToLiveInMinutes`, 1, 1440) ??
      defaults.eventTimeToLiveInMinutes,
  };
}

function readDeadLetterContainer(
  reader: ConfigReader,
  raw: unknown,
  path: string,
  environment: ConfigEnvironment,
): string | undefined {
  if (raw === undefined) return undefined;
  const input = reader.object(raw, path, ['endpointType', 'properties']);
  if (!input) return undefined;
  if (input['endpointType'] !== 'StorageBlob') reader.report(`${path}.endpointType`, "must be 'StorageBlob'");
  if (!environment.canDeadLetter) {
    reader.report(path, 'needs the deadLetterStorage option (the Azurite blob endpoint and account)');
  }
  const properties = reader.object(input['properties'], `${path}.properties`, [
    'blobContainerName',
    'resourceId',
  ]);
  reader.string(properties?.['resourceId'], `${path}.properties.resourceId`);
  return reader.requiredString(
    properties?.['blobContainerName'],
    `${path}.properties.blobContainerName`,
    containerName,
  );
}
