import type { ProblemCode } from './problem-details.js';

export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  /** The route template under the host's route prefix (`api`). */
  readonly route: string;
  readonly summary: string;
  /** Every success status the operation answers with. */
  readonly success: readonly number[];
  /** Every problem it answers with; any other error is reported as `internal_error`, never leaked as is. */
  readonly problems: readonly ProblemCode[];
}

const bodyProblems = ['malformed_request', 'payload_too_large', 'unsupported_media_type'] as const;

/**
 * The API's operations: the function files register exactly these routes, the responses can carry only these
 * statuses, and the OpenAPI document is built from this table (a test checks all three agree).
 */
export const apiRoutes = {
  placeOrder: {
    method: 'POST',
    route: 'orders',
    summary: 'Place an order',
    success: [201, 202],
    problems: [
      'validation_failed',
      ...bodyProblems,
      'idempotency_conflict',
      'concurrency_conflict',
      'internal_error',
    ],
  },
  listOrders: {
    method: 'GET',
    route: 'orders',
    summary: 'List orders, filtered by customer and status, one page at a time',
    success: [200],
    problems: ['validation_failed', 'internal_error'],
  },
  getOrder: {
    method: 'GET',
    route: 'orders/{id}',
    summary: 'Get one order',
    success: [200, 304],
    problems: ['validation_failed', 'order_not_found', 'internal_error'],
  },
  cancelOrder: {
    method: 'POST',
    route: 'orders/{id}/cancel',
    summary: 'Cancel an order, if its state still allows it',
    success: [200],
    problems: [
      'validation_failed',
      ...bodyProblems,
      'order_not_found',
      'invalid_transition',
      'concurrency_conflict',
      'precondition_failed',
      'precondition_required',
      'internal_error',
    ],
  },
  getOrderHistory: {
    method: 'GET',
    route: 'customers/{customerId}/orders',
    summary: "A customer's order history, from the projection the order events build",
    success: [200],
    problems: ['validation_failed', 'internal_error'],
  },
  getTelemetryMetrics: {
    method: 'GET',
    route: 'metrics',
    summary: 'Per-minute metrics aggregated from the telemetry stream',
    success: [200],
    problems: ['validation_failed', 'internal_error'],
  },
  getOpenApi: {
    method: 'GET',
    route: 'openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    success: [200],
    problems: ['internal_error'],
  },
} as const satisfies Record<string, ApiRoute>;

export type ApiOperation = keyof typeof apiRoutes;

/** The success statuses an operation may answer with, as a type. */
export type SuccessStatusOf<Operation extends ApiOperation> =
  (typeof apiRoutes)[Operation]['success'][number];
