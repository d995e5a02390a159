import { z } from 'zod';
import { rejectionReasons } from '../../domain/order.js';
import { orderIdSchema, skuSchema } from './contract-fields.js';

export const reserveStockResultV1Schema = z
  .discriminatedUnion('outcome', [
    z.object({ orderId: orderIdSchema, outcome: z.literal('reserved') }),
    z.object({
      orderId: orderIdSchema,
      outcome: z.literal('rejected'),
      reason: z.enum(rejectionReasons),
      unavailableSkus: z.array(skuSchema),
    }),
  ])
  .meta({
    title: 'ReserveStockResult v1',
    description:
      'Reply to ReserveStock. Service Bus message on the session-enabled reply queue with SessionId = the ' +
      "command's ReplyToSessionId (the order id) and CorrelationId = the command's MessageId.",
  });

export type ReserveStockResultV1 = z.infer<typeof reserveStockResultV1Schema>;
