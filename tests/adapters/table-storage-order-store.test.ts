import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { defaultCancellationPolicy } from '../../shared/domain/cancellation-policy.js';
import { orderLifecycle } from '../../shared/domain/order-lifecycle.js';
import { TableStorageOrderStore } from '../../shared/adapters/table-storage-order-store.js';
import { describeOrderStoreContract } from '../support/order-store-contract.js';
import { useTableStorage } from './support/table-storage.js';

const storage = useTableStorage();

describeOrderStoreContract(
  'TableStorageOrderStore on Azurite',
  async () => new TableStorageOrderStore(await storage.newTable('orders')),
);

describe('TableStorageOrderStore.getForChange', () => {
  const place = () =>
    orderLifecycle.place({
      id: randomUUID(),
      customerId: 'c-1',
      currency: 'EUR',
      lines: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: 100 }],
      at: '2025-03-01T10:00:00.000Z',
    }).order;
  const at = '2025-03-01T10:00:01.000Z';

  it("starts from this instance's copy, and from the stored order once a stale copy lost a write", async () => {
    const table = await storage.newTable('orders');
    const here = new TableStorageOrderStore(table);
    const elsewhere = new TableStorageOrderStore(table);
    const order = place();
    await here.insert({ order, outbox: [] });
    assert.deepEqual(await here.getForChange(order.id), order);

    // Another instance changes the order: this instance's copy is now stale, and its change from it must lose.
    const cancelled = orderLifecycle.cancel(order, { at, policy: defaultCancellationPolicy }).order;
    await elsewhere.update({ order: cancelled, expectedVersion: 1, outbox: [] });
    const stale = await here.getForChange(order.id);
    assert.ok(stale);
    assert.equal(stale.version, 1);
    const confirmed = orderLifecycle.confirm(stale, { at }).order;
    await assert.rejects(here.update({ order: confirmed, expectedVersion: 1, outbox: [] }), {
      code: 'concurrency_conflict',
    });
    assert.deepEqual(await here.getForChange(order.id), cancelled);
  });

  it('reads the stored order when this instance has no copy', async () => {
    const table = await storage.newTable('orders');
    const order = place();
    await new TableStorageOrderStore(table).insert({ order, outbox: [] });
    assert.deepEqual(await new TableStorageOrderStore(table).getForChange(order.id), order);
  });
});
