import type { SubscriptionDefinition } from '../definitions.js';
import { lookUpFilterKey } from '../filter/filter-key.js';
import type { DeliveryPayload } from './delivery-payload.js';

export interface OutgoingRequest {
  method: 'POST' | 'OPTIONS';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The POST Event Grid makes for one delivery attempt. `aeg-delivery-count` counts the attempts before this one,
 * so the first delivery says 0.
 */
export function deliveryRequest(options: {
  subscription: SubscriptionDefinition;
  url: string;
  payload: DeliveryPayload;
  previousAttempts: number;
}): OutgoingRequest {
  const { subscription, payload } = options;
  const headers: Record<string, string> = {
    'content-type': payload.contentType,
    'aeg-event-type': 'Notification',
    'aeg-subscription-name': subscription.name.toUpperCase(),
    'aeg-delivery-count': String(options.previousAttempts),
    'aeg-data-version': payload.dataVersion,
    'aeg-metadata-version': payload.metadataVersion,
  };
  for (const attribute of subscription.deliveryAttributes) {
    const value =
      attribute.type === 'Static' ? attribute.value : dynamicValue(payload, attribute.sourceField);
    if (value !== undefined) headers[attribute.name.toLowerCase()] = value;
  }
  return { method: 'POST', url: options.url, headers, body: payload.body };
}

/** A dynamic delivery attribute takes its value from the (first) event; a missing field sends no header. */
function dynamicValue(payload: DeliveryPayload, sourceField: string): string | undefined {
  const first = payload.events[0];
  if (!first) return undefined;
  const lookup = lookUpFilterKey(first.body, sourceField);
  if (!lookup.found) return undefined;
  const { value } = lookup;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}
