import type { OrderEventV1 } from '../contracts/order-events.js';
import type { OutgoingCommand } from '../messaging/outgoing-command.js';

/**
 * Something an order change must publish, written in the same atomic write as the change (the transactional
 * outbox): the change and its messages commit together or not at all, and a dispatcher publishes them afterwards.
 */
export interface OutboxEntry {
  readonly orderId: string;
  /** Unique within the order and sortable: dispatching in `entryId` order publishes in the order written. */
  readonly entryId: string;
  readonly createdAt: string;
  readonly message: OutboxMessage;
}

export type OutboxMessage =
  | { readonly kind: 'event'; readonly event: OrderEventV1 }
  | { readonly kind: 'command'; readonly command: OutgoingCommand };

/** `0000000002-1`: the second message written by the change to version 2, sortable as text. */
export function outboxEntryId(orderVersion: number, index: number): string {
  return `${String(orderVersion).padStart(10, '0')}-${index}`;
}
