import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderEventV1 } from '../../shared/application/contracts/order-events.js';
import { applyStockReply } from '../../shared/application/orders/apply-stock-reply.js';
import { projectOrderHistory } from '../../shared/application/subscribers/project-order-history.js';
import { InMemoryOrderHistoryStore } from '../support/in-memory-order-history-store.js';
import { stockReply, throughJson } from '../support/message-fixtures.js';
import { placeTestOrder } from '../support/order-fixtures.js';
import { createOrderTestHarness } from '../support/order-test-harness.js';

/** OrderPlaced and OrderConfirmed of one order, as Event Grid would deliver them. */
async function placedAndConfirmed(): Promise<[OrderEventV1, OrderEventV1]> {
  const harness = createOrderTestHarness();
  const { order } = await placeTestOrder(harness, { customerId: 'customer-7' });
  harness.clock.advance(50);
  await applyStockReply(harness.deps, stockReply({ orderId: order.id, outcome: 'reserved' }));
  const [placed, confirmed] = harness.events.sent.map(throughJson);
  assert.ok(placed && confirmed);
  return [placed, confirmed];
}

describe('projectOrderHistory', () => {
  it("adds the order to the customer's history when it is placed", async () => {
    const [placed] = await placedAndConfirmed();
    const history = new InMemoryOrderHistoryStore();
    const result = await projectOrderHistory({ history }, { event: placed });
    assert.deepEqual(result, { disposition: 'complete', outcome: 'applied' });
    assert.deepEqual(await history.listByCustomer('customer-7'), [
      {
        customerId: 'customer-7',
        orderId: placed.data.orderId,
        status: 'pending',
        currency: 'EUR',
        totalMinor: 2_999,
        placedAt: placed.data.placedAt,
        updatedAt: placed.time,
        orderVersion: 1,
        lastEventId: placed.id,
      },
    ]);
  });

  it('moves the entry to the newer state when a later event arrives', async () => {
    const [placed, confirmed] = await placedAndConfirmed();
    const history = new InMemoryOrderHistoryStore();
    await projectOrderHistory({ history }, { event: placed });
    await projectOrderHistory({ history }, { event: confirmed });
    const [entry] = await history.listByCustomer('customer-7');
    assert.equal(entry?.status, 'confirmed');
    assert.equal(entry?.lastEventId, confirmed.id);
  });

  it('changes nothing when an event is delivered again', async () => {
    const [placed] = await placedAndConfirmed();
    const history = new InMemoryOrderHistoryStore();
    await projectOrderHistory({ history }, { event: placed });
    const before = await history.listByCustomer('customer-7');
    const again = await projectOrderHistory({ history }, { event: placed });
    assert.deepEqual(again, { disposition: 'complete', outcome: 'unchanged' });
    assert.deepEqual(await history.listByCustomer('customer-7'), before);
  });

  it('keeps the newer state when an older event arrives after a newer one', async () => {
    const [placed, confirmed] = await placedAndConfirmed();
    const history = new InMemoryOrderHistoryStore();
    await projectOrderHistory({ history }, { event: confirmed });
    const late = await projectOrderHistory({ history }, { event: placed });
    assert.deepEqual(late, { disposition: 'complete', outcome: 'unchanged' });
    assert.equal((await history.listByCustomer('customer-7'))[0]?.status, 'confirmed');
  });

  it('decides from the version the store knows without reading, and reads once a write from it loses', async () => {
    const [placed, confirmed] = await placedAndConfirmed();
    const stored = new InMemoryOrderHistoryStore();
    await projectOrderHistory({ history: stored }, { event: confirmed });
    let reads = 0;
    let known: number | undefined = 2;
    const history = {
      get: (key: { customerId: string; orderId: string }) => {
        reads += 1;
        return stored.get(key);
      },
      knownVersion: () => known,
      put: stored.put.bind(stored),
      listByCustomer: stored.listByCustomer.bind(stored),
    };
    const late = await projectOrderHistory({ history }, { event: placed });
    assert.deepEqual(late, { disposition: 'complete', outcome: 'unchanged' });
    assert.equal(reads, 0);

    // A version known from before another writer moved the entry on: the write loses and the retry reads.
    known = 1;
    const result = await projectOrderHistory({ history }, { event: confirmed });
    assert.deepEqual(result, { disposition: 'complete', outcome: 'unchanged' });
    assert.equal(reads, 1);
  });

  it('decides again on the stored entry when another delivery writes it first', async () => {
    const [placed, confirmed] = await placedAndConfirmed();
    const history = new InMemoryOrderHistoryStore();
    history.beforeNextPut(async () => {
      await projectOrderHistory({ history }, { event: confirmed });
    });
    const result = await projectOrderHistory({ history }, { event: placed });
    assert.deepEqual(result, { disposition: 'complete', outcome: 'unchanged' });
    assert.equal((await history.listByCustomer('customer-7'))[0]?.status, 'confirmed');
  });

  it('skips the event without error when its type is not an order event this code knows', async () => {
    const [placed] = await placedAndConfirmed();
    const history = new InMemoryOrderHistoryStore();
    const result = await projectOrderHistory(
      { history },
      { event: { ...placed, type: 'com.example.orders.order.placed.v2' } },
    );
    assert.deepEqual(result, { disposition: 'complete', outcome: 'skipped_other_type' });
    assert.deepEqual(await history.listByCustomer('customer-7'), []);
  });

  for (const [condition, change] of [
    ['the event is not a CloudEvent', () => 'order placed'],
    [
      'the data misses the order version',
      (event: OrderEventV1) => ({ ...event, data: { ...event.data, orderVersion: undefined } }),
    ],
    ['the spec version is not 1.0', (event: OrderEventV1) => ({ ...event, specversion: '0.3' })],
  ] as const) {
    it(`dead-letters with malformed_message and stores nothing when ${condition}`, async () => {
      const [placed] = await placedAndConfirmed();
      const history = new InMemoryOrderHistoryStore();
      const result = await projectOrderHistory({ history }, { event: change(placed) });
      assert.equal(result.disposition === 'dead-letter' && result.reason, 'malformed_message');
      assert.deepEqual(await history.listByCustomer('customer-7'), []);
    });
  }
});
