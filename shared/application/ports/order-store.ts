import type { Order, OrderStatus } from '../../domain/order.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';

export interface OrderQuery {
  readonly customerId?: string;
  readonly status?: OrderStatus;
  readonly limit: number;
  /** A token from an earlier page of the same query; the store rejects one it did not issue (`validation_failed`). */
  readonly continuationToken?: string;
}

export interface OrderPage {
  readonly orders: readonly Order[];
  /** Present while more orders may follow. */
  readonly continuationToken?: string;
}

/**
 * Orders with optimistic concurrency, and the transactional outbox's write side: an order and the messages its
 * change publishes are written in one atomic operation (one Table Storage transaction), never one after the other.
 */
export interface OrderStore {
  get(orderId: string): Promise<Order | undefined>;
  /**
   * The order to start a change from: as this instance last wrote or read it when it still has that copy, else as
   * stored. The copy may be stale; the change's `update` then throws `concurrency_conflict` and the store drops the
   * copy, so a retry starts from the stored order. Saves a read on the common path (the instance that placed an
   * order applies its reply). Never for answering a reader, who must see the stored order.
   */
  getForChange(orderId: string): Promise<Order | undefined>;
  /** Orders matching the filter, at most `limit`, in an order that is stable from one page to the next. */
  list(query: OrderQuery): Promise<OrderPage>;
  /** Writes a new order and its outbox entries atomically. Throws `concurrency_conflict` if the id is taken. */
  insert(write: { readonly order: Order; readonly outbox: readonly OutboxEntry[] }): Promise<void>;
  /**
   * Replaces the order and adds its outbox entries atomically, only if the stored version is still
   * `expectedVersion`; otherwise throws `concurrency_conflict` and writes nothing.
   */
  update(write: {
    readonly order: Order;
    readonly expectedVersion: number;
    readonly outbox: readonly OutboxEntry[];
  }): Promise<void>;
}
