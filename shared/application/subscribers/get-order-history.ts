import { z } from 'zod';
import { customerIdSchema } from '../contracts/contract-fields.js';
import { parseOrThrow } from '../contracts/parse-contract.js';
import type { OrderHistoryEntry, OrderHistoryStore } from '../ports/order-history-store.js';

const orderHistoryQuerySchema = z.object({ customerId: customerIdSchema });

/**
 * A customer's orders as the order-history projection holds them: one partition read, newest first. The read side
 * of the projection, eventually consistent with the orders (it trails them by an event delivery).
 */
export async function getOrderHistory(
  deps: { readonly history: OrderHistoryStore },
  input: { readonly customerId: string },
): Promise<readonly OrderHistoryEntry[]> {
  const { customerId } = parseOrThrow(orderHistoryQuerySchema, input, 'The order-history query');
  const entries = await deps.history.listByCustomer(customerId);
  return [...entries].sort(
    (a, b) => b.placedAt.localeCompare(a.placedAt) || b.orderId.localeCompare(a.orderId),
  );
}
