import type { CancellationPolicy } from '../../domain/cancellation-policy.js';
import { DomainError, isDomainError } from '../../domain/domain-error.js';
import type { Order } from '../../domain/order.js';
import { orderLifecycle } from '../../domain/order-lifecycle.js';
import { cancelOrderRequestSchema } from '../contracts/order-requests.js';
import { parseOrThrow } from '../contracts/parse-contract.js';
import type { TraceContext } from '../messaging/trace-context.js';
import { currentTimestamp } from '../ports/clock.js';
import { commitOrderChange } from './commit-order-change.js';
import { getOrder } from './get-order.js';
import type { OrderChangeDeps } from './order-change-deps.js';

export interface CancelOrderDeps extends OrderChangeDeps {
  readonly cancellationPolicy: CancellationPolicy;
}

export interface CancelOrderInput {
  readonly orderId: string;
  /** The version the client last saw (from its `If-Match`); the cancellation applies to that version only. */
  readonly expectedVersion: number;
  /** The parsed JSON body, if any, not yet validated. */
  readonly request?: unknown;
  readonly trace?: TraceContext | undefined;
}

export interface CancelOrderResult {
  readonly order: Order;
  /** False when the order was already cancelled, and this call changed nothing. */
  readonly changed: boolean;
}

/**
 * Cancels an order the client has seen in its current version. Cancelling an already cancelled order succeeds and
 * changes nothing, whatever version the client names: the state it asked for holds, as RFC 9110 (13.1.1) allows
 * for a conditional request whose change has already been made, so a retried cancellation is harmless.
 */
export async function cancelOrder(
  deps: CancelOrderDeps,
  input: CancelOrderInput,
): Promise<CancelOrderResult> {
  const { reason } = parseOrThrow(cancelOrderRequestSchema, input.request ?? {}, 'The cancellation request');
  const order = await getOrder(deps, input);
  if (order.status === 'cancelled') return { order, changed: false };
  if (order.version !== input.expectedVersion) throw stale(order);
  const cancelled = orderLifecycle.cancel(order, {
    at: currentTimestamp(deps.clock),
    reason,
    policy: deps.cancellationPolicy,
  });
  try {
    await commitOrderChange(deps, { event: cancelled, previous: order, trace: input.trace });
  } catch (error) {
    // The client's precondition held when read and failed at the write: to the client, that is the same thing.
    if (isDomainError(error, 'concurrency_conflict')) throw stale(order, error);
    throw error;
  }
  return { order: cancelled.order, changed: true };
}

function stale(order: Order, cause?: unknown): DomainError {
  return new DomainError(
    'precondition_failed',
    `The order has changed since the version you named (it was at version ${order.version} when read); ` +
      'fetch it again and decide on its current state.',
    { cause },
  );
}
