import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOutboxRelay } from '../../shared/application/outbox/outbox-relay.js';
import type { OutboxRelay } from '../../shared/application/outbox/outbox-relay.js';
import { placeTestOrder } from '../support/order-fixtures.js';
import { createOrderTestHarness } from '../support/order-test-harness.js';

/** An order committed but not relayed, and a relay over a store that knows its entries (or not) without reading. */
async function committedOrder(options: { storeKnows: boolean }) {
  const base = createOrderTestHarness();
  const idle: OutboxRelay = { relay: () => Promise.resolve() };
  const harness = { ...base, deps: { ...base.deps, relay: idle } };
  const { order } = await placeTestOrder(harness);
  const pending = await base.orders.listPending(order.id);
  let reads = 0;
  const relay = createOutboxRelay({
    ...base.dispatch,
    telemetry: base.telemetry,
    outbox: {
      knownPending: () => (options.storeKnows ? pending : undefined),
      listPending: (orderId) => {
        reads += 1;
        return base.orders.listPending(orderId);
      },
      listPendingCreatedBefore: () => Promise.resolve([]),
      markDispatched: (marked) => base.orders.markDispatched(marked),
    },
  });
  return { order, relay, base, reads: () => reads };
}

describe('OutboxRelay', () => {
  it("publishes the entries the store knows right after this instance's change, without reading them", async () => {
    const { order, relay, base, reads } = await committedOrder({ storeKnows: true });
    await relay.relay(order.id);
    assert.equal(reads(), 0);
    assert.equal(base.events.sent.length, 1);
    assert.equal(base.commands.sent.length, 1);
    assert.deepEqual(await base.orders.listPending(order.id), []);
  });

  it('reads the pending entries when the store does not know them', async () => {
    const { order, relay, base, reads } = await committedOrder({ storeKnows: false });
    await relay.relay(order.id);
    assert.equal(reads(), 1);
    assert.deepEqual(await base.orders.listPending(order.id), []);
  });
});
