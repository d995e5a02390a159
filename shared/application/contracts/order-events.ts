import { z } from 'zod';
import { rejectionReasons } from '../../domain/order.js';
import { orderLimits } from '../../domain/order-limits.js';
import { cloudEventSchema } from './cloud-event.js';
import {
  amountMinorSchema,
  currencySchema,
  customerIdSchema,
  orderIdSchema,
  orderLineSchema,
  orderVersionSchema,
  skuSchema,
  timestampSchema,
} from './contract-fields.js';
import { orderEventTypes } from './message-types.js';

// Every order event carries the order's summary as of that version, so a subscriber can build its view from any
// one event, whatever order Event Grid delivers them in, without calling back into the order API.
const orderSummary = {
  orderId: orderIdSchema,
  customerId: customerIdSchema,
  orderVersion: orderVersionSchema,
  currency: currencySchema,
  totalMinor: amountMinorSchema,
  placedAt: timestampSchema,
};

export const orderPlacedV1Schema = cloudEventSchema(
  orderEventTypes.placed,
  z.object({
    ...orderSummary,
    status: z.literal('pending'),
    lines: z.array(orderLineSchema).min(1).max(orderLimits.maxLines),
  }),
).meta({
  title: 'OrderPlaced v1',
  description:
    'An order was accepted and awaits its stock reservation. CloudEvents 1.0, published on Event Grid.',
});

export const orderConfirmedV1Schema = cloudEventSchema(
  orderEventTypes.confirmed,
  z.object({ ...orderSummary, status: z.literal('confirmed'), confirmedAt: timestampSchema }),
).meta({
  title: 'OrderConfirmed v1',
  description:
    'Stock was reserved for every line; the order is confirmed. CloudEvents 1.0, published on Event Grid.',
});

export const orderRejectedV1Schema = cloudEventSchema(
  orderEventTypes.rejected,
  z.object({
    ...orderSummary,
    status: z.literal('rejected'),
    rejectedAt: timestampSchema,
    reason: z.enum(rejectionReasons),
    unavailableSkus: z.array(skuSchema),
  }),
).meta({
  title: 'OrderRejected v1',
  description:
    'Stock could not be reserved; the order is rejected. CloudEvents 1.0, published on Event Grid.',
});

export const orderCancelledV1Schema = cloudEventSchema(
  orderEventTypes.cancelled,
  z.object({
    ...orderSummary,
    status: z.literal('cancelled'),
    cancelledAt: timestampSchema,
    cancelledFrom: z.enum(['pending', 'confirmed']),
    reason: z.string().max(orderLimits.maxCancellationReasonLength).optional(),
  }),
).meta({
  title: 'OrderCancelled v1',
  description: 'The customer cancelled the order. CloudEvents 1.0, published on Event Grid.',
});

export const orderEventV1Schema = z.discriminatedUnion('type', [
  orderPlacedV1Schema,
  orderConfirmedV1Schema,
  orderRejectedV1Schema,
  orderCancelledV1Schema,
]);

export type OrderPlacedV1 = z.infer<typeof orderPlacedV1Schema>;
export type OrderConfirmedV1 = z.infer<typeof orderConfirmedV1Schema>;
export type OrderRejectedV1 = z.infer<typeof orderRejectedV1Schema>;
export type OrderCancelledV1 = z.infer<typeof orderCancelledV1Schema>;
export type OrderEventV1 = z.infer<typeof orderEventV1Schema>;
