import type { EventSchema } from './definitions.js';

/** An event the topic has accepted, as Event Grid stores it: validated, with what the service stamps on it. */
export interface AcceptedEvent {
  readonly schema: EventSchema;
  readonly id: string;
  /** The JSON object; for the Event Grid schema with `topic`, `metadataVersion` and `dataVersion` stamped. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly publishTime: number;
}

/**
 * The ARM resource ID the emulator stamps as `topic` (Event Grid schema) and sends in validation events. The
 * subscription and resource group are fixed placeholders: there is no ARM locally.
 */
export function topicResourceId(topicName: string): string {
  return `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.EventGrid/topics/${topicName}`;
}
