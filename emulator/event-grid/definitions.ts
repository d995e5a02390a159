/**
 * Topics and event subscriptions after configuration has been read and checked: every default applied, every
 * limit verified. The core works on these; the ARM-shaped input lives in `config/`.
 */

/** Names as ARM spells them (`inputSchema`, `eventDeliverySchema`). */
export type EventSchema = 'EventGridSchema' | 'CloudEventSchemaV1_0';

export interface TopicDefinition {
  name: string;
  inputSchema: EventSchema;
  /** Publishers must present this key (or a SAS token signed with it); absent: any caller is accepted. */
  key?: string;
  /** ARM's `disableLocalAuth`: keys and SAS tokens are refused, only bearer tokens are accepted. */
  disableLocalAuth: boolean;
}

export type Destination =
  | { endpointType: 'WebHook'; endpointUrl: string }
  | { endpointType: 'AzureFunction'; resourceId: string; functionName: string };

export type DeliveryAttribute =
  { name: string; type: 'Static'; value: string } | { name: string; type: 'Dynamic'; sourceField: string };

export type NumberComparisonOperator =
  'NumberGreaterThan' | 'NumberGreaterThanOrEquals' | 'NumberLessThan' | 'NumberLessThanOrEquals';
export type StringOperator =
  | 'StringContains'
  | 'StringNotContains'
  | 'StringBeginsWith'
  | 'StringNotBeginsWith'
  | 'StringEndsWith'
  | 'StringNotEndsWith'
  | 'StringIn'
  | 'StringNotIn';

export type AdvancedFilter =
  | { operatorType: NumberComparisonOperator; key: string; value: number }
  | { operatorType: 'NumberIn' | 'NumberNotIn'; key: string; values: number[] }
  | { operatorType: 'NumberInRange' | 'NumberNotInRange'; key: string; values: [number, number][] }
  | { operatorType: 'BoolEquals'; key: string; value: boolean }
  | { operatorType: StringOperator; key: string; values: string[] }
  | { operatorType: 'IsNullOrUndefined' | 'IsNotNull'; key: string };

export type AdvancedFilterOperator = AdvancedFilter['operatorType'];

export interface FilterDefinition {
  /** Absent: every event type. */
  includedEventTypes?: string[];
  subjectBeginsWith: string;
  subjectEndsWith: string;
  isSubjectCaseSensitive: boolean;
  enableAdvancedFilteringOnArrays: boolean;
  advancedFilters: AdvancedFilter[];
}

export interface SubscriptionDefinition {
  name: string;
  destination: Destination;
  maxEventsPerBatch: number;
  preferredBatchSizeInKilobytes: number;
  deliveryAttributes: DeliveryAttribute[];
  filter: FilterDefinition;
  eventDeliverySchema: EventSchema;
  maxDeliveryAttempts: number;
  eventTimeToLiveInMinutes: number;
  /** Blob container in the dead-letter storage account; absent: undeliverable events are dropped. */
  deadLetterContainer?: string;
}

/** A topic as declared, with the subscriptions declared alongside it. */
export interface DeclaredTopic {
  topic: TopicDefinition;
  subscriptions: SubscriptionDefinition[];
}
