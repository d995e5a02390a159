import type { Order } from '../../domain/order.js';
import type { CancelOrderInput, CancelOrderResult } from '../../application/orders/cancel-order.js';
import type { ApiRequest, ApiResponse } from '../api-request.js';
import { parseEntityTagCondition, strongVersionsOf } from '../entity-tags.js';
import { HttpEdgeError } from '../http-edge-error.js';
import { cancelledOrderResponse } from '../order-responses.js';
import { readJsonBody } from '../read-json-body.js';
import { traceContextOf, type InvocationTrace } from '../request-trace-context.js';
import type { ExchangeSettings } from './exchange-settings.js';

export interface OrderCancelling {
  cancelOrder(input: CancelOrderInput): Promise<CancelOrderResult>;
  getOrder(orderId: string): Promise<Order>;
}

/**
 * `POST /orders/{id}/cancel` with `If-Match`: a cancellation is a decision taken on a state the client has seen, so
 * without If-Match it is refused (428), and with a stale one it fails (412) instead of cancelling blindly.
 */
export async function cancelOrderExchange(
  orders: OrderCancelling,
  request: ApiRequest,
  context: InvocationTrace & { readonly settings: ExchangeSettings },
): Promise<ApiResponse> {
  const orderId = request.params['id'] ?? '';
  const condition = parseEntityTagCondition(request.headers.get('if-match'), 'If-Match');
  if (condition === undefined) {
    throw new HttpEdgeError(
      'precondition_required',
      'Send If-Match with the ETag of the order you mean to cancel.',
    );
  }
  const body = await readJsonBody(request, { maxBytes: context.settings.maxBodyBytes, required: false });
  const expectedVersion = await expectedVersionOf(orders, orderId, condition);
  const { order } = await orders.cancelOrder({
    orderId,
    expectedVersion,
    request: body,
    trace: traceContextOf(
      { traceparent: request.headers.get('traceparent'), tracestate: request.headers.get('tracestate') },
      context,
    ),
  });
  return cancelledOrderResponse(order);
}

/**
 * The version the cancellation is conditional on. One strong tag names it directly; `*` or a list needs the current
 * version, read here and checked again by the use case's conditional write. A list that does not hold the current
 * version, or only weak tags, names a version the order can never be at (0), so the use case answers 412.
 */
async function expectedVersionOf(
  orders: OrderCancelling,
  orderId: string,
  condition: NonNullable<ReturnType<typeof parseEntityTagCondition>>,
): Promise<number> {
  if (condition.kind === 'tags') {
    const versions = strongVersionsOf(condition);
    if (versions.length === 1 && condition.tags.length === 1) return versions[0] ?? 0;
    const current = (await orders.getOrder(orderId)).version;
    return versions.includes(current) ? current : 0;
  }
  return (await orders.getOrder(orderId)).version;
}
