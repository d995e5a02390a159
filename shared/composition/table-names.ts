/**
 * The app's tables in the storage account. Fixed names, not settings: nothing outside the app reads them, and the
 * app creates them (idempotently) when an instance first needs them.
 */
export const tableNames = {
  orders: 'orders',
  idempotency: 'idempotencykeys',
  stock: 'stock',
  orderHistory: 'orderhistory',
  handledEvents: 'handledevents',
  notifications: 'notifications',
  metrics: 'telemetrymetrics',
} as const;
