import type { Order } from '../../domain/order.js';
import type { PlaceOrderInput, PlaceOrderResult } from '../../application/orders/place-order.js';
import type { ApiRequest, ApiResponse } from '../api-request.js';
import { awaitOrderOutcome } from '../await-order-outcome.js';
import { placedOrderResponse } from '../order-responses.js';
import { preferredWaitSeconds } from '../prefer-wait.js';
import { readJsonBody } from '../read-json-body.js';
import { traceContextOf, type InvocationTrace } from '../request-trace-context.js';
import type { ExchangeSettings } from './exchange-settings.js';

export interface OrderPlacing {
  placeOrder(input: PlaceOrderInput): Promise<PlaceOrderResult>;
  getOrder(orderId: string): Promise<Order>;
}

/** `POST /orders`: validate and place, then, if the client prefers to wait, wait for the outcome a while. */
export async function placeOrderExchange(
  orders: OrderPlacing,
  request: ApiRequest,
  context: InvocationTrace & { readonly settings: ExchangeSettings },
): Promise<ApiResponse> {
  const { settings } = context;
  const body = await readJsonBody(request, { maxBytes: settings.maxBodyBytes, required: true });
  const placed = await orders.placeOrder({
    idempotencyKey: request.headers.get('idempotency-key') ?? undefined,
    request: body,
    trace: traceContextOf(
      { traceparent: request.headers.get('traceparent'), tracestate: request.headers.get('tracestate') },
      context,
    ),
  });
  const waitSeconds = preferredWaitSeconds(request.headers.get('prefer'), settings.maxPreferWaitSeconds);
  const order =
    waitSeconds === undefined
      ? placed.order
      : await awaitOrderOutcome({
          initial: placed.order,
          read: () => orders.getOrder(placed.order.id),
          waitMs: waitSeconds * 1000,
        });
  return placedOrderResponse({
    order,
    created: placed.created,
    waitedSeconds: waitSeconds,
    location: `${new URL(request.url).pathname.replace(/\/+$/, '')}/${encodeURIComponent(order.id)}`,
    retryAfterSeconds: settings.pendingRetryAfterSeconds,
  });
}
