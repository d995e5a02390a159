import type { CurrencyCode } from './money.js';

export const orderStatuses = ['pending', 'confirmed', 'rejected', 'cancelled'] as const;

export type OrderStatus = (typeof orderStatuses)[number];

/** An ISO 8601 UTC timestamp with milliseconds, as `Date.prototype.toISOString` writes it. */
export type Timestamp = string;

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
}

interface OrderBase {
  readonly id: string;
  readonly customerId: string;
  readonly currency: CurrencyCode;
  readonly lines: readonly OrderLine[];
  /** Sum of quantity x unit price over the lines, in minor units of `currency`. */
  readonly totalMinor: number;
  /**
   * Starts at 1 and grows by one with every change. It is the optimistic-concurrency token (the HTTP ETag and
   * `If-Match` carry it) and travels in every event, so subscribers can tell a newer state from a stale one.
   */
  readonly version: number;
  readonly placedAt: Timestamp;
  readonly updatedAt: Timestamp;
}

export interface PendingOrder extends OrderBase {
  readonly status: 'pending';
}

export interface ConfirmedOrder extends OrderBase {
  readonly status: 'confirmed';
  readonly confirmedAt: Timestamp;
}

export const rejectionReasons = ['insufficient_stock', 'stock_released'] as const;

export type RejectionReason = (typeof rejectionReasons)[number];

export interface RejectedOrder extends OrderBase {
  readonly status: 'rejected';
  readonly rejectedAt: Timestamp;
  readonly rejection: { readonly reason: RejectionReason; readonly unavailableSkus: readonly string[] };
}

export interface CancelledOrder extends OrderBase {
  readonly status: 'cancelled';
  readonly cancelledAt: Timestamp;
  /** Kept when a confirmed order is cancelled, so the history shows it was confirmed first. */
  readonly confirmedAt?: Timestamp;
  readonly cancellation: { readonly from: 'pending' | 'confirmed'; readonly reason?: string };
}

/** Each status carries exactly the facts that status implies, so an impossible combination cannot be built. */
export type Order = PendingOrder | ConfirmedOrder | RejectedOrder | CancelledOrder;
