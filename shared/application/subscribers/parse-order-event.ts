import { cloudEventHeaderSchema } from '../contracts/cloud-event.js';
import { orderEventTypes } from '../contracts/message-types.js';
import { orderEventV1Schema, type OrderEventV1 } from '../contracts/order-events.js';
import { describeIssues, parseContract } from '../contracts/parse-contract.js';

export type ParsedOrderEvent =
  | { readonly kind: 'order_event'; readonly event: OrderEventV1 }
  | { readonly kind: 'other_type'; readonly type: string }
  | { readonly kind: 'malformed'; readonly description: string };

const knownTypes: ReadonlySet<string> = new Set(Object.values(orderEventTypes));

/**
 * Reads a delivered event. A well-formed event of a type this code does not know (a newer version, another
 * publisher on the topic) is reported as such, for the subscriber to skip; only a malformed event is an error.
 */
export function parseOrderEvent(body: unknown): ParsedOrderEvent {
  const header = parseContract(cloudEventHeaderSchema, body);
  if (!header.ok) return { kind: 'malformed', description: describeIssues(header.issues) };
  if (!knownTypes.has(header.value.type)) return { kind: 'other_type', type: header.value.type };
  const event = parseContract(orderEventV1Schema, body);
  if (!event.ok) return { kind: 'malformed', description: describeIssues(event.issues) };
  return { kind: 'order_event', event: event.value };
}
