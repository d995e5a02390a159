import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getOrder } from '../../shared/application/orders/get-order.js';
import type { Order } from '../../shared/domain/order.js';
import { InMemoryOrderStore } from '../support/in-memory-order-store.js';
import { createOrderTestHarness } from '../support/order-test-harness.js';
import { placeTestOrder } from '../support/order-fixtures.js';

class CountingOrderStore extends InMemoryOrderStore {
  lookups = 0;

  override get(orderId: string): Promise<Order | undefined> {
    this.lookups += 1;
    return super.get(orderId);
  }
}

describe('getOrder', () => {
  it('returns the order with its version when it exists', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    assert.deepEqual(await getOrder(harness.deps, { orderId: order.id }), order);
  });

  it('rejects with order_not_found when no order has the id', async () => {
    const harness = createOrderTestHarness();
    await assert.rejects(getOrder(harness.deps, { orderId: 'no-such-order' }), { code: 'order_not_found' });
  });

  it('rejects with order_not_found without asking the store when the id cannot name an order', async () => {
    const orders = new CountingOrderStore();
    await assert.rejects(getOrder({ orders }, { orderId: "x' or 1=1" }), { code: 'order_not_found' });
    assert.equal(orders.lookups, 0);
  });
});
