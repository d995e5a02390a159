import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderEventTypes, stockMessageTypes } from '../../shared/application/contracts/message-types.js';
import { dispatchOutbox } from '../../shared/application/outbox/dispatch-outbox.js';
import type { OutboxRelay } from '../../shared/application/outbox/outbox-relay.js';
import { applyStockReply } from '../../shared/application/orders/apply-stock-reply.js';
import { cancelOrder } from '../../shared/application/orders/cancel-order.js';
import { stockReply } from '../support/message-fixtures.js';
import { placeTestOrder } from '../support/order-fixtures.js';
import { createOrderTestHarness } from '../support/order-test-harness.js';

/** A harness whose use cases commit but never relay, as if each process stopped right after its commit. */
function harnessWithoutRelay() {
  const harness = createOrderTestHarness();
  const relay: OutboxRelay = { relay: () => Promise.resolve() };
  return { ...harness, deps: { ...harness.deps, relay } };
}

describe('dispatchOutbox', () => {
  it('publishes every pending entry in the order written and marks each dispatched', async () => {
    const harness = harnessWithoutRelay();
    const { order } = await placeTestOrder(harness);
    await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 1 });
    const report = await dispatchOutbox(harness.dispatch, { orderId: order.id });
    assert.deepEqual(report, { dispatched: 4, heldBack: 0, failures: [] });
    assert.deepEqual(
      harness.commands.sent.map((command) => command.type),
      [stockMessageTypes.reserveStock, stockMessageTypes.releaseStock],
    );
    assert.deepEqual(
      harness.events.sent.map((event) => event.type),
      [orderEventTypes.placed, orderEventTypes.cancelled],
    );
    assert.deepEqual(await harness.orders.listPending(order.id), []);
  });

  it('publishes nothing when run again after everything was dispatched', async () => {
    const harness = harnessWithoutRelay();
    const { order } = await placeTestOrder(harness);
    await dispatchOutbox(harness.dispatch, { orderId: order.id });
    const again = await dispatchOutbox(harness.dispatch, { orderId: order.id });
    assert.deepEqual(again, { dispatched: 0, heldBack: 0, failures: [] });
    assert.equal(harness.events.sent.length + harness.commands.sent.length, 2);
  });

  it('publishes each entry at least once, with the same ids, when two dispatchers run at the same time', async () => {
    const harness = harnessWithoutRelay();
    const { order } = await placeTestOrder(harness);
    await Promise.all([
      dispatchOutbox(harness.dispatch, { orderId: order.id }),
      dispatchOutbox(harness.dispatch, { orderId: order.id }),
    ]);
    assert.deepEqual(await harness.orders.listPending(order.id), []);
    // Duplicates are possible and harmless: subscribers deduplicate by event id, the broker by MessageId.
    assert.equal(new Set(harness.events.sent.map((event) => event.id)).size, 1);
    assert.equal(new Set(harness.commands.sent.map((command) => command.messageId)).size, 1);
  });

  it('holds back later entries of a failed channel and carries on with the other channel when a broker fails', async () => {
    const harness = harnessWithoutRelay();
    const { order } = await placeTestOrder(harness);
    await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 1 });
    harness.commands.failNext(new Error('Service Bus unavailable'));
    const report = await dispatchOutbox(harness.dispatch, { orderId: order.id });
    assert.equal(report.dispatched, 2);
    assert.equal(report.heldBack, 1);
    assert.deepEqual(
      report.failures.map((failure) => failure.entryId),
      ['0000000001-0'],
    );
    // ReleaseStock must not overtake the ReserveStock that failed.
    assert.equal(harness.commands.sent.length, 0);
    assert.equal(harness.events.sent.length, 2);
    const retry = await dispatchOutbox(harness.dispatch, { orderId: order.id });
    assert.equal(retry.dispatched, 2);
    assert.deepEqual(
      harness.commands.sent.map((command) => command.type),
      [stockMessageTypes.reserveStock, stockMessageTypes.releaseStock],
    );
  });

  it('reads the pending entries even when the store knows some, since another instance may have changed the order', async () => {
    const harness = harnessWithoutRelay();
    const { order } = await placeTestOrder(harness);
    const { orders } = harness;
    const deps = {
      ...harness.dispatch,
      outbox: {
        knownPending: () => [],
        listPending: (orderId: string) => orders.listPending(orderId),
        listPendingCreatedBefore: () => Promise.resolve([]),
        markDispatched: (marked: { orderId: string; entryIds: readonly string[]; at: string }) =>
          orders.markDispatched(marked),
      },
    };
    const report = await dispatchOutbox(deps, { orderId: order.id });
    assert.deepEqual(report, { dispatched: 2, heldBack: 0, failures: [] });
  });

  it('leaves the entry pending for the next run when the mark fails after publishing', async () => {
    const harness = harnessWithoutRelay();
    const { order } = await placeTestOrder(harness);
    const outbox = {
      ...harness.dispatch,
      outbox: {
        listPending: (orderId: string) => harness.orders.listPending(orderId),
        knownPending: () => undefined,
        listPendingCreatedBefore: () => Promise.resolve([]),
        markDispatched: () => Promise.reject(new Error('storage unavailable')),
      },
    };
    const report = await dispatchOutbox(outbox, { orderId: order.id });
    assert.equal(report.failures.length, 2);
    assert.equal((await harness.orders.listPending(order.id)).length, 2);
  });

  it('dispatches the next change of the order too when replies arrive after earlier entries were left behind', async () => {
    const harness = harnessWithoutRelay();
    const { order } = await placeTestOrder(harness);
    await applyStockReply(harness.deps, stockReply({ orderId: order.id, outcome: 'reserved' }));
    await dispatchOutbox(harness.dispatch, { orderId: order.id });
    assert.deepEqual(
      harness.events.sent.map((event) => [event.type, event.data.orderVersion]),
      [
        [orderEventTypes.placed, 1],
        [orderEventTypes.confirmed, 2],
      ],
    );
  });
});
