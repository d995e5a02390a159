import type { CancellationPolicy } from './cancellation-policy.js';
import { DomainError } from './domain-error.js';
import { lineTotalMinor, sumMinor, type CurrencyCode } from './money.js';
import type {
  CancelledOrder,
  ConfirmedOrder,
  Order,
  OrderLine,
  OrderStatus,
  PendingOrder,
  RejectionReason,
  Timestamp,
} from './order.js';
import type { OrderCancelled, OrderConfirmed, OrderPlaced, OrderRejected } from './order-events.js';
import { validateCancellationReason, validateNewOrder, type NewOrderFields } from './order-validation.js';

/**
 * The order state machine.
 *
 *   pending ──stock reserved──▶ confirmed ──customer, within the cancellation window──▶ cancelled
 *      │ └────stock refused───▶ rejected
 *      └──────customer, any time while pending─────────────────────────────────────▶ cancelled
 *
 * Rejected and cancelled are final. Every transition bumps the version by one and yields exactly one event.
 */
export const allowedTransitions = {
  pending: ['confirmed', 'rejected', 'cancelled'],
  confirmed: ['cancelled'],
  rejected: [],
  cancelled: [],
} as const satisfies { readonly [From in OrderStatus]: readonly OrderStatus[] };

/** The statuses from which `To` may be reached, read off the table above by the compiler. */
type StatusesLeadingTo<To extends OrderStatus> = {
  [From in OrderStatus]: To extends (typeof allowedTransitions)[From][number] ? From : never;
}[OrderStatus];

export interface PlaceInput extends NewOrderFields {
  readonly at: Timestamp;
}

export interface RejectInput {
  readonly at: Timestamp;
  readonly reason: RejectionReason;
  readonly unavailableSkus: readonly string[];
}

export interface CancelInput {
  readonly at: Timestamp;
  readonly reason?: string;
  readonly policy: CancellationPolicy;
}

function place(input: PlaceInput): OrderPlaced {
  const issues = validateNewOrder(input);
  if (issues.length > 0) throw new DomainError('validation_failed', 'The order is not valid.', { issues });
  const lines = input.lines.map(copyLine);
  const order: PendingOrder = {
    id: input.id,
    customerId: input.customerId,
    currency: input.currency as CurrencyCode, // validated above
    lines,
    totalMinor: sumMinor(lines.map((line) => lineTotalMinor(line.unitPriceMinor, line.quantity))),
    version: 1,
    placedAt: input.at,
    updatedAt: input.at,
    status: 'pending',
  };
  return { type: 'OrderPlaced', order };
}

function confirm(order: Order, input: { readonly at: Timestamp }): OrderConfirmed {
  const pending = requireTransition(order, 'confirmed');
  const at = notBefore(input.at, pending);
  const confirmed: ConfirmedOrder = { ...nextVersion(pending, at), status: 'confirmed', confirmedAt: at };
  return { type: 'OrderConfirmed', order: confirmed };
}

function reject(order: Order, input: RejectInput): OrderRejected {
  const pending = requireTransition(order, 'rejected');
  const at = notBefore(input.at, pending);
  return {
    type: 'OrderRejected',
    order: {
      ...nextVersion(pending, at),
      status: 'rejected',
      rejectedAt: at,
      rejection: { reason: input.reason, unavailableSkus: [...input.unavailableSkus] },
    },
  };
}

function cancel(order: Order, input: CancelInput): OrderCancelled {
  const issues = validateCancellationReason(input.reason);
  if (issues.length > 0) {
    throw new DomainError('validation_failed', 'The cancellation is not valid.', { issues });
  }
  const current = requireTransition(order, 'cancelled');
  const at = notBefore(input.at, current);
  if (current.status === 'confirmed') {
    const closesAt = Date.parse(current.confirmedAt) + input.policy.confirmedOrderWindowMs;
    if (Date.parse(at) > closesAt) {
      throw new DomainError(
        'invalid_transition',
        `A confirmed order can be cancelled until ${new Date(closesAt).toISOString()}; that window has closed.`,
      );
    }
  }
  const cancelled: CancelledOrder = {
    ...nextVersion(current, at),
    status: 'cancelled',
    cancelledAt: at,
    cancellation: { from: current.status, ...(input.reason === undefined ? {} : { reason: input.reason }) },
  };
  return { type: 'OrderCancelled', order: cancelled };
}

/** Each function validates, applies one transition and returns the event; none mutates its input. */
export const orderLifecycle = { place, confirm, reject, cancel } as const;

function requireTransition<To extends OrderStatus>(
  order: Order,
  to: To,
): Extract<Order, { status: StatusesLeadingTo<To> }> {
  const reachable: readonly OrderStatus[] = allowedTransitions[order.status];
  if (!reachable.includes(to)) {
    throw new DomainError('invalid_transition', `A ${order.status} order cannot become ${to}.`);
  }
  // The check above is exactly the table the return type is computed from.
  return order as Extract<Order, { status: StatusesLeadingTo<To> }>;
}

// Instances' clocks drift apart; an order's own timeline must still never run backwards.
function notBefore(at: Timestamp, order: Order): Timestamp {
  return Date.parse(at) < Date.parse(order.updatedAt) ? order.updatedAt : at;
}

function nextVersion<O extends PendingOrder | ConfirmedOrder>(order: O, at: Timestamp): O {
  return { ...order, version: order.version + 1, updatedAt: at };
}

function copyLine(line: OrderLine): OrderLine {
  return { sku: line.sku, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor };
}
