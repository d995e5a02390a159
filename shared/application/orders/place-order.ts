import { DomainError, isDomainError } from '../../domain/domain-error.js';
import type { Order } from '../../domain/order.js';
import { orderLifecycle } from '../../domain/order-lifecycle.js';
import type { OrderPlaced } from '../../domain/order-events.js';
import { placeOrderRequestSchema } from '../contracts/order-requests.js';
import { parseOrThrow } from '../contracts/parse-contract.js';
import type { TraceContext } from '../messaging/trace-context.js';
import { currentTimestamp } from '../ports/clock.js';
import type { IdempotencyStore } from '../ports/idempotency-store.js';
import { commitOrderChange } from './commit-order-change.js';
import { parseIdempotencyKey } from './idempotency-key.js';
import type { OrderChangeDeps } from './order-change-deps.js';
import { requestFingerprint } from './request-fingerprint.js';

export interface PlaceOrderDeps extends OrderChangeDeps {
  readonly idempotency: IdempotencyStore;
}

export interface PlaceOrderInput {
  readonly idempotencyKey: string | undefined;
  /** The parsed JSON body, not yet validated. */
  readonly request: unknown;
  readonly trace?: TraceContext | undefined;
}

export interface PlaceOrderResult {
  readonly order: Order;
  /** False when the key had been used before: `order` is the original and nothing new was created. */
  readonly created: boolean;
}

/**
 * Places an order: validates the request, claims its idempotency key, then writes the order with its outbox
 * entries (OrderPlaced, ReserveStock) in one atomic write. A retry with the same key and body returns the
 * original order and creates nothing; the same key with another body is an `idempotency_conflict`.
 */
export async function placeOrder(deps: PlaceOrderDeps, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  const key = parseIdempotencyKey(input.idempotencyKey);
  const request = parseOrThrow(placeOrderRequestSchema, input.request, 'The order request');
  const at = currentTimestamp(deps.clock);
  // Placing first validates the domain's rules, so a request that breaks one never claims its key.
  const placed = orderLifecycle.place({ id: deps.ids.newId(), ...request, at });
  const fingerprint = requestFingerprint(request);
  const { claimed, record } = await deps.idempotency.claim({
    key,
    fingerprint,
    orderId: placed.order.id,
    createdAt: at,
  });
  if (record.fingerprint !== fingerprint) {
    throw new DomainError(
      'idempotency_conflict',
      'This Idempotency-Key was already used with a different body.',
    );
  }
  if (claimed) return insert(deps, placed, input.trace);
  const original = await deps.orders.get(record.orderId);
  if (original !== undefined) return { order: original, created: false };
  // The first attempt claimed the key, then stopped before writing its order: finish it under the claimed id.
  return insert(deps, orderLifecycle.place({ id: record.orderId, ...request, at }), input.trace);
}

async function insert(
  deps: PlaceOrderDeps,
  placed: OrderPlaced,
  trace: TraceContext | undefined,
): Promise<PlaceOrderResult> {
  try {
    await commitOrderChange(deps, { event: placed, trace });
    return { order: placed.order, created: true };
  } catch (error) {
    if (!isDomainError(error, 'concurrency_conflict')) throw error;
    // A concurrent retry of the same request wrote this order first: answer as the retry this call is too.
    const original = await deps.orders.get(placed.order.id);
    if (original === undefined) throw error;
    return { order: original, created: false };
  }
}
