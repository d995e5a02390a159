import type { Order } from '../../domain/order.js';
import { listOrdersQuerySchema } from '../contracts/order-requests.js';
import { parseOrThrow } from '../contracts/parse-contract.js';
import type { OrderStore } from '../ports/order-store.js';
import { continuationToken } from './continuation-token.js';

export interface ListOrdersInput {
  readonly customerId?: string | undefined;
  readonly status?: string | undefined;
  /** Default 20, at most 100. */
  readonly limit?: number | undefined;
  readonly continuationToken?: string | undefined;
}

export interface ListOrdersResult {
  readonly orders: readonly Order[];
  /** Present while more orders may follow; pass it back with the same filters for the next page. */
  readonly continuationToken?: string;
}

/** One page of orders, filtered by customer and status. */
export async function listOrders(
  deps: { readonly orders: OrderStore },
  input: ListOrdersInput,
): Promise<ListOrdersResult> {
  const query = parseOrThrow(listOrdersQuerySchema, input, 'The order query');
  const filter = { customerId: query.customerId, status: query.status };
  const page = await deps.orders.list({
    ...filter,
    limit: query.limit,
    continuationToken:
      query.continuationToken === undefined
        ? undefined
        : continuationToken.open(query.continuationToken, filter),
  });
  if (page.continuationToken === undefined) return { orders: page.orders };
  return { orders: page.orders, continuationToken: continuationToken.seal(page.continuationToken, filter) };
}
