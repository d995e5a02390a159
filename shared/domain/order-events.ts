import type { CancelledOrder, ConfirmedOrder, PendingOrder, RejectedOrder } from './order.js';

/**
 * What happened to an order, with the order as it became. Every change to an order is exactly one of these, so the
 * application can always tell which integration event and which commands a change publishes.
 */
export type OrderEvent = OrderPlaced | OrderConfirmed | OrderRejected | OrderCancelled;

export interface OrderPlaced {
  readonly type: 'OrderPlaced';
  readonly order: PendingOrder;
}

export interface OrderConfirmed {
  readonly type: 'OrderConfirmed';
  readonly order: ConfirmedOrder;
}

export interface OrderRejected {
  readonly type: 'OrderRejected';
  readonly order: RejectedOrder;
}

export interface OrderCancelled {
  readonly type: 'OrderCancelled';
  readonly order: CancelledOrder;
}
