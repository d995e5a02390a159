import type { OrderHistoryEntry } from '../../application/ports/order-history-store.js';
import type { ApiRequest, ApiResponse } from '../api-request.js';
import { orderHistoryResponse } from '../order-responses.js';

/** `GET /customers/{customerId}/orders`: the customer's order history, from the projection. */
export async function orderHistoryExchange(
  history: { getOrderHistory(customerId: string): Promise<readonly OrderHistoryEntry[]> },
  request: ApiRequest,
): Promise<ApiResponse> {
  const customerId = request.params['customerId'] ?? '';
  return orderHistoryResponse(customerId, await history.getOrderHistory(customerId));
}
