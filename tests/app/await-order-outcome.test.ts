import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderLifecycle } from '../../shared/domain/order-lifecycle.js';
import type { Order } from '../../shared/domain/order.js';
import { awaitOrderOutcome } from '../../shared/http/await-order-outcome.js';

const pending = orderLifecycle.place({
  id: 'order-1',
  customerId: 'customer-1',
  currency: 'EUR',
  lines: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: 100 }],
  at: '2025-03-01T10:00:00.000Z',
}).order;
const confirmed = orderLifecycle.confirm(pending, { at: '2025-03-01T10:00:00.050Z' }).order;

/** Time that moves only when the code under test waits, so the test never sleeps. */
function virtualTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    delay: (ms: number) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
    waits,
  };
}

describe('awaitOrderOutcome', () => {
  it('returns the final state as soon as a read finds it', async () => {
    const time = virtualTime();
    const states: Order[] = [pending, pending, confirmed];
    const order = await awaitOrderOutcome({
      initial: pending,
      read: () => Promise.resolve(states.shift() ?? confirmed),
      waitMs: 5_000,
      ...time,
    });
    assert.equal(order.status, 'confirmed');
    assert.deepEqual(time.waits, [10, 20, 40]);
  });

  it('returns the pending state when the wait ends first, having waited no longer than asked', async () => {
    const time = virtualTime();
    const order = await awaitOrderOutcome({
      initial: pending,
      read: () => Promise.resolve(pending),
      waitMs: 2_000,
      ...time,
    });
    assert.equal(order.status, 'pending');
    assert.equal(time.now(), 2_000);
    assert.ok(time.waits.every((ms) => ms <= 500));
  });

  it('does not wait at all when the order is already settled', async () => {
    const time = virtualTime();
    assert.equal(
      (
        await awaitOrderOutcome({
          initial: confirmed,
          read: () => assert.fail('read'),
          waitMs: 5_000,
          ...time,
        })
      ).status,
      'confirmed',
    );
    assert.deepEqual(time.waits, []);
  });
});
