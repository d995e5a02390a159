import type { Order } from '../domain/order.js';
import type { ListOrdersResult } from '../application/orders/list-orders.js';
import type { MinuteBucket } from '../application/ports/metrics-store.js';
import { jsonResponse, type ApiResponse } from './api-request.js';
import type { ApiOperation, SuccessStatusOf } from './api-routes.js';
import { entityTagOf } from './entity-tags.js';
import { toOrderHistoryResource } from './order-history-resource.js';
import { toOrderResource } from './order-resource.js';
import type { OrderHistoryEntry } from '../application/ports/order-history-store.js';

/** A success response whose status the route table declares for the operation, checked by the compiler. */
function respond<Operation extends ApiOperation>(
  _operation: Operation,
  status: SuccessStatusOf<Operation>,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResponse {
  return status === 304 ? { status, headers } : jsonResponse(status, body, headers);
}

/** Headers every order representation carries: its ETag, and while pending, when to look again. */
function orderHeaders(order: Order, retryAfterSeconds: number): Record<string, string> {
  return {
    etag: entityTagOf(order.version),
    // Revalidate with the ETag instead of reusing a state that may have moved on.
    'cache-control': 'no-cache',
    ...(order.status === 'pending' ? { 'retry-after': String(retryAfterSeconds) } : {}),
  };
}

export interface PlacedOrderView {
  readonly order: Order;
  /** False when the Idempotency-Key had been used: the original order, nothing new created. */
  readonly created: boolean;
  /** The seconds of `Prefer: wait` honoured, if the client asked. */
  readonly waitedSeconds?: number | undefined;
  /** Path of the order resource, for `Location`. */
  readonly location: string;
  readonly retryAfterSeconds: number;
}

/**
 * The asynchronous request-reply answer to a placement: `202 Accepted` while the order is pending, with `Location`
 * to poll and `Retry-After`; `201 Created` once its outcome is known (after `Prefer: wait`, or on a retry that finds
 * it settled). A retry says so with `Idempotent-Replayed`.
 */
export function placedOrderResponse(view: PlacedOrderView): ApiResponse {
  const { order } = view;
  return respond('placeOrder', order.status === 'pending' ? 202 : 201, toOrderResource(order), {
    location: view.location,
    ...orderHeaders(order, view.retryAfterSeconds),
    ...(view.waitedSeconds === undefined ? {} : { 'preference-applied': `wait=${view.waitedSeconds}` }),
    ...(view.created ? {} : { 'idempotent-replayed': 'true' }),
  });
}

export function orderResponse(
  order: Order,
  options: { notModified: boolean; retryAfterSeconds: number },
): ApiResponse {
  const headers = orderHeaders(order, options.retryAfterSeconds);
  return options.notModified
    ? respond('getOrder', 304, undefined, headers)
    : respond('getOrder', 200, toOrderResource(order), headers);
}

export function cancelledOrderResponse(order: Order): ApiResponse {
  return respond('cancelOrder', 200, toOrderResource(order), orderHeaders(order, 0));
}

/** A page of orders; `Link: <...>; rel="next"` as well as the token in the body, for clients that follow links. */
export function orderListResponse(result: ListOrdersResult, request: { readonly url: string }): ApiResponse {
  const body = {
    orders: result.orders.map(toOrderResource),
    ...(result.continuationToken === undefined ? {} : { continuationToken: result.continuationToken }),
  };
  const headers: Record<string, string> = {};
  if (result.continuationToken !== undefined) {
    const next = new URL(request.url);
    next.searchParams.set('continuationToken', result.continuationToken);
    headers['link'] = `<${next.pathname}${next.search}>; rel="next"`;
  }
  return respond('listOrders', 200, body, headers);
}

export function orderHistoryResponse(customerId: string, entries: readonly OrderHistoryEntry[]): ApiResponse {
  return respond('getOrderHistory', 200, toOrderHistoryResource(customerId, entries));
}

export function metricsResponse(minutes: readonly MinuteBucket[]): ApiResponse {
  return respond('getTelemetryMetrics', 200, { minutes });
}

export function openApiResponse(document: unknown): ApiResponse {
  return respond('getOpenApi', 200, document, { 'cache-control': 'public, max-age=300' });
}
