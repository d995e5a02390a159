import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderHistoryEntry } from '../../shared/application/ports/order-history-store.js';
import { getOrderHistory } from '../../shared/application/subscribers/get-order-history.js';
import { InMemoryOrderHistoryStore } from '../support/in-memory-order-history-store.js';

const entry = (orderId: string, placedAt: string): OrderHistoryEntry => ({
  customerId: 'customer-1',
  orderId,
  status: 'confirmed',
  currency: 'EUR',
  totalMinor: 100,
  placedAt,
  updatedAt: placedAt,
  orderVersion: 2,
  lastEventId: `event-${orderId}`,
});

describe('getOrderHistory', () => {
  it("returns the customer's entries newest first, and no one else's", async () => {
    const history = new InMemoryOrderHistoryStore();
    await history.put(entry('order-a', '2025-03-01T10:00:00.000Z'), { expectedOrderVersion: undefined });
    await history.put(entry('order-b', '2025-03-01T11:00:00.000Z'), { expectedOrderVersion: undefined });
    await history.put(
      { ...entry('order-c', '2025-03-01T12:00:00.000Z'), customerId: 'customer-2' },
      { expectedOrderVersion: undefined },
    );
    const entries = await getOrderHistory({ history }, { customerId: 'customer-1' });
    assert.deepEqual(
      entries.map((found) => found.orderId),
      ['order-b', 'order-a'],
    );
  });

  it('refuses a customer id that is not one, with validation_failed', async () => {
    await assert.rejects(
      getOrderHistory({ history: new InMemoryOrderHistoryStore() }, { customerId: 'not an id!' }),
      { code: 'validation_failed' },
    );
  });
});
