import type {
  AdvancedFilter,
  AdvancedFilterOperator,
  DeclaredTopic,
  DeliveryAttribute,
  Destination,
  EventSchema,
  FilterDefinition,
  SubscriptionDefinition,
  TopicDefinition,
} from '../definitions.js';
import { ConfigReader } from './config-reader.js';

/** What the running emulator can reach, so a subscription that needs more is refused at start. */
export interface ConfigEnvironment {
  canDeliverToFunctions: boolean;
  canDeadLetter: boolean;
}

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
const headerName = {
  pattern: /^(?!aeg-)[A-Za-z0-9-]{1,64}$/i,
  describe: 'an HTTP header name not starting with aeg-',
};

/** Azure's limits on advanced filters (GA API): 25 filters and 25 values across them, 512 characters a string. */
const maxAdvancedFilters = 25;
const maxAdvancedFilterValues = 25;
const maxFilterStringLength = 512;

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

interface ReadDestination {
  destination: Destination;
  maxEventsPerBatch: number;
  preferredBatchSizeInKilobytes: number;
  deliveryAttributes: DeliveryAttribute[];
}

function readDestination(
  reader: ConfigReader,
  raw: unknown,
  path: string,
  environment: ConfigEnvironment,
): ReadDestination | undefined {
  if (raw === undefined) {
    reader.report(path, 'is required');
    return undefined;
  }
  const input = reader.object(raw, path, ['endpointType', 'properties']);
  if (!input) return undefined;
  const endpointType = reader.oneOf(input['endpointType'], `${path}.endpointType`, [
    'WebHook',
    'AzureFunction',
  ]);
  if (endpointType === undefined) {
    if (input['endpointType'] === undefined) reader.report(`${path}.endpointType`, 'is required');
    return undefined;
  }
  const batching = ['maxEventsPerBatch', 'preferredBatchSizeInKilobytes', 'deliveryAttributeMappings'];
  const properties = reader.object(
    input['properties'],
    `${path}.properties`,
    endpointType === 'WebHook'
      ? [
          'endpointUrl',
          'azureActiveDirectoryTenantId',
          'azureActiveDirectoryApplicationIdOrUri',
          'minimumTlsVersionAllowed',
          ...batching,
        ]
      : ['resourceId', ...batching],
  );
  if (!properties) return undefined;

  let destination: Destination | undefined;
  if (endpointType === 'WebHook') {
    const endpointUrl = reader.requiredString(properties['endpointUrl'], `${path}.properties.endpointUrl`, {
      pattern: /^https?:\/\/[^/\s]+/i,
      describe: 'an absolute http or https URL',
    });
    if (endpointUrl !== undefined) destination = { endpointType, endpointUrl };
  } else {
    const resourceId = reader.requiredString(properties['resourceId'], `${path}.properties.resourceId`, {
      pattern: /[^/\s]/,
      describe: 'a function resource ID or a function name',
    });
    if (!environment.canDeliverToFunctions) {
      reader.report(
        `${path}.endpointType`,
        'AzureFunction needs the functionsHostUrl option (the local Functions host)',
      );
    }
    const functionName = resourceId?.split('/').filter(Boolean).at(-1);
    if (resourceId !== undefined && functionName !== undefined)
      destination = { endpointType, resourceId, functionName };
  }
  const maxEventsPerBatch = reader.integer(
    properties['maxEventsPerBatch'],
    `${path}.properties.maxEventsPerBatch`,
    1,
    5000,
  );
  const preferredBatchSizeInKilobytes = reader.integer(
    properties['preferredBatchSizeInKilobytes'],
    `${path}.properties.preferredBatchSizeInKilobytes`,
    1,
    1024,
  );
  const deliveryAttributes = readDeliveryAttributes(
    reader,
    properties['deliveryAttributeMappings'],
    `${path}.properties.deliveryAttributeMappings`,
  );
  if (!destination) return undefined;
  return {
    destination,
    maxEventsPerBatch: maxEventsPerBatch ?? 1,
    preferredBatchSizeInKilobytes: preferredBatchSizeInKilobytes ?? 64,
    deliveryAttributes,
  };
}

