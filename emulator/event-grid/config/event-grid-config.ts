/**
 * The `UserConfig.EventGrid` section of the emulator config file. Topics are flat; each event subscription is the
 * ARM resource body of `Microsoft.EventGrid/topics/eventSubscriptions` (`name` + `properties`, camelCase), so
 * Bicep can hand the same objects to ARM.
 */
export interface EventGridConfigInput {
  Topics?: TopicInput[];
}

export interface TopicInput {
  /** 3-50 letters, digits and '-'; the topic is published to at `/<name>/api/events`. */
  name: string;
  /** Default `EventGridSchema`, as in ARM. */
  inputSchema?: 'EventGridSchema' | 'CloudEventSchemaV1_0';
  /** Base64 access key for `aeg-sas-key` and SAS tokens. Without one the topic accepts any caller. */
  key?: string;
  disableLocalAuth?: boolean;
  subscriptions?: EventSubscriptionInput[];
}

export interface EventSubscriptionInput {
  /** 3-64 letters, digits and '-'. */
  name: string;
  properties: EventSubscriptionPropertiesInput;
}

export interface EventSubscriptionPropertiesInput {
  destination: WebHookDestinationInput | AzureFunctionDestinationInput;
  filter?: FilterInput;
  /** Default: the topic's input schema. */
  eventDeliverySchema?: 'EventGridSchema' | 'CloudEventSchemaV1_0';
  retryPolicy?: { maxDeliveryAttempts?: number; eventTimeToLiveInMinutes?: number };
  deadLetterDestination?: {
    endpointType: 'StorageBlob';
    properties: { blobContainerName: string; resourceId?: string };
  };
  /** Accepted so ARM bodies load unchanged; the emulator does not act on them. */
  labels?: string[];
  expirationTimeUtc?: string;
}

interface BatchingInput {
  /** 1-5000, default 1. */
  maxEventsPerBatch?: number;
  /** 1-1024, default 64. */
  preferredBatchSizeInKilobytes?: number;
  deliveryAttributeMappings?: DeliveryAttributeMappingInput[];
}

export interface WebHookDestinationInput {
  endpointType: 'WebHook';
  properties: BatchingInput & {
    endpointUrl: string;
    azureActiveDirectoryTenantId?: string;
    azureActiveDirectoryApplicationIdOrUri?: string;
    minimumTlsVersionAllowed?: string;
  };
}

export interface AzureFunctionDestinationInput {
  endpointType: 'AzureFunction';
  /** The function is the last segment of `resourceId`, so a bare function name works locally too. */
  properties: BatchingInput & { resourceId: string };
}

export type DeliveryAttributeMappingInput =
  | { name: string; type: 'Static'; properties: { value: string; isSecret?: boolean } }
  | { name: string; type: 'Dynamic'; properties: { sourceField: string } };

export interface FilterInput {
  includedEventTypes?: string[];
  subjectBeginsWith?: string;
  subjectEndsWith?: string;
  isSubjectCaseSensitive?: boolean;
  enableAdvancedFilteringOnArrays?: boolean;
  advancedFilters?: AdvancedFilterInput[];
}

export interface AdvancedFilterInput {
  operatorType: string;
  key: string;
  value?: number | boolean;
  values?: (string | number | boolean | number[])[];
}
