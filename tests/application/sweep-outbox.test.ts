import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutboxRelay } from '../../shared/application/outbox/outbox-relay.js';
import { sweepOutbox } from '../../shared/application/outbox/sweep-outbox.js';
import { placeTestOrder } from '../support/order-fixtures.js';
import { createOrderTestHarness } from '../support/order-test-harness.js';

function harnessWithoutRelay() {
  const harness = createOrderTestHarness();
  const relay: OutboxRelay = { relay: () => Promise.resolve() };
  return { ...harness, deps: { ...harness.deps, relay } };
}

describe('sweepOutbox', () => {
  it('publishes the entries a crash left behind when they are older than the grace period', async () => {
    const harness = harnessWithoutRelay();
    const { order } = await placeTestOrder(harness);
    harness.clock.advance(30_001);
    const report = await sweepOutbox(harness.dispatch, { olderThanMs: 30_000, limit: 100 });
    assert.deepEqual(report, { orders: 1, dispatched: 2, failures: [] });
    assert.deepEqual(await harness.orders.listPending(order.id), []);
    assert.equal(harness.events.sent[0]?.data.orderId, order.id);
  });

  it('leaves entries to the relay of their use case when they are younger than the grace period', async () => {
    const harness = harnessWithoutRelay();
    await placeTestOrder(harness);
    harness.clock.advance(29_999);
    const report = await sweepOutbox(harness.dispatch, { olderThanMs: 30_000, limit: 100 });
    assert.deepEqual(report, { orders: 0, dispatched: 0, failures: [] });
  });

  it('selects nothing when the relay already published everything', async () => {
    const harness = createOrderTestHarness();
    await placeTestOrder(harness);
    harness.clock.advance(60_000);
    const report = await sweepOutbox(harness.dispatch, { olderThanMs: 30_000, limit: 100 });
    assert.equal(report.orders, 0);
  });

  it('selects the oldest entries first, at most the limit, when many are left behind', async () => {
    const harness = harnessWithoutRelay();
    const oldest = await placeTestOrder(harness);
    harness.clock.advance(1_000);
    await placeTestOrder(harness);
    harness.clock.advance(60_000);
    const report = await sweepOutbox(harness.dispatch, { olderThanMs: 30_000, limit: 1 });
    assert.equal(report.orders, 1);
    assert.equal(harness.events.sent[0]?.data.orderId, oldest.order.id);
  });

  it("carries on with the other orders when one order's dispatch fails", async () => {
    const harness = harnessWithoutRelay();
    const first = await placeTestOrder(harness);
    const second = await placeTestOrder(harness);
    harness.clock.advance(60_000);
    harness.commands.failNext(new Error('Service Bus unavailable'));
    const report = await sweepOutbox(harness.dispatch, { olderThanMs: 30_000, limit: 100 });
    assert.equal(report.orders, 2);
    assert.deepEqual(
      report.failures.map((failure) => failure.orderId),
      [first.order.id],
    );
    assert.deepEqual(await harness.orders.listPending(second.order.id), []);
  });
});
