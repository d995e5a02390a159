import { z } from 'zod';
import {
  cancelOrderRequestSchema,
  placeOrderRequestSchema,
} from '../../application/contracts/order-requests.js';
import { customerIdSchema, orderStatusSchema } from '../../application/contracts/contract-fields.js';
import { minuteMetricsSchema } from '../metrics-resource.js';
import { orderHistorySchema } from '../order-history-resource.js';
import { orderListSchema, orderResourceSchema } from '../order-resource.js';
import { problemTypeUri, problemTypes, type ProblemCode } from '../problem-details.js';

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, as a component: without its own `$schema`. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as Record<
    string,
    unknown
  >;
  return rest;
}

const problemSchema = {
  type: 'object',
  title: 'Problem',
  description: 'RFC 9457 problem details, with the error code and, for invalid input, where each issue is.',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      enum: (Object.keys(problemTypes) as ProblemCode[]).map(problemTypeUri),
    },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', enum: Object.keys(problemTypes) },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: { type: 'string', description: 'JSON Pointer into the request body, as a URI fragment.' },
          detail: { type: 'string' },
        },
      },
    },
  },
};

export const schemas = {
  PlaceOrderRequest: schemaOf(placeOrderRequestSchema, 'input'),
  CancelOrderRequest: schemaOf(cancelOrderRequestSchema, 'input'),
  Order: schemaOf(orderResourceSchema, 'output'),
  OrderList: schemaOf(orderListSchema, 'output'),
  OrderHistory: schemaOf(orderHistorySchema, 'output'),
  MinuteMetrics: schemaOf(minuteMetricsSchema, 'output'),
  Problem: problemSchema,
};

const header = (description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  description,
  schema,
});

/** The HTTP name of each header component: a response's `headers` map is keyed by the name on the wire. */
export const headerNames = {
  ETag: 'ETag',
  Location: 'Location',
  RetryAfter: 'Retry-After',
  PreferenceApplied: 'Preference-Applied',
  IdempotentReplayed: 'Idempotent-Replayed',
  CacheControl: 'Cache-Control',
  Link: 'Link',
} as const;

export const headers = {
  ETag: header('The order version as a strong entity tag, such as "3". Send it back in If-Match.'),
  Location: header('Path of the order, to poll while it is pending.'),
  RetryAfter: header('Seconds to wait before polling a pending order again.', { type: 'integer' }),
  PreferenceApplied: header('`wait=N`: the server waited up to N seconds for the final state, as asked.'),
  IdempotentReplayed: header('`true` when the Idempotency-Key had been used: this is the original order.'),
  CacheControl: header('Representations are revalidated with their ETag.'),
  Link: header('`<...>; rel="next"`: the next page, when there is one.'),
};

const headerParameter = (name: string, description: string, required: boolean) => ({
  name,
  in: 'header',
  required,
  description,
  schema: { type: 'string' },
});

export const parameters = {
  OrderId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'The order id.',
    schema: { type: 'string' },
  },
  IdempotencyKey: headerParameter(
    'Idempotency-Key',
    'A key unique to this placement (a UUID): a retry with the same key and body returns the original order and ' +
      'creates nothing; the same key with another body is refused with 422.',
    true,
  ),
  Prefer: headerParameter(
    'Prefer',
    '`wait=N` (RFC 7240): wait up to N seconds (at most 20) for the order to be confirmed or rejected before ' +
      'answering. Without it, or if the order is still pending then, the answer is 202.',
    false,
  ),
  IfMatch: headerParameter(
    'If-Match',
    'The ETag of the version you decided on. Strong comparison: a weak tag (W/"3") never matches. `*` matches any.',
    true,
  ),
  IfNoneMatch: headerParameter(
    'If-None-Match',
    'An ETag you have: 304 if the order is still at that version.',
    false,
  ),
  CustomerIdInPath: {
    name: 'customerId',
    in: 'path',
    required: true,
    schema: schemaOf(customerIdSchema, 'input'),
  },
  CustomerId: {
    name: 'customerId',
    in: 'query',
    required: false,
    schema: schemaOf(customerIdSchema, 'input'),
  },
  Status: { name: 'status', in: 'query', required: false, schema: schemaOf(orderStatusSchema, 'input') },
  Limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Orders per page.',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
  ContinuationToken: {
    name: 'continuationToken',
    in: 'query',
    required: false,
    description: 'From the previous page; valid only with the same filters.',
    schema: { type: 'string' },
  },
  From: {
    name: 'from',
    in: 'query',
    required: false,
    description: 'Start of the range (RFC 3339). Default: an hour before `to`.',
    schema: { type: 'string', format: 'date-time' },
  },
  To: {
    name: 'to',
    in: 'query',
    required: false,
    description: 'End of the range (RFC 3339), at most a day after `from`. Default: now.',
    schema: { type: 'string', format: 'date-time' },
  },
};
