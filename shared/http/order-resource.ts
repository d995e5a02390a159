import { z } from 'zod';
import { rejectionReasons, type Order } from '../domain/order.js';
import {
  amountMinorSchema,
  currencySchema,
  customerIdSchema,
  orderIdSchema,
  orderLineSchema,
  orderStatusSchema,
  orderVersionSchema,
  skuSchema,
  timestampSchema,
} from '../application/contracts/contract-fields.js';

/**
 * An order as the API shows it. Deliberately its own contract, mapped field by field from the domain model, so the
 * model can change without the API noticing; the OpenAPI document is generated from this schema.
 */
export const orderResourceSchema = z
  .object({
    id: orderIdSchema,
    customerId: customerIdSchema,
    status: orderStatusSchema,
    currency: currencySchema,
    lines: z.array(orderLineSchema),
    totalMinor: amountMinorSchema,
    version: orderVersionSchema.describe('Grows by one with every change; the ETag carries it.'),
    placedAt: timestampSchema,
    updatedAt: timestampSchema,
    confirmedAt: timestampSchema.optional(),
    rejectedAt: timestampSchema.optional(),
    rejection: z.object({ reason: z.enum(rejectionReasons), unavailableSkus: z.array(skuSchema) }).optional(),
    cancelledAt: timestampSchema.optional(),
    cancellation: z
      .object({ from: z.enum(['pending', 'confirmed']), reason: z.string().optional() })
      .optional(),
  })
  .meta({ title: 'Order' });

export type OrderResource = z.infer<typeof orderResourceSchema>;

export function toOrderResource(order: Order): OrderResource {
  const common = {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    currency: order.currency,
    lines: order.lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
    })),
    totalMinor: order.totalMinor,
    version: order.version,
    placedAt: order.placedAt,
    updatedAt: order.updatedAt,
  };
  switch (order.status) {
    case 'pending':
      return common;
    case 'confirmed':
      return { ...common, confirmedAt: order.confirmedAt };
    case 'rejected':
      return {
        ...common,
        rejectedAt: order.rejectedAt,
        rejection: { reason: order.rejection.reason, unavailableSkus: [...order.rejection.unavailableSkus] },
      };
    case 'cancelled':
      return {
        ...common,
        ...(order.confirmedAt === undefined ? {} : { confirmedAt: order.confirmedAt }),
        cancelledAt: order.cancelledAt,
        cancellation: {
          from: order.cancellation.from,
          ...(order.cancellation.reason === undefined ? {} : { reason: order.cancellation.reason }),
        },
      };
  }
}

export const orderListSchema = z
  .object({
    orders: z.array(orderResourceSchema),
    continuationToken: z
      .string()
      .optional()
      .describe(
        'Present while more orders may follow: pass it back, with the same filters, for the next page.',
      ),
  })
  .meta({ title: 'OrderList' });
