import type { ListOrdersInput, ListOrdersResult } from '../../application/orders/list-orders.js';
import type { ApiRequest, ApiResponse } from '../api-request.js';
import { orderListResponse } from '../order-responses.js';

/** `GET /orders?customerId=&status=&limit=&continuationToken=`: one page; the use case validates the query. */
export async function listOrdersExchange(
  orders: { listOrders(input: ListOrdersInput): Promise<ListOrdersResult> },
  request: ApiRequest,
): Promise<ApiResponse> {
  const query = (name: string): string | undefined => request.query.get(name) ?? undefined;
  const limit = query('limit');
  const result = await orders.listOrders({
    customerId: query('customerId'),
    status: query('status'),
    // Not a number reads as NaN, which the query's schema refuses with a clear issue.
    limit: limit === undefined ? undefined : Number(limit),
    continuationToken: query('continuationToken'),
  });
  return orderListResponse(result, request);
}
