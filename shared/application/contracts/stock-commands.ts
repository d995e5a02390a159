import { z } from 'zod';
import { orderLimits } from '../../domain/order-limits.js';
import { orderIdSchema, stockLineSchema } from './contract-fields.js';

export const reserveStockV1Schema = z
  .object({ orderId: orderIdSchema, lines: z.array(stockLineSchema).min(1).max(orderLimits.maxLines) })
  .meta({
    title: 'ReserveStock v1',
    description:
      'Command to the stock service: reserve every line of the order, or none. Service Bus message on the stock ' +
      'command queue with Subject = the type, MessageId = `<orderId>:reserve-stock` (duplicate detection), ' +
      'ReplyTo = the reply queue and ReplyToSessionId = the order id. Answered by a ReserveStockResult.',
  });

export const releaseStockV1Schema = z.object({ orderId: orderIdSchema }).meta({
  title: 'ReleaseStock v1',
  description:
    'Command to the stock service: give back what was reserved for a cancelled order (a compensation). ' +
    'Service Bus message on the stock command queue with MessageId = `<orderId>:release-stock`; no reply.',
});

export type ReserveStockV1 = z.infer<typeof reserveStockV1Schema>;
export type ReleaseStockV1 = z.infer<typeof releaseStockV1Schema>;
