import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { defaultCancellationPolicy } from '../../shared/domain/cancellation-policy.js';
import type { OrderEvent } from '../../shared/domain/order-events.js';
import { orderLifecycle } from '../../shared/domain/order-lifecycle.js';
import { orderOutboxEntries } from '../../shared/application/outbox/order-outbox-entries.js';
import type { OutboxEntry } from '../../shared/application/outbox/outbox-entry.js';
import { TableStorageOrderStore } from '../../shared/adapters/table-storage-order-store.js';
import { describeOrderStoreContract } from '../support/order-store-contract.js';
import { useTableStorage } from './support/table-storage.js';

const storage = useTableStorage();

describeOrderStoreContract(
  'TableStorageOrderStore on Azurite',
  async () => new TableStorageOrderStore(await storage.newTable('orders')),
);

/** A new order's OrderPlaced; each call a new order. */
const placed = () =>
  orderLifecycle.place({
    id: randomUUID(),
    customerId: 'c-1',
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: 100 }],
    at: '2025-03-01T10:00:00.000Z',
  });
const at = '2025-03-01T10:00:01.000Z';

describe('TableStorageOrderStore.getForChange', () => {
  const place = () => placed().order;

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

describe('TableStorageOrderStore.knownPending', () => {
  const entriesOf = (event: OrderEvent) =>
    orderOutboxEntries(event, { eventId: randomUUID(), stockReplyQueue: 'stock-replies' });
  const ids = (entries: readonly OutboxEntry[] | undefined) => entries?.map((entry) => entry.entryId);

  it("follows the entries of an order this instance wrote, as they are written and marked, matching what's stored", async () => {
    const store = new TableStorageOrderStore(await storage.newTable('orders'));
    const event = placed();
    await store.insert({ order: event.order, outbox: entriesOf(event) });
    assert.deepEqual(ids(store.knownPending(event.order.id)), ['0000000001-0', '0000000001-1']);

    await store.markDispatched({ orderId: event.order.id, entryIds: ['0000000001-0'], at });
    const confirmed = orderLifecycle.confirm(event.order, { at });
    await store.update({ order: confirmed.order, expectedVersion: 1, outbox: entriesOf(confirmed) });
    const known = store.knownPending(event.order.id);
    assert.deepEqual(ids(known), ['0000000001-1', '0000000002-0']);
    assert.deepEqual(known, await store.listPending(event.order.id));
  });

  it('knows nothing of an order it only read, or that another instance changed', async () => {
    const table = await storage.newTable('orders');
    const here = new TableStorageOrderStore(table);
    const elsewhere = new TableStorageOrderStore(table);
    const event = placed();
    await here.insert({ order: event.order, outbox: entriesOf(event) });
    assert.equal(elsewhere.knownPending(event.order.id), undefined);

    // This instance's change loses to the other's, reads, and changes again: it no longer knows the entries.
    const cancelled = orderLifecycle.cancel(event.order, { at, policy: defaultCancellationPolicy });
    await elsewhere.update({ order: cancelled.order, expectedVersion: 1, outbox: entriesOf(cancelled) });
    const confirmed = orderLifecycle.confirm(event.order, { at });
    await assert.rejects(
      here.update({ order: confirmed.order, expectedVersion: 1, outbox: entriesOf(confirmed) }),
      { code: 'concurrency_conflict' },
    );
    const current = await here.getForChange(event.order.id);
    assert.equal(current?.status, 'cancelled');
    assert.equal(here.knownPending(event.order.id), undefined);
  });
});
