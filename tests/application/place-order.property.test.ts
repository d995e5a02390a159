import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../../shared/domain/domain-error.js';
import { placeOrder } from '../../shared/application/orders/place-order.js';
import { placeOrderRequest } from '../support/order-fixtures.js';
import { createOrderTestHarness } from '../support/order-test-harness.js';

// Bodies near the contract find more edges than arbitrary JSON alone: right keys, wrong values.
const nearlyValidBody = fc.record(
  {
    customerId: fc.oneof(fc.string(), fc.constantFrom('customer-1', ''), fc.integer()),
    currency: fc.oneof(fc.constantFrom('EUR', 'JPY', 'eur', 'XXX'), fc.string()),
    lines: fc.oneof(
      fc.array(
        fc.record(
          {
            sku: fc.oneof(fc.constantFrom('SKU-1', 'SKU-2', 'sku'), fc.string()),
            quantity: fc.oneof(fc.integer(), fc.double(), fc.string()),
            unitPriceMinor: fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER)),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 60 },
      ),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);

describe('placeOrder properties', () => {
  it('either places the order or answers validation_failed, and never fails otherwise, whatever the body', async () => {
    const harness = createOrderTestHarness();
    let key = 0;
    let placed = 0;
    const body = fc.oneof(
      nearlyValidBody,
      fc.anything(),
      fc.json().map((text) => JSON.parse(text) as unknown),
      fc.constant(placeOrderRequest()),
    );
    await fc.assert(
      fc.asyncProperty(body, async (request) => {
        key += 1;
        const ordersBefore = harness.orders.orderCount;
        const outcome = await placeOrder(harness.deps, { idempotencyKey: `property-${key}`, request }).then(
          (result) => ({ placed: true as const, result }),
          (error: unknown) => ({ placed: false as const, error }),
        );
        if (outcome.placed) {
          placed += 1;
          assert.equal(outcome.result.order.status, 'pending');
          assert.equal(harness.orders.orderCount, ordersBefore + 1);
        } else {
          assert.ok(isDomainError(outcome.error, 'validation_failed'), String(outcome.error));
          assert.equal(harness.orders.orderCount, ordersBefore, 'a refused request leaves no partial state');
        }
      }),
      { numRuns: 2_000 },
    );
    assert.ok(placed > 0, 'some generated bodies were valid, so both outcomes were exercised');
  });
});