function readDeliveryAttributes(reader: ConfigReader, raw: unknown, path: string): DeliveryAttribute[] {
  const entries = reader.array(raw, path) ?? [];
  if (entries.length > 10) reader.report(path, 'allows at most 10 delivery attributes');
  const attributes: DeliveryAttribute[] = [];
  entries.forEach((entry, i) => {
    const input = reader.object(entry, `${path}[${i}]`, ['name', 'type', 'properties']);
    if (!input) return;
    const name = reader.requiredString(input['name'], `${path}[${i}].name`, headerName);
    const type = reader.oneOf(input['type'], `${path}[${i}].type`, ['Static', 'Dynamic']);
    const properties = reader.object(
      input['properties'],
      `${path}[${i}].properties`,
      type === 'Dynamic' ? ['sourceField'] : ['value', 'isSecret'],
    );
    if (name === undefined || type === undefined || !properties) return;
    if (type === 'Static') {
      const value = reader.requiredString(properties['value'], `${path}[${i}].properties.value`);
      reader.boolean(properties['isSecret'], `${path}[${i}].properties.isSecret`);
      if (value !== undefined) attributes.push({ name, type, value });
    } else {
      const sourceField = reader.requiredString(
        properties['sourceField'],
        `${path}[${i}].properties.sourceField`,
      );
      if (sourceField !== undefined) attributes.push({ name, type, sourceField });
    }
  });
  return attributes;
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

function readFilter(reader: ConfigReader, raw: unknown, path: string): FilterDefinition | undefined {
  const filter: FilterDefinition = {
    subjectBeginsWith: '',
    subjectEndsWith: '',
    isSubjectCaseSensitive: false,
    enableAdvancedFilteringOnArrays: false,
    advancedFilters: [],
  };
  if (raw === undefined) return filter;
  const input = reader.object(raw, path, [
    'includedEventTypes',
    'subjectBeginsWith',
    'subjectEndsWith',
    'isSubjectCaseSensitive',
    'enableAdvancedFilteringOnArrays',
    'advancedFilters',
  ]);
  if (!input) return undefined;
  const types = reader.array(input['includedEventTypes'], `${path}.includedEventTypes`);
  const includedEventTypes = types
    ?.map((type, i) => reader.requiredString(type, `${path}.includedEventTypes[${i}]`))
    .filter((type): type is string => type !== undefined);
  // `All` is how the first API version said "every type"; Azure still accepts it.
  if (includedEventTypes && !includedEventTypes.some((type) => type.toLowerCase() === 'all')) {
    filter.includedEventTypes = includedEventTypes;
  }
  filter.subjectBeginsWith = reader.string(input['subjectBeginsWith'], `${path}.subjectBeginsWith`) ?? '';
  filter.subjectEndsWith = reader.string(input['subjectEndsWith'], `${path}.subjectEndsWith`) ?? '';
  filter.isSubjectCaseSensitive =
    reader.boolean(input['isSubjectCaseSensitive'], `${path}.isSubjectCaseSensitive`) ?? false;
  filter.enableAdvancedFilteringOnArrays =
    reader.boolean(input['enableAdvancedFilteringOnArrays'], `${path}.enableAdvancedFilteringOnArrays`) ??
    false;
  const advanced = reader.array(input['advancedFilters'], `${path}.advancedFilters`) ?? [];
  if (advanced.length > maxAdvancedFilters) {
    reader.report(`${path}.advancedFilters`, `allows at most ${maxAdvancedFilters} filters`);
  }
  filter.advancedFilters = advanced
    .map((entry, i) => readAdvancedFilter(reader, entry, `${path}.advancedFilters[${i}]`))
    .filter((entry): entry is AdvancedFilter => entry !== undefined);
  const valueCount = filter.advancedFilters.reduce(
    (sum, entry) => sum + ('values' in entry ? entry.values.length : 1),
    0,
  );
  if (valueCount > maxAdvancedFilterValues) {
    reader.report(
      `${path}.advancedFilters`,
      `allows at most ${maxAdvancedFilterValues} values across all filters`,
    );
  }
  return filter;
}

const numberComparisons = [
  'NumberGreaterThan',
  'NumberGreaterThanOrEquals',
  'NumberLessThan',
  'NumberLessThanOrEquals',
] as const;
const numberSets = ['NumberIn', 'NumberNotIn'] as const;
const numberRanges = ['NumberInRange', 'NumberNotInRange'] as const;
const stringOperators = [
  'StringContains',
  'StringNotContains',
  'StringBeginsWith',
  'StringNotBeginsWith',
  'StringEndsWith',
  'StringNotEndsWith',
  'StringIn',
  'StringNotIn',
] as const;
const presenceOperators = ['IsNullOrUndefined', 'IsNotNull'] as const;
const allOperators: readonly AdvancedFilterOperator[] = [
  ...numberComparisons,
  ...numberSets,
  ...numberRanges,
  'BoolEquals',
  ...stringOperators,
  ...presenceOperators,
];

function readAdvancedFilter(reader: ConfigReader, raw: unknown, path: string): AdvancedFilter | undefined {
  const input = reader.object(raw, path, ['operatorType', 'key', 'value', 'values']);
  if (!input) return undefined;
  const operatorType = reader.oneOf(input['operatorType'], `${path}.operatorType`, allOperators);
  const key = reader.requiredString(input['key'], `${path}.key`, {
    pattern: /\S/,
    describe: 'a non-empty key',
  });
  if (operatorType === undefined || key === undefined) {
    if (input['operatorType'] === undefined) reader.report(`${path}.operatorType`, 'is required');
    return undefined;
  }
  const value = input['value'];
  const values = input['values'];
  const isOneOf = <T extends string>(list: readonly T[]): boolean => list.includes(operatorType as T);

  if (isOneOf(numberComparisons)) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return reject(reader, `${path}.value`, 'must be a number');
    return { operatorType: operatorType as (typeof numberComparisons)[number], key, value };
  }
  if (operatorType === 'BoolEquals') {
    if (typeof value !== 'boolean') return reject(reader, `${path}.value`, 'must be true or false');
    return { operatorType, key, value };
  }
  if (isOneOf(presenceOperators)) {
    return { operatorType: operatorType as (typeof presenceOperators)[number], key };
  }
  if (!Array.isArray(values) || values.length === 0)
    return reject(reader, `${path}.values`, 'must be a non-empty array');
  if (isOneOf(numberSets)) {
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return reject(reader, `${path}.values`, 'must hold numbers');
    }
    return { operatorType: operatorType as (typeof numberSets)[number], key, values: values as number[] };
  }
  if (isOneOf(numberRanges)) {
    const ranges = values.filter(
      (v): v is [number, number] =>
        Array.isArray(v) &&
        v.length === 2 &&
        typeof v[0] === 'number' &&
        typeof v[1] === 'number' &&
        v[0] <= v[1],
    );
    if (ranges.length !== values.length)
      return reject(reader, `${path}.values`, 'must hold [low, high] pairs');
    return { operatorType: operatorType as (typeof numberRanges)[number], key, values: ranges };
  }
  if (!values.every((v) => typeof v === 'string' && v.length <= maxFilterStringLength)) {
    return reject(
      reader,
      `${path}.values`,
      `must hold strings of at most ${maxFilterStringLength} characters`,
    );
  }
  return { operatorType: operatorType as (typeof stringOperators)[number], key, values: values as string[] };
}

function reject(reader: ConfigReader, path: string, message: string): undefined {
  reader.report(path, message);
  return undefined;
}
