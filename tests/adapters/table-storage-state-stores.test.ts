import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TableStorageHandledEventStore } from '../../shared/adapters/table-storage-handled-event-store.js';
import { TableStorageIdempotencyStore } from '../../shared/adapters/table-storage-idempotency-store.js';
import { TableStorageMetricsStore } from '../../shared/adapters/table-storage-metrics-store.js';
import { TableStorageOrderHistoryStore } from '../../shared/adapters/table-storage-order-history-store.js';
import { TableStorageStockStore } from '../../shared/adapters/table-storage-stock-store.js';
import type { OrderHistoryEntry } from '../../shared/application/ports/order-history-store.js';
import {
  describeHandledEventStoreContract,
  describeIdempotencyStoreContract,
  describeMetricsStoreContract,
  describeOrderHistoryStoreContract,
  describeStockStoreContract,
} from '../support/state-store-contracts.js';
import { useTableStorage } from './support/table-storage.js';

// The same contracts the in-memory fakes keep (tests/application/in-memory-ports.test.ts), on real storage.

const storage = useTableStorage();

describeIdempotencyStoreContract(
  'TableStorageIdempotencyStore on Azurite',
  async () => new TableStorageIdempotencyStore(await storage.newTable('idempotency')),
);
describeStockStoreContract('TableStorageStockStore on Azurite', async () => {
  const store = new TableStorageStockStore(await storage.newTable('stock'));
  return { store, seed: (sku, available) => store.seedIfAbsent(sku, available) };
});
describeOrderHistoryStoreContract(
  'TableStorageOrderHistoryStore on Azurite',
  async () => new TableStorageOrderHistoryStore(await storage.newTable('history')),
);
describeHandledEventStoreContract(
  'TableStorageHandledEventStore on Azurite',
  async () => new TableStorageHandledEventStore(await storage.newTable('handled')),
);
describeMetricsStoreContract(
  'TableStorageMetricsStore on Azurite',
  async () => new TableStorageMetricsStore(await storage.newTable('metrics')),
);

describe('TableStorageOrderHistoryStore.knownVersion', () => {
  const entry = (orderVersion: number): OrderHistoryEntry => ({
    customerId: 'customer-1',
    orderId: 'order-1',
    status: orderVersion === 1 ? 'pending' : 'confirmed',
    currency: 'EUR',
    totalMinor: 100,
    placedAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    orderVersion,
    lastEventId: `event-${orderVersion}`,
  });
  const key = { customerId: 'customer-1', orderId: 'order-1' };

  it('is the version this instance last wrote or read, and unknown to an instance that has not seen the entry', async () => {
    const table = await storage.newTable('history');
    const here = new TableStorageOrderHistoryStore(table);
    const elsewhere = new TableStorageOrderHistoryStore(table);
    assert.equal(here.knownVersion(key), undefined);
    await here.put(entry(1), { expectedOrderVersion: undefined });
    assert.equal(here.knownVersion(key), 1);
    assert.equal(elsewhere.knownVersion(key), undefined);
    await elsewhere.get(key);
    await elsewhere.put(entry(2), { expectedOrderVersion: 1 });
    assert.equal(elsewhere.knownVersion(key), 2);
    // Behind the stored entry, never ahead of it: a write from it loses, and a read catches up.
    assert.equal(here.knownVersion(key), 1);
    await assert.rejects(here.put(entry(3), { expectedOrderVersion: 1 }), { code: 'concurrency_conflict' });
    await here.get(key);
    assert.equal(here.knownVersion(key), 2);
  });
});
