import { apiRoutes, type ApiOperation, type SuccessStatusOf } from '../api-routes.js';
import { problemContentType, problemTypes, type ProblemCode } from '../problem-details.js';
import { headerNames, headers, parameters, schemas } from './openapi-components.js';

type HeaderName = keyof typeof headers;
type ParameterName = keyof typeof parameters;
type SchemaName = keyof typeof schemas;

interface SuccessDoc {
  readonly description: string;
  readonly headers?: readonly HeaderName[];
  readonly schema?: SchemaName;
}

interface OperationDoc<Operation extends ApiOperation> {
  readonly description: string;
  readonly parameters: readonly ParameterName[];
  readonly requestBody?: { readonly schema: SchemaName; readonly required: boolean };
  /** One entry per declared success status, no more, no fewer: the compiler checks. */
  readonly responses: { readonly [Status in SuccessStatusOf<Operation>]: SuccessDoc };
}

const orderHeaders: readonly HeaderName[] = ['ETag', 'CacheControl', 'RetryAfter'];

const operations: { readonly [Operation in ApiOperation]: OperationDoc<Operation> } = {
  placeOrder: {
    description:
      'Accepts an order and reserves its stock asynchronously. The answer follows the asynchronous request-reply ' +
      'pattern: 202 with Location and Retry-After while pending, 201 once confirmed or rejected.',
    parameters: ['IdempotencyKey', 'Prefer'],
    requestBody: { schema: 'PlaceOrderRequest', required: true },
    responses: {
      201: {
        description:
          'The order, confirmed or rejected (within the Prefer wait, or found settled on a retry).',
        headers: ['Location', ...orderHeaders, 'PreferenceApplied', 'IdempotentReplayed'],
        schema: 'Order',
      },
      202: {
        description: 'The order, pending: poll Location after Retry-After seconds.',
        headers: ['Location', ...orderHeaders, 'PreferenceApplied', 'IdempotentReplayed'],
        schema: 'Order',
      },
    },
  },
  listOrders: {
    description: 'Orders matching the filters, one page at a time.',
    parameters: ['CustomerId', 'Status', 'Limit', 'ContinuationToken'],
    responses: { 200: { description: 'One page of orders.', headers: ['Link'], schema: 'OrderList' } },
  },
  getOrder: {
    description: 'The order in its current state; poll it while pending.',
    parameters: ['OrderId', 'IfNoneMatch'],
    responses: {
      200: { description: 'The order.', headers: orderHeaders, schema: 'Order' },
      304: { description: 'Not modified since the ETag in If-None-Match.', headers: orderHeaders },
    },
  },
  cancelOrder: {
    description:
      'Cancels a pending order, or a confirmed one within its cancellation window. Cancelling a cancelled order ' +
      'succeeds and changes nothing, so a retried cancellation is harmless.',
    parameters: ['OrderId', 'IfMatch'],
    requestBody: { schema: 'CancelOrderRequest', required: false },
    responses: { 200: { description: 'The order, cancelled.', headers: orderHeaders, schema: 'Order' } },
  },
  getOrderHistory: {
    description:
      "The customer's orders as the order-history projection holds them (one Event Grid subscriber keeps it from " +
      'the order events), newest first. Eventually consistent: a change shows here once its event is delivered.',
    parameters: ['CustomerIdInPath'],
    responses: { 200: { description: "The customer's order history.", schema: 'OrderHistory' } },
  },
  getTelemetryMetrics: {
    description: 'Per-minute metrics from the telemetry stream (Event Hubs), aggregated exactly once.',
    parameters: ['From', 'To'],
    responses: { 200: { description: 'The metrics, oldest minute first.', schema: 'MinuteMetrics' } },
  },
  getOpenApi: {
    description: 'This document.',
    parameters: [],
    responses: { 200: { description: 'The OpenAPI 3.1 document of this API.' } },
  },
};

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

/**
 * The API as an OpenAPI 3.1 document, built from the route table and the same zod schemas the code validates with.
 * The app serves it at `GET /api/openapi.json`; `docs/openapi.json` is a copy a test keeps equal.
 */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of Object.keys(apiRoutes) as ApiOperation[]) {
    const route = apiRoutes[operation];
    const path = `/${route.route}`;
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationObject(operation) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Orders API',
      version: '1.0.0',
      description:
        'Places, tracks and cancels orders. Errors are RFC 9457 problem details (application/problem+json).',
    },
    servers: [{ url: '/api' }],
    paths,
    components: { schemas, parameters, headers },
  };
}

function operationObject<Operation extends ApiOperation>(operation: Operation): Record<string, unknown> {
  const route = apiRoutes[operation];
  const doc = operations[operation] as OperationDoc<ApiOperation>;
  const responses: Record<string, unknown> = {};
  for (const [status, success] of Object.entries<SuccessDoc>(doc.responses)) {
    responses[status] = {
      description: success.description,
      ...(success.headers === undefined || success.headers.length === 0
        ? {}
        : {
            headers: Object.fromEntries(
              success.headers.map((name) => [headerNames[name], ref('headers', name)]),
            ),
          }),
      ...(success.schema === undefined
        ? operation === 'getOpenApi'
          ? { content: { 'application/json': { schema: { type: 'object' } } } }
          : {}
        : { content: { 'application/json': { schema: ref('schemas', success.schema) } } }),
    };
  }
  for (const [status, codes] of problemsByStatus(route.problems)) {
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\`: ${problemTypes[code].title}.`).join(' '),
      content: { [problemContentType]: { schema: ref('schemas', 'Problem') } },
    };
  }
  return {
    operationId: operation,
    summary: route.summary,
    description: doc.description,
    ...(doc.parameters.length === 0
      ? {}
      : { parameters: doc.parameters.map((name) => ref('parameters', name)) }),
    ...(doc.requestBody === undefined
      ? {}
      : {
          requestBody: {
            required: doc.requestBody.required,
            content: { 'application/json': { schema: ref('schemas', doc.requestBody.schema) } },
          },
        }),
    responses,
  };
}

function problemsByStatus(codes: readonly ProblemCode[]): Map<number, ProblemCode[]> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const { status } = problemTypes[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}
