import { randomBytes } from 'node:crypto';
import { TableStorageHandledEventStore } from '../../../shared/adapters/table-storage-handled-event-store.js';
import { TableStorageOrderHistoryStore } from '../../../shared/adapters/table-storage-order-history-store.js';
import { TableStorageOrderStore } from '../../../shared/adapters/table-storage-order-store.js';
import { TableStorageStockStore } from '../../../shared/adapters/table-storage-stock-store.js';
import { tableClientFactory } from '../../../shared/adapters/table-storage/table-client-factory.js';
import { tableNames } from '../../../shared/composition/table-names.js';
import type { LocalStack } from './local-stack.js';

/**
 * The app's own state in the stack's storage, read and written with the app's adapters: to seed stock, to stage
 * what a crashed instance leaves behind, and to check what a scenario changed.
 */
export function stackState(stack: LocalStack) {
  const table = tableClientFactory({
    kind: 'connectionString',
    connectionString: stack.azurite.connectionString,
  });
  const stock = new TableStorageStockStore(table(tableNames.stock));
  return {
    orders: new TableStorageOrderStore(table(tableNames.orders)),
    stock,
    history: new TableStorageOrderHistoryStore(table(tableNames.orderHistory)),
    handled: new TableStorageHandledEventStore(table(tableNames.handledEvents)),
    notifications: table(tableNames.notifications),
    /** Adds SKUs no other scenario uses, with their units; returns the SKUs in the order given. */
    async seedStock(...units: number[]): Promise<string[]> {
      const skus = units.map(() => `SKU-${randomBytes(5).toString('hex').toUpperCase()}`);
      await Promise.all(skus.map((sku, index) => stock.seedIfAbsent(sku, units[index] ?? 0)));
      return skus;
    },
    async available(sku: string): Promise<number | undefined> {
      return (await stock.getLevels([sku])).get(sku)?.available;
    },
  };
}

/** A customer id no other scenario uses. */
export function newCustomerId(): string {
  return `customer-${randomBytes(6).toString('hex')}`;
}
