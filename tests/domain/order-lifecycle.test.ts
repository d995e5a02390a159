import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCancellationPolicy } from '../../shared/domain/cancellation-policy.js';
import type { Order, OrderStatus } from '../../shared/domain/order.js';
import { allowedTransitions, orderLifecycle, type PlaceInput } from '../../shared/domain/order-lifecycle.js';

const placedAt = '2025-03-01T10:00:00.000Z';
const later = '2025-03-01T10:00:05.000Z';
const policy = defaultCancellationPolicy;

function newOrder(overrides: Partial<PlaceInput> = {}): PlaceInput {
  return {
    id: 'order-1',
    customerId: 'customer-1',
    currency: 'EUR',
    lines: [
      { sku: 'SKU-1', quantity: 2, unitPriceMinor: 1_250 },
      { sku: 'SKU-2', quantity: 1, unitPriceMinor: 499 },
    ],
    at: placedAt,
    ...overrides,
  };
}

function orderIn(status: OrderStatus): Order {
  const { order } = orderLifecycle.place(newOrder());
  switch (status) {
    case 'pending':
      return order;
    case 'confirmed':
      return orderLifecycle.confirm(order, { at: later }).order;
    case 'rejected':
      return orderLifecycle.reject(order, {
        at: later,
        reason: 'insufficient_stock',
        unavailableSkus: ['SKU-1'],
      }).order;
    case 'cancelled':
      return orderLifecycle.cancel(order, { at: later, policy }).order;
  }
}

const transitions = {
  confirmed: (order: Order) => orderLifecycle.confirm(order, { at: later }),
  rejected: (order: Order) =>
    orderLifecycle.reject(order, { at: later, reason: 'insufficient_stock', unavailableSkus: ['SKU-1'] }),
  cancelled: (order: Order) => orderLifecycle.cancel(order, { at: later, policy }),
} as const;

describe('order lifecycle', () => {
  it('creates a pending order at version 1 with its total in minor units when placed', () => {
    const { type, order } = orderLifecycle.place(newOrder());
    assert.equal(type, 'OrderPlaced');
    assert.deepEqual(order, {
      id: 'order-1',
      customerId: 'customer-1',
      currency: 'EUR',
      lines: [
        { sku: 'SKU-1', quantity: 2, unitPriceMinor: 1_250 },
        { sku: 'SKU-2', quantity: 1, unitPriceMinor: 499 },
      ],
      totalMinor: 2_999,
      version: 1,
      placedAt,
      updatedAt: placedAt,
      status: 'pending',
    });
  });

  it('keeps its own copy of the lines when the caller changes its input afterwards', () => {
    const input = newOrder();
    const { order } = orderLifecycle.place(input);
    (input.lines[0] as { quantity: number }).quantity = 999;
    assert.equal(order.lines[0]?.quantity, 2);
  });

  it('confirms a pending order at the next version when stock is reserved', () => {
    const { type, order } = orderLifecycle.confirm(orderIn('pending'), { at: later });
    assert.equal(type, 'OrderConfirmed');
    assert.equal(order.status, 'confirmed');
    assert.equal(order.version, 2);
    assert.equal(order.confirmedAt, later);
    assert.equal(order.updatedAt, later);
  });

  it('rejects a pending order with the reason and the SKUs short when stock is refused', () => {
    const { type, order } = orderLifecycle.reject(orderIn('pending'), {
      at: later,
      reason: 'insufficient_stock',
      unavailableSkus: ['SKU-2'],
    });
    assert.equal(type, 'OrderRejected');
    assert.deepEqual(order.rejection, { reason: 'insufficient_stock', unavailableSkus: ['SKU-2'] });
    assert.equal(order.version, 2);
  });

  it('cancels a pending order and records that it was pending when the customer cancels', () => {
    const { type, order } = orderLifecycle.cancel(orderIn('pending'), {
      at: later,
      policy,
      reason: 'Changed my mind',
    });
    assert.equal(type, 'OrderCancelled');
    assert.deepEqual(order.cancellation, { from: 'pending', reason: 'Changed my mind' });
    assert.equal(order.cancelledAt, later);
  });

  it('cancels a confirmed order and keeps its confirmation time when within the cancellation window', () => {
    const confirmed = orderIn('confirmed');
    const closesAt = Date.parse(later) + policy.confirmedOrderWindowMs;
    const { order } = orderLifecycle.cancel(confirmed, { at: new Date(closesAt).toISOString(), policy });
    assert.deepEqual(order.cancellation, { from: 'confirmed' });
    assert.equal(order.confirmedAt, later);
    assert.equal(order.version, 3);
  });

  it('refuses with invalid_transition when a confirmed order is cancelled after the window closed', () => {
    const closedAt = new Date(Date.parse(later) + policy.confirmedOrderWindowMs + 1).toISOString();
    assert.throws(() => orderLifecycle.cancel(orderIn('confirmed'), { at: closedAt, policy }), {
      code: 'invalid_transition',
    });
  });

  it('refuses with validation_failed when the cancellation reason is too long', () => {
    assert.throws(
      () => orderLifecycle.cancel(orderIn('pending'), { at: later, policy, reason: 'x'.repeat(201) }),
      {
        code: 'validation_failed',
        issues: [{ pointer: '/reason', message: 'A cancellation reason has at most 200 characters.' }],
      },
    );
  });

  it('never moves an order back in time when a later step runs on a clock behind the last one', () => {
    const { order } = orderLifecycle.confirm(orderIn('pending'), { at: '2025-03-01T09:59:00.000Z' });
    assert.equal(order.updatedAt, placedAt);
    assert.equal(order.confirmedAt, placedAt);
  });

  for (const from of ['pending', 'confirmed', 'rejected', 'cancelled'] as const) {
    for (const [to, transition] of Object.entries(transitions)) {
      const allowed = (allowedTransitions[from] as readonly string[]).includes(to);
      it(`${allowed ? 'allows' : 'refuses with invalid_transition'} ${from} -> ${to} when the table says so`, () => {
        const order = orderIn(from);
        if (allowed) assert.equal(transition(order).order.status, to);
        else assert.throws(() => transition(order), { code: 'invalid_transition' });
      });
    }
  }

  it('leaves the input order untouched when a transition returns the changed one', () => {
    const pending = orderIn('pending');
    const snapshot = structuredClone(pending);
    orderLifecycle.confirm(pending, { at: later });
    assert.deepEqual(pending, snapshot);
  });
});
