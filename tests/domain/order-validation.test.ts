import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderLine } from '../../shared/domain/order.js';
import { orderLifecycle, type PlaceInput } from '../../shared/domain/order-lifecycle.js';
import { validateNewOrder } from '../../shared/domain/order-validation.js';

const line: OrderLine = { sku: 'SKU-1', quantity: 1, unitPriceMinor: 100 };

const valid: PlaceInput = {
  id: 'order-1',
  customerId: 'customer-1',
  currency: 'EUR',
  lines: [line],
  at: '2025-03-01T10:00:00.000Z',
};

describe('order validation', () => {
  for (const [rule, change, pointer] of [
    ['the id has a forbidden character', { id: 'order/1' }, '/id'],
    ['the customer id is empty', { customerId: '' }, '/customerId'],
    ['the currency is not accepted', { currency: 'XXX' }, '/currency'],
    ['there are no lines', { lines: [] }, '/lines'],
    [
      'there are more than 50 lines',
      { lines: Array.from({ length: 51 }, (_, i) => ({ ...line, sku: `SKU-${i}` })) },
      '/lines',
    ],
    ['a SKU is lower case', { lines: [{ ...line, sku: 'sku-1' }] }, '/lines/0/sku'],
    ['a SKU appears twice', { lines: [line, { ...line, quantity: 2 }] }, '/lines/1/sku'],
    ['a quantity is zero', { lines: [{ ...line, quantity: 0 }] }, '/lines/0/quantity'],
    ['a quantity is fractional', { lines: [{ ...line, quantity: 1.5 }] }, '/lines/0/quantity'],
    ['a quantity is above 1000', { lines: [{ ...line, quantity: 1_001 }] }, '/lines/0/quantity'],
    ['a unit price is negative', { lines: [{ ...line, unitPriceMinor: -1 }] }, '/lines/0/unitPriceMinor'],
    ['a unit price is fractional', { lines: [{ ...line, unitPriceMinor: 0.5 }] }, '/lines/0/unitPriceMinor'],
    [
      'a unit price is above the limit',
      { lines: [{ ...line, unitPriceMinor: 1_000_000_001 }] },
      '/lines/0/unitPriceMinor',
    ],
  ] as const) {
    it(`reports ${pointer} when ${rule}`, () => {
      assert.deepEqual(
        validateNewOrder({ ...valid, ...change }).map((issue) => issue.pointer),
        [pointer],
      );
    });
  }

  it('reports every broken rule at once when several are broken', () => {
    const issues = validateNewOrder({
      ...valid,
      currency: 'XXX',
      lines: [{ sku: 'x', quantity: 0, unitPriceMinor: -1 }],
    });
    assert.deepEqual(
      issues.map((issue) => issue.pointer),
      ['/currency', '/lines/0/sku', '/lines/0/quantity', '/lines/0/unitPriceMinor'],
    );
  });

  it('accepts a free line when its unit price is zero', () => {
    assert.deepEqual(validateNewOrder({ ...valid, lines: [{ ...line, unitPriceMinor: 0 }] }), []);
  });

  it('fails placement with validation_failed and the issues when the order breaks a rule', () => {
    assert.throws(() => orderLifecycle.place({ ...valid, lines: [] }), {
      code: 'validation_failed',
      issues: [{ pointer: '/lines', message: 'An order has between 1 and 50 lines.' }],
    });
  });
});
