import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../../shared/domain/domain-error.js';
import { currencyCodes } from '../../shared/domain/money.js';
import type { Order } from '../../shared/domain/order.js';
import { orderLimits } from '../../shared/domain/order-limits.js';
import { allowedTransitions, orderLifecycle } from '../../shared/domain/order-lifecycle.js';

const start = Date.parse('2025-03-01T10:00:00.000Z');
const policy = { confirmedOrderWindowMs: 60 * 60 * 1000 };

const lineArbitrary = fc.record(
  {
    sku: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{1,31}$/),
    quantity: fc.integer({ min: 1, max: orderLimits.maxQuantityPerLine }),
    unitPriceMinor: fc.integer({ min: 0, max: orderLimits.maxUnitPriceMinor }),
  },
  { noNullPrototype: true },
);

const newOrderArbitrary = fc.record({
  currency: fc.constantFrom(...currencyCodes),
  lines: fc.uniqueArray(lineArbitrary, {
    minLength: 1,
    maxLength: orderLimits.maxLines,
    selector: (l) => l.sku,
  }),
});

type Step =
  | { readonly kind: 'confirm' | 'reject' | 'cancel'; readonly afterMs: number }
  // A step on an instance whose clock runs behind.
  | { readonly kind: 'confirm-skewed'; readonly behindMs: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('confirm' as const, 'reject' as const, 'cancel' as const),
    afterMs: fc.integer({ min: 0, max: 2 * policy.confirmedOrderWindowMs }),
  }),
  fc.record({ kind: fc.constant('confirm-skewed' as const), behindMs: fc.integer({ min: 1, max: 60_000 }) }),
);

function apply(order: Order, step: Step, now: number): Order {
  const at = new Date(now).toISOString();
  switch (step.kind) {
    case 'confirm':
    case 'confirm-skewed':
      return orderLifecycle.confirm(order, { at }).order;
    case 'reject':
      return orderLifecycle.reject(order, { at, reason: 'insufficient_stock', unavailableSkus: [] }).order;
    case 'cancel':
      return orderLifecycle.cancel(order, { at, policy }).order;
  }
}

describe('order lifecycle properties', () => {
  it('keeps every invariant when any sequence of transitions is attempted at any times', () => {
    fc.assert(
      fc.property(newOrderArbitrary, fc.array(stepArbitrary, { maxLength: 12 }), (input, steps) => {
        let now = start;
        let order: Order = orderLifecycle.place({
          id: 'order-1',
          customerId: 'customer-1',
          ...input,
          at: new Date(now).toISOString(),
        }).order;
        const expectedTotal = input.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);

        for (const step of steps) {
          now = step.kind === 'confirm-skewed' ? now - step.behindMs : now + step.afterMs;
          const before: Order = order;
          try {
            order = apply(before, step, now);
          } catch (error) {
            // A refused step is a domain error and changes nothing.
            assert.ok(isDomainError(error, 'invalid_transition'), String(error));
            assert.equal(order, before);
            continue;
          }
          // A step that succeeds follows an allowed edge and bumps the version by exactly one.
          assert.ok((allowedTransitions[before.status] as readonly string[]).includes(order.status));
          assert.equal(order.version, before.version + 1);
          assert.ok(Date.parse(order.updatedAt) >= Date.parse(before.updatedAt), 'time never runs backwards');
        }

        // Whatever happened, the order's content and identity never changed.
        assert.equal(order.totalMinor, expectedTotal);
        assert.ok(Number.isSafeInteger(order.totalMinor));
        assert.deepEqual(order.lines, input.lines);
        assert.ok(Date.parse(order.updatedAt) >= Date.parse(order.placedAt));
        // Each status carries the facts it implies.
        if (order.status === 'confirmed') assert.ok(order.confirmedAt);
        if (order.status === 'rejected') assert.ok(order.rejectedAt && order.rejection);
        if (order.status === 'cancelled') {
          assert.ok(order.cancelledAt);
          assert.equal(order.cancellation.from === 'confirmed', order.confirmedAt !== undefined);
        }
      }),
      { numRuns: 500 },
    );
  });
});
