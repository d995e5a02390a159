import { z } from 'zod';
import {
  amountMinorSchema,
  currencySchema,
  orderIdSchema,
  orderStatusSchema,
  timestampSchema,
} from './contract-fields.js';
import { telemetryTypes } from './message-types.js';

// Telemetry records are small facts streamed to Event Hubs in volume; unlike domain events they are not
// CloudEvents-wrapped, and nothing but the aggregator depends on them.

export const requestCompletedV1Schema = z
  .object({
    type: z.literal(telemetryTypes.requestCompleted),
    time: timestampSchema,
    operation: z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/),
    status: z.number().int().min(100).max(599),
    durationMs: z.number().min(0).max(3_600_000),
  })
  .meta({ title: 'RequestCompleted v1', description: 'The order API answered one request.' });

export const orderTransitionedV1Schema = z
  .object({
    type: z.literal(telemetryTypes.orderTransitioned),
    time: timestampSchema,
    orderId: orderIdSchema,
    from: orderStatusSchema.nullable(),
    to: orderStatusSchema,
    currency: currencySchema,
    totalMinor: amountMinorSchema,
    sincePlacedMs: z.number().int().min(0),
  })
  .meta({
    title: 'OrderTransitioned v1',
    description: 'An order changed status (`from` is null when it was placed); partitioned by order id.',
  });

export const outboxDispatchFailedV1Schema = z
  .object({
    type: z.literal(telemetryTypes.outboxDispatchFailed),
    time: timestampSchema,
    orderId: orderIdSchema,
    entryId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('Absent when the pending entries could not be read.'),
    error: z.string().max(1_000),
  })
  .meta({
    title: 'OutboxDispatchFailed v1',
    description: 'An outbox entry could not be published right after its commit; the sweeper will retry it.',
  });

export const stockCommandHandledV1Schema = z
  .object({
    type: z.literal(telemetryTypes.stockCommandHandled),
    time: timestampSchema,
    orderId: orderIdSchema.optional().describe('Absent when the command did not name an order.'),
    command: z.enum(['reserve-stock', 'release-stock', 'unknown']),
    outcome: z
      .string()
      .regex(/^[a-z][a-z_]{0,63}$/)
      .describe('What the worker did (reserved, rejected, released, …), or why it parked the command.'),
    parked: z.boolean(),
    durationMs: z.number().min(0).max(3_600_000),
  })
  .meta({
    title: 'StockCommandHandled v1',
    description:
      'The stock worker finished with a command: carried out, answered again, or parked as invalid.',
  });

export const telemetryRecordSchema = z.discriminatedUnion('type', [
  requestCompletedV1Schema,
  orderTransitionedV1Schema,
  outboxDispatchFailedV1Schema,
  stockCommandHandledV1Schema,
]);

export type RequestCompletedV1 = z.infer<typeof requestCompletedV1Schema>;
export type OrderTransitionedV1 = z.infer<typeof orderTransitionedV1Schema>;
export type OutboxDispatchFailedV1 = z.infer<typeof outboxDispatchFailedV1Schema>;
export type StockCommandHandledV1 = z.infer<typeof stockCommandHandledV1Schema>;
export type TelemetryRecord = z.infer<typeof telemetryRecordSchema>;

/**
 * The Event Hubs partition key: an order's records share one partition and so keep their order; records about no
 * order are spread by the service.
 */
export function telemetryPartitionKey(record: TelemetryRecord): string | undefined {
  return 'orderId' in record ? record.orderId : undefined;
}
