import { TableStorageHandledEventStore } from '../../shared/adapters/table-storage-handled-event-store.js';
import { TableStorageIdempotencyStore } from '../../shared/adapters/table-storage-idempotency-store.js';
import { TableStorageMetricsStore } from '../../shared/adapters/table-storage-metrics-store.js';
import { TableStorageOrderHistoryStore } from '../../shared/adapters/table-storage-order-history-store.js';
import { TableStorageStockStore } from '../../shared/adapters/table-storage-stock-store.js';
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
