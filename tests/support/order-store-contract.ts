import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { defaultCancellationPolicy } from '../../shared/domain/cancellation-policy.js';
import type { Order } from '../../shared/domain/order.js';
import type { OrderEvent } from '../../shared/domain/order-events.js';
import { orderLifecycle } from '../../shared/domain/order-lifecycle.js';
import { orderOutboxEntries } from '../../shared/application/outbox/order-outbox-entries.js';
import type { OrderStore } from '../../shared/application/ports/order-store.js';
import type { OutboxStore } from '../../shared/application/ports/outbox-store.js';

export type OrderAndOutboxStore = OrderStore & OutboxStore;

const at = '2025-03-01T10:00:00.000Z';
const later = '2025-03-01T10:00:01.000Z';

function placed(customerId = `customer-${randomUUID()}`): OrderEvent {
  return orderLifecycle.place({
    id: randomUUID(),
    customerId,
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: 100 }],
    at,
  });
}

function entriesOf(event: OrderEvent) {
  return orderOutboxEntries(event, { eventId: randomUUID(), stockReplyQueue: 'stock-replies' });
}

async function insertPlaced(store: OrderAndOutboxStore, customerId?: string): Promise<Order> {
  const event = placed(customerId);
  await store.insert({ order: event.order, outbox: entriesOf(event) });
  return event.order;
}

/**
 * What every OrderStore + OutboxStore must do, run against the in-memory fake here and against the Table Storage
 * adapter by its own tests. Each test uses fresh ids, so the suite can share one table and run in parallel.
 */
export function describeOrderStoreContract(
  name: string,
  createStore: () => OrderAndOutboxStore | Promise<OrderAndOutboxStore>,
): void {
  describe(`${name} (OrderStore and OutboxStore contract)`, () => {
    it('returns an inserted order exactly as written when read back', async () => {
      const store = await createStore();
      const order = await insertPlaced(store);
      assert.deepEqual(await store.get(order.id), order);
    });

    it('returns undefined when no order has the id', async () => {
      const store = await createStore();
      assert.equal(await store.get(randomUUID()), undefined);
    });

    it('rejects with concurrency_conflict and adds no entries when the id is taken', async () => {
      const store = await createStore();
      const event = placed();
      await store.insert({ order: event.order, outbox: entriesOf(event) });
      await assert.rejects(store.insert({ order: event.order, outbox: [] }), {
        code: 'concurrency_conflict',
      });
      assert.equal((await store.listPending(event.order.id)).length, 2);
    });

    it('replaces the order and adds its entries when the expected version is current', async () => {
      const store = await createStore();
      const order = await insertPlaced(store);
      const confirmed = orderLifecycle.confirm(order, { at: later });
      await store.update({ order: confirmed.order, expectedVersion: 1, outbox: entriesOf(confirmed) });
      assert.deepEqual(await store.get(order.id), confirmed.order);
      assert.equal((await store.listPending(order.id)).length, 3);
    });

    it('rejects with concurrency_conflict and writes neither order nor entries when the version is stale', async () => {
      const store = await createStore();
      const order = await insertPlaced(store);
      const confirmed = orderLifecycle.confirm(order, { at: later });
      await store.update({ order: confirmed.order, expectedVersion: 1, outbox: entriesOf(confirmed) });
      const cancelled = orderLifecycle.cancel(order, { at: later, policy: defaultCancellationPolicy });
      await assert.rejects(
        store.update({ order: cancelled.order, expectedVersion: 1, outbox: entriesOf(cancelled) }),
        {
          code: 'concurrency_conflict',
        },
      );
      assert.equal((await store.get(order.id))?.status, 'confirmed');
      assert.equal((await store.listPending(order.id)).length, 3);
    });

    it("lists the order's pending entries in entry order and forgets those marked dispatched", async () => {
      const store = await createStore();
      const order = await insertPlaced(store);
      const confirmed = orderLifecycle.confirm(order, { at: later });
      await store.update({ order: confirmed.order, expectedVersion: 1, outbox: entriesOf(confirmed) });
      const pending = await store.listPending(order.id);
      assert.deepEqual(
        pending.map((entry) => entry.entryId),
        ['0000000001-0', '0000000001-1', '0000000002-0'],
      );
      await store.markDispatched({ orderId: order.id, entryIds: ['0000000001-0'], at: later });
      await store.markDispatched({ orderId: order.id, entryIds: ['0000000001-0'], at: later });
      assert.deepEqual(
        (await store.listPending(order.id)).map((entry) => entry.entryId),
        ['0000000001-1', '0000000002-0'],
      );
    });

    it('marks several entries of an order at once, even when another dispatcher marked one of them first', async () => {
      const store = await createStore();
      const order = await insertPlaced(store);
      const confirmed = orderLifecycle.confirm(order, { at: later });
      await store.update({ order: confirmed.order, expectedVersion: 1, outbox: entriesOf(confirmed) });
      await store.markDispatched({
        orderId: order.id,
        entryIds: ['0000000001-0', '0000000001-1'],
        at: later,
      });
      assert.deepEqual(
        (await store.listPending(order.id)).map((entry) => entry.entryId),
        ['0000000002-0'],
      );
      await store.markDispatched({
        orderId: order.id,
        entryIds: ['0000000001-1', '0000000002-0'],
        at: later,
      });
      assert.deepEqual(await store.listPending(order.id), []);
    });

    it('returns an entry exactly as written when listed as pending', async () => {
      const store = await createStore();
      const event = placed();
      const outbox = entriesOf(event);
      await store.insert({ order: event.order, outbox });
      assert.deepEqual(await store.listPending(event.order.id), outbox);
    });

    it('selects pending entries of every order created before the time, oldest first, up to the limit', async () => {
      const store = await createStore();
      const order = await insertPlaced(store);
      const selected = await store.listPendingCreatedBefore({ createdBefore: later, limit: 1_000 });
      assert.ok(selected.some((entry) => entry.orderId === order.id));
      assert.ok(
        selected.every((entry, i) => i === 0 || (selected[i - 1]?.createdAt ?? '') <= entry.createdAt),
      );
      assert.equal((await store.listPendingCreatedBefore({ createdBefore: later, limit: 1 })).length, 1);
      assert.ok(
        !(await store.listPendingCreatedBefore({ createdBefore: at, limit: 1_000 })).some(
          (e) => e.orderId === order.id,
        ),
      );
    });

    it('visits each matching order once when paging by customer and status with its continuation tokens', async () => {
      const store = await createStore();
      const customerId = `customer-${randomUUID()}`;
      const ids = new Set<string>();
      for (let i = 0; i < 5; i += 1) ids.add((await insertPlaced(store, customerId)).id);
      await insertPlaced(store);
      const seen: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await store.list({ customerId, status: 'pending', limit: 2, continuationToken });
        assert.ok(page.orders.length <= 2);
        seen.push(...page.orders.map((order) => order.id));
        continuationToken = page.continuationToken;
      } while (continuationToken !== undefined);
      assert.deepEqual([...seen].sort(), [...ids].sort());
      assert.deepEqual((await store.list({ customerId, status: 'confirmed', limit: 10 })).orders, []);
    });

    it('rejects with validation_failed when given a continuation token it did not issue', async () => {
      const store = await createStore();
      await assert.rejects(store.list({ limit: 10, continuationToken: 'not-a-token' }), {
        code: 'validation_failed',
      });
    });
  });
}
