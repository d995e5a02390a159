import { z } from 'zod';
import { timestampSchema, traceparentSchema, tracestateSchema } from './contract-fields.js';

/**
 * CloudEvents `source` of every order event. A relative URI-reference, which CloudEvents 1.0 allows, stays true
 * wherever the application is deployed.
 */
export const orderEventSource = '/orders';

/** `subject` is `orders/<id>`, so an Event Grid subscription can filter on a prefix. */
export function orderEventSubject(orderId: string): string {
  return `orders/${orderId}`;
}

/**
 * A CloudEvents 1.0 event (structured mode) with JSON data, plus the distributed-tracing extension attributes.
 * Consumers ignore attributes they do not know, so adding one is not a breaking change.
 */
export function cloudEventSchema<Type extends string, Data extends z.ZodType>(type: Type, data: Data) {
  return z.object({
    specversion: z.literal('1.0'),
    id: z.string().min(1).max(128),
    source: z.string().min(1),
    type: z.literal(type),
    subject: z.string().min(1),
    time: timestampSchema,
    datacontenttype: z.literal('application/json').optional(),
    data,
    traceparent: traceparentSchema.optional(),
    tracestate: tracestateSchema.optional(),
  });
}

/** Just enough of an event to route it: an unknown type is skipped, a known type must then parse in full. */
export const cloudEventHeaderSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(128),
  type: z.string().min(1),
});
