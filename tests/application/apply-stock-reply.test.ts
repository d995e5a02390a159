import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderEventTypes, stockMessageTypes } from '../../shared/application/contracts/message-types.js';
import { applyStockReply } from '../../shared/application/orders/apply-stock-reply.js';
import { cancelOrder } from '../../shared/application/orders/cancel-order.js';
import { DomainError } from '../../shared/domain/domain-error.js';
import { stockReply } from '../support/message-fixtures.js';
import { placeTestOrder } from '../support/order-fixtures.js';
import { createOrderTestHarness } from '../support/order-test-harness.js';

describe('applyStockReply', () => {
  it('confirms the order and publishes OrderConfirmed through the outbox when stock was reserved', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    harness.clock.advance(40);
    const result = await applyStockReply(
      harness.deps,
      stockReply({ orderId: order.id, outcome: 'reserved' }),
    );
    assert.deepEqual(result, { disposition: 'complete', outcome: 'confirmed' });
    const confirmed = await harness.orders.get(order.id);
    assert.equal(confirmed?.status, 'confirmed');
    assert.equal(confirmed?.version, 2);
    assert.equal(harness.events.sent.at(-1)?.type, orderEventTypes.confirmed);
    assert.equal(harness.orders.outboxOf(order.id).at(-1)?.dispatchedAt, confirmed?.updatedAt);
    const transition = harness.telemetry.records.at(-1);
    assert.equal(transition && 'sincePlacedMs' in transition && transition.sincePlacedMs, 40);
  });

  it('rejects the order with the short SKUs and publishes OrderRejected when stock was refused', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    const result = await applyStockReply(
      harness.deps,
      stockReply({
        orderId: order.id,
        outcome: 'rejected',
        reason: 'insufficient_stock',
        unavailableSkus: ['SKU-2'],
      }),
    );
    assert.deepEqual(result, { disposition: 'complete', outcome: 'rejected' });
    const rejected = await harness.orders.get(order.id);
    assert.deepEqual(rejected?.status === 'rejected' && rejected.rejection, {
      reason: 'insufficient_stock',
      unavailableSkus: ['SKU-2'],
    });
    assert.equal(harness.events.sent.at(-1)?.type, orderEventTypes.rejected);
  });

  it('changes nothing and publishes nothing when the same reply is delivered again', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    const reply = stockReply({ orderId: order.id, outcome: 'reserved' });
    await applyStockReply(harness.deps, reply);
    const afterFirst = await harness.orders.get(order.id);
    const result = await applyStockReply(harness.deps, reply);
    assert.deepEqual(result, { disposition: 'complete', outcome: 'already_settled' });
    assert.deepEqual(await harness.orders.get(order.id), afterFirst);
    assert.equal(harness.orders.outboxOf(order.id).length, 3);
  });

  it('leaves a cancelled order cancelled when its reservation is confirmed late', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 1 });
    const result = await applyStockReply(
      harness.deps,
      stockReply({ orderId: order.id, outcome: 'reserved' }),
    );
    assert.deepEqual(result, { disposition: 'complete', outcome: 'already_settled' });
    assert.equal((await harness.orders.get(order.id))?.status, 'cancelled');
    // The cancellation has already asked for the stock back.
    assert.equal(harness.commands.sent.at(-1)?.type, stockMessageTypes.releaseStock);
  });

  it('decides again on the newer state when the order changes between the read and the write', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    harness.orders.beforeNextWrite(async () => {
      await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 1 });
    });
    const result = await applyStockReply(
      harness.deps,
      stockReply({ orderId: order.id, outcome: 'reserved' }),
    );
    assert.deepEqual(result, { disposition: 'complete', outcome: 'already_settled' });
    assert.equal((await harness.orders.get(order.id))?.status, 'cancelled');
  });

  it('rejects with concurrency_conflict for the broker to redeliver when every attempt meets a concurrent writer', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    const conflictForever = (): void => {
      harness.orders.failNextWrite(new DomainError('concurrency_conflict', 'another writer'));
      harness.orders.beforeNextWrite(conflictForever);
    };
    harness.orders.beforeNextWrite(conflictForever);
    await assert.rejects(
      applyStockReply(harness.deps, stockReply({ orderId: order.id, outcome: 'reserved' })),
      {
        code: 'concurrency_conflict',
      },
    );
    assert.equal((await harness.orders.get(order.id))?.status, 'pending');
  });

  it('rethrows for the broker to redeliver when the store fails', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    harness.orders.failNextWrite(new Error('storage unavailable'));
    await assert.rejects(
      applyStockReply(harness.deps, stockReply({ orderId: order.id, outcome: 'reserved' })),
      {
        message: 'storage unavailable',
      },
    );
  });

  for (const [condition, change, reason] of [
    [
      'the body is not a ReserveStockResult',
      { body: { orderId: 'order-1', outcome: 'maybe' } },
      'malformed_message',
    ],
    ['the body is not JSON data at all', { body: 'reserved' }, 'malformed_message'],
    [
      'the CorrelationId answers another command',
      { correlationId: 'order-1:release-stock' },
      'unexpected_correlation',
    ],
    ['the SessionId is another order', { sessionId: 'order-2' }, 'unexpected_correlation'],
    ['the CorrelationId is missing', { correlationId: undefined }, 'unexpected_correlation'],
    ['the message type is another', { type: stockMessageTypes.reserveStock }, 'unknown_message_type'],
  ] as const) {
    it(`dead-letters with ${reason} and changes nothing when ${condition}`, async () => {
      const harness = createOrderTestHarness();
      const result = await applyStockReply(harness.deps, {
        ...stockReply({ orderId: 'order-1', outcome: 'reserved' }),
        ...change,
      });
      assert.equal(result.disposition, 'dead-letter');
      assert.equal(result.disposition === 'dead-letter' && result.reason, reason);
    });
  }

  it('dead-letters with unknown_order when no order has the id', async () => {
    const harness = createOrderTestHarness();
    const result = await applyStockReply(
      harness.deps,
      stockReply({ orderId: 'missing', outcome: 'reserved' }),
    );
    assert.equal(result.disposition === 'dead-letter' && result.reason, 'unknown_order');
  });
});
