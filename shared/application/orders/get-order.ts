import { DomainError } from '../../domain/domain-error.js';
import { isIdentifier } from '../../domain/identifiers.js';
import type { Order } from '../../domain/order.js';
import type { OrderStore } from '../ports/order-store.js';

/** The order, or `order_not_found`; an id that cannot name an order is not looked up at all. */
export async function getOrder(
  deps: { readonly orders: OrderStore },
  input: { readonly orderId: string },
): Promise<Order> {
  const order = isIdentifier('orderId', input.orderId) ? await deps.orders.get(input.orderId) : undefined;
  if (order === undefined) throw new DomainError('order_not_found', 'No order has this id.');
  return order;
}
