import { z } from 'zod';
import type { OrderHistoryEntry } from '../application/ports/order-history-store.js';
import {
  amountMinorSchema,
  currencySchema,
  customerIdSchema,
  orderIdSchema,
  orderStatusSchema,
  timestampSchema,
} from '../application/contracts/contract-fields.js';

/** The body of `GET /customers/{customerId}/orders`: the customer's order history, newest first. */
export const orderHistorySchema = z
  .object({
    customerId: customerIdSchema,
    orders: z.array(
      z.object({
        orderId: orderIdSchema,
        status: orderStatusSchema,
        currency: currencySchema,
        totalMinor: amountMinorSchema,
        placedAt: timestampSchema,
        updatedAt: timestampSchema,
        orderVersion: z.number().int().min(1).describe('The version of the order the entry reflects.'),
      }),
    ),
  })
  .meta({
    title: 'OrderHistory',
    description:
      "A read model built from the order events: it may trail the orders themselves by an event's delivery.",
  });

export type OrderHistoryResource = z.infer<typeof orderHistorySchema>;

export function toOrderHistoryResource(
  customerId: string,
  entries: readonly OrderHistoryEntry[],
): OrderHistoryResource {
  return {
    customerId,
    orders: entries.map((entry) => ({
      orderId: entry.orderId,
      status: entry.status,
      currency: entry.currency,
      totalMinor: entry.totalMinor,
      placedAt: entry.placedAt,
      updatedAt: entry.updatedAt,
      orderVersion: entry.orderVersion,
    })),
  };
}
