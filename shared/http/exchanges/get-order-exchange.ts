import type { Order } from '../../domain/order.js';
import type { ApiRequest, ApiResponse } from '../api-request.js';
import { noneMatchHits, parseEntityTagCondition } from '../entity-tags.js';
import { orderResponse } from '../order-responses.js';
import type { ExchangeSettings } from './exchange-settings.js';

/** `GET /orders/{id}`: the order with its ETag, or 304 when the client's copy is current. */
export async function getOrderExchange(
  orders: { getOrder(orderId: string): Promise<Order> },
  request: ApiRequest,
  settings: ExchangeSettings,
): Promise<ApiResponse> {
  // A malformed condition is the client's error whether or not the order exists.
  const ifNoneMatch = parseEntityTagCondition(request.headers.get('if-none-match'), 'If-None-Match');
  const order = await orders.getOrder(request.params['id'] ?? '');
  return orderResponse(order, {
    notModified: noneMatchHits(ifNoneMatch, order.version),
    retryAfterSeconds: settings.pendingRetryAfterSeconds,
  });
}
