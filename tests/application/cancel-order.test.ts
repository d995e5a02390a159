import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderEventTypes, stockMessageTypes } from '../../shared/application/contracts/message-types.js';
import { applyStockReply } from '../../shared/application/orders/apply-stock-reply.js';
import { cancelOrder } from '../../shared/application/orders/cancel-order.js';
import { defaultCancellationPolicy } from '../../shared/domain/cancellation-policy.js';
import { stockReply } from '../support/message-fixtures.js';
import { placeTestOrder } from '../support/order-fixtures.js';
import { createOrderTestHarness, type OrderTestHarness } from '../support/order-test-harness.js';

async function confirmedOrder(harness: OrderTestHarness) {
  const { order } = await placeTestOrder(harness);
  await applyStockReply(harness.deps, stockReply({ orderId: order.id, outcome: 'reserved' }));
  const confirmed = await harness.orders.get(order.id);
  assert.equal(confirmed?.status, 'confirmed');
  return confirmed;
}

function sentTypes(harness: OrderTestHarness): string[] {
  return [
    ...harness.commands.sent.map((command) => command.type),
    ...harness.events.sent.map((event) => event.type),
  ];
}

describe('cancelOrder', () => {
  it('cancels a pending order and commits OrderCancelled and ReleaseStock when the version matches', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    const result = await cancelOrder(harness.deps, {
      orderId: order.id,
      expectedVersion: 1,
      request: { reason: 'Ordered twice' },
    });
    assert.equal(result.changed, true);
    assert.equal(result.order.status, 'cancelled');
    assert.equal(result.order.version, 2);
    assert.deepEqual(harness.commands.sent.at(-1), {
      type: stockMessageTypes.releaseStock,
      messageId: `${order.id}:release-stock`,
      body: { orderId: order.id },
    });
    const cancelled = harness.events.sent.at(-1);
    assert.equal(cancelled?.type, orderEventTypes.cancelled);
    assert.equal(cancelled?.type === orderEventTypes.cancelled && cancelled.data.reason, 'Ordered twice');
  });

  it('cancels a confirmed order when the cancellation window is still open', async () => {
    const harness = createOrderTestHarness();
    const confirmed = await confirmedOrder(harness);
    harness.clock.advance(defaultCancellationPolicy.confirmedOrderWindowMs);
    const { order } = await cancelOrder(harness.deps, { orderId: confirmed?.id ?? '', expectedVersion: 2 });
    assert.equal(order.status === 'cancelled' && order.cancellation.from, 'confirmed');
  });

  it('rejects with invalid_transition and writes nothing when the cancellation window has closed', async () => {
    const harness = createOrderTestHarness();
    const confirmed = await confirmedOrder(harness);
    const sentBefore = sentTypes(harness);
    harness.clock.advance(defaultCancellationPolicy.confirmedOrderWindowMs + 1);
    await assert.rejects(cancelOrder(harness.deps, { orderId: confirmed?.id ?? '', expectedVersion: 2 }), {
      code: 'invalid_transition',
    });
    assert.equal((await harness.orders.get(confirmed?.id ?? ''))?.status, 'confirmed');
    assert.deepEqual(sentTypes(harness), sentBefore);
  });

  it('rejects with invalid_transition when the order was rejected', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    await applyStockReply(
      harness.deps,
      stockReply({
        orderId: order.id,
        outcome: 'rejected',
        reason: 'insufficient_stock',
        unavailableSkus: ['SKU-1'],
      }),
    );
    await assert.rejects(cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 2 }), {
      code: 'invalid_transition',
    });
  });

  it('rejects with precondition_failed and writes nothing when the client names an older version', async () => {
    const harness = createOrderTestHarness();
    const confirmed = await confirmedOrder(harness);
    await assert.rejects(cancelOrder(harness.deps, { orderId: confirmed?.id ?? '', expectedVersion: 1 }), {
      code: 'precondition_failed',
    });
    assert.equal((await harness.orders.get(confirmed?.id ?? ''))?.status, 'confirmed');
  });

  it('rejects with precondition_failed when the order changes between the read and the write', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    harness.orders.beforeNextWrite(async () => {
      await applyStockReply(harness.deps, stockReply({ orderId: order.id, outcome: 'reserved' }));
    });
    await assert.rejects(cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 1 }), {
      code: 'precondition_failed',
    });
    assert.equal((await harness.orders.get(order.id))?.status, 'confirmed');
  });

  it('returns the order unchanged and sends nothing when it is already cancelled, whatever version is named', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    const first = await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 1 });
    const sentBefore = sentTypes(harness);
    const retry = await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 1 });
    assert.equal(retry.changed, false);
    assert.deepEqual(retry.order, first.order);
    assert.deepEqual(sentTypes(harness), sentBefore);
  });

  it('rejects with order_not_found when no order has the id', async () => {
    const harness = createOrderTestHarness();
    await assert.rejects(cancelOrder(harness.deps, { orderId: 'missing', expectedVersion: 1 }), {
      code: 'order_not_found',
    });
  });

  for (const [condition, request] of [
    ['the reason is longer than 200 characters', { reason: 'x'.repeat(201) }],
    ['the body has an unknown property', { refund: true }],
    ['the body is not an object', 'please cancel'],
  ] as const) {
    it(`rejects with validation_failed and changes nothing when ${condition}`, async () => {
      const harness = createOrderTestHarness();
      const { order } = await placeTestOrder(harness);
      await assert.rejects(cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 1, request }), {
        code: 'validation_failed',
      });
      assert.equal((await harness.orders.get(order.id))?.status, 'pending');
    });
  }
});
