import { z } from 'zod';
import { orderLimits } from '../../domain/order-limits.js';
import {
  currencySchema,
  customerIdSchema,
  orderStatusSchema,
  quantitySchema,
  skuSchema,
  unitPriceMinorSchema,
} from './contract-fields.js';

// HTTP request bodies are strict: an unknown property is far more often a client's typo than a newer client.

export const placeOrderRequestSchema = z
  .strictObject({
    customerId: customerIdSchema,
    currency: currencySchema,
    lines: z
      .array(
        z.strictObject({ sku: skuSchema, quantity: quantitySchema, unitPriceMinor: unitPriceMinorSchema }),
      )
      .min(1)
      .max(orderLimits.maxLines)
      .describe('One line per SKU.'),
  })
  .meta({
    title: 'PlaceOrderRequest',
    description: 'Body of `POST /orders`, sent with an `Idempotency-Key` header.',
    examples: [
      { customerId: 'c-42', currency: 'EUR', lines: [{ sku: 'SKU-1', quantity: 2, unitPriceMinor: 1250 }] },
    ],
  });

export const cancelOrderRequestSchema = z
  .strictObject({ reason: z.string().max(orderLimits.maxCancellationReasonLength).optional() })
  .meta({
    title: 'CancelOrderRequest',
    description: 'Body of `POST /orders/{id}/cancel`, sent with `If-Match` carrying the ETag last seen.',
  });

export type PlaceOrderRequest = z.infer<typeof placeOrderRequestSchema>;
export type CancelOrderRequest = z.infer<typeof cancelOrderRequestSchema>;

export const listOrdersQuerySchema = z.object({
  customerId: customerIdSchema.optional(),
  status: orderStatusSchema.optional(),
  limit: z.number().int().min(1).max(100).default(20),
  continuationToken: z.string().min(1).max(2_048).optional(),
});

export type ListOrdersQuery = z.infer<typeof listOrdersQuerySchema>;
