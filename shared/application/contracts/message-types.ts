/**
 * Versioned type names of everything the system publishes or sends. Reverse-DNS under example.com, which RFC 2606
 * reserves for documentation: a copy of this application replaces `com.example` with a domain its owner controls.
 *
 * Events are named by their publisher (orders) in the past tense; commands by the service that carries them out
 * (stock) in the imperative, and their replies `<Command>Result`. A breaking change is a new `.vN` type, published
 * alongside the old one until every consumer has moved.
 */
export const orderEventTypes = {
  placed: 'com.example.orders.order.placed.v1',
  confirmed: 'com.example.orders.order.confirmed.v1',
  rejected: 'com.example.orders.order.rejected.v1',
  cancelled: 'com.example.orders.order.cancelled.v1',
} as const;

export const stockMessageTypes = {
  reserveStock: 'com.example.stock.reserve-stock.v1',
  reserveStockResult: 'com.example.stock.reserve-stock-result.v1',
  releaseStock: 'com.example.stock.release-stock.v1',
} as const;

export const telemetryTypes = {
  requestCompleted: 'com.example.orders.telemetry.request-completed.v1',
  orderTransitioned: 'com.example.orders.telemetry.order-transitioned.v1',
  outboxDispatchFailed: 'com.example.orders.telemetry.outbox-dispatch-failed.v1',
  stockCommandHandled: 'com.example.orders.telemetry.stock-command-handled.v1',
} as const;

export type OrderEventType = (typeof orderEventTypes)[keyof typeof orderEventTypes];
export type StockMessageType = (typeof stockMessageTypes)[keyof typeof stockMessageTypes];
