import type { CurrencyCode } from '../../domain/money.js';
import type { OrderStatus } from '../../domain/order.js';

/** One order as the customer's order history shows it: a read model built from events. */
export interface OrderHistoryEntry {
  readonly customerId: string;
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly currency: CurrencyCode;
  readonly totalMinor: number;
  readonly placedAt: string;
  readonly updatedAt: string;
  /** The version of the order this entry reflects. */
  readonly orderVersion: number;
  /** The event the entry was last built from, for tracing. */
  readonly lastEventId: string;
}

export interface OrderHistoryStore {
  get(key: { readonly customerId: string; readonly orderId: string }): Promise<OrderHistoryEntry | undefined>;
  /**
   * The entry's order version as this instance last read or wrote it, without reading; undefined if it has not
   * seen the entry. Entries only move forward, so the stored one is at least this new.
   */
  knownVersion(key: { readonly customerId: string; readonly orderId: string }): number | undefined;
  /**
   * Writes the entry only if the stored one still reflects `expectedOrderVersion` (undefined: there must be none);
   * otherwise throws `concurrency_conflict`.
   */
  put(
    entry: OrderHistoryEntry,
    condition: { readonly expectedOrderVersion: number | undefined },
  ): Promise<void>;
  listByCustomer(customerId: string): Promise<readonly OrderHistoryEntry[]>;
}
