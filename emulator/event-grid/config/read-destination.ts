import type { DeliveryAttribute, Destination } from '../definitions.js';
import type { ConfigEnvironment } from './config-environment.js';
import type { ConfigReader } from './config-reader.js';

const headerName = {
  pattern: /^(?!aeg-)[A-Za-z0-9-]{1,64}$/i,
  describe: 'an HTTP header name not starting with aeg-',
};

export interface ReadDestination {
  destination: Destination;
  maxEventsPerBatch: number;
  preferredBatchSizeInKilobytes: number;
  deliveryAttributes: DeliveryAttribute[];
}

/** An ARM `destination`: WebHook or AzureFunction, with its batching and delivery attributes. */
export function readDestination(
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
    if (resourceId !== undefined && functionName !== undefined) {
      destination = { endpointType, resourceId, functionName };
    }
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
