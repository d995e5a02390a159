import { InMemoryHandledEventStore } from '../support/in-memory-handled-event-store.js';
import { InMemoryIdempotencyStore } from '../support/in-memory-idempotency-store.js';
import { InMemoryMetricsStore } from '../support/in-memory-metrics-store.js';
import { InMemoryOrderHistoryStore } from '../support/in-memory-order-history-store.js';
import { InMemoryOrderStore } from '../support/in-memory-order-store.js';
import { InMemoryStockStore } from '../support/in-memory-stock-store.js';
import { describeOrderStoreContract } from '../support/order-store-contract.js';
import {
  describeHandledEventStoreContract,
  describeIdempotencyStoreContract,
  describeMetricsStoreContract,
  describeOrderHistoryStoreContract,
  describeStockStoreContract,
} from '../support/state-store-contracts.js';

// The fakes the use-case tests rely on must keep the same contracts the storage adapters will.

describeOrderStoreContract('InMemoryOrderStore', () => new InMemoryOrderStore());
describeIdempotencyStoreContract('InMemoryIdempotencyStore', () => new InMemoryIdempotencyStore());
describeStockStoreContract('InMemoryStockStore', () => {
  const store = new InMemoryStockStore();
  return { store, seed: (sku, available) => store.seed(sku, available) };
});
describeOrderHistoryStoreContract('InMemoryOrderHistoryStore', () => new InMemoryOrderHistoryStore());
describeHandledEventStoreContract('InMemoryHandledEventStore', () => new InMemoryHandledEventStore());
describeMetricsStoreContract('InMemoryMetricsStore', () => new InMemoryMetricsStore());
