import { TableStorageOrderStore } from '../../shared/adapters/table-storage-order-store.js';
import { describeOrderStoreContract } from '../support/order-store-contract.js';
import { useTableStorage } from './support/table-storage.js';

const storage = useTableStorage();

describeOrderStoreContract(
  'TableStorageOrderStore on Azurite',
  async () => new TableStorageOrderStore(await storage.newTable('orders')),
);
