import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderEventV1Schema } from '../../shared/application/contracts/order-events.js';
import { reserveStockResultV1Schema } from '../../shared/application/contracts/reserve-stock-result.js';
import {
  releaseStockV1Schema,
  reserveStockV1Schema,
} from '../../shared/application/contracts/stock-commands.js';
import { telemetryRecordSchema } from '../../shared/application/contracts/telemetry-records.js';
import { stockMessageTypes } from '../../shared/application/contracts/message-types.js';
import { applyStockReply } from '../../shared/application/orders/apply-stock-reply.js';
import { cancelOrder } from '../../shared/application/orders/cancel-order.js';
import { getOrder } from '../../shared/application/orders/get-order.js';
import { handleStockCommand } from '../../shared/application/stock/handle-stock-command.js';
import { projectOrderHistory } from '../../shared/application/subscribers/project-order-history.js';
import { InMemoryOrderHistoryStore } from '../support/in-memory-order-history-store.js';
import { deliveredCommand, deliveredReply, throughJson } from '../support/message-fixtures.js';
import { placeTestOrder } from '../support/order-fixtures.js';
import { createOrderTestHarness, type OrderTestHarness } from '../support/order-test-harness.js';

/** Carries every command sent so far to the stock worker, and every reply back, as the queues would. */
async function deliverMessages(harness: OrderTestHarness, from: { commands: number; replies: number }) {
  for (const command of harness.commands.sent.slice(from.commands)) {
    const result = await handleStockCommand(harness.worker, deliveredCommand(command));
    assert.equal(result.disposition, 'complete');
  }
  for (const reply of harness.replies.sent.slice(from.replies)) {
    const result = await applyStockReply(harness.deps, deliveredReply(reply));
    assert.equal(result.disposition, 'complete');
  }
}

describe('order flow through the core', () => {
  it('confirms the order and takes the stock when the worker can reserve every line', async () => {
    const harness = createOrderTestHarness({ stock: { 'SKU-1': 10, 'SKU-2': 5 } });
    const { order } = await placeTestOrder(harness);
    await deliverMessages(harness, { commands: 0, replies: 0 });
    assert.equal((await getOrder(harness.deps, { orderId: order.id })).status, 'confirmed');
    assert.equal(harness.stock.available('SKU-1'), 8);
  });

  it('rejects the order and takes nothing when a line is out of stock', async () => {
    const harness = createOrderTestHarness({ stock: { 'SKU-1': 10, 'SKU-2': 0 } });
    const { order } = await placeTestOrder(harness);
    await deliverMessages(harness, { commands: 0, replies: 0 });
    const rejected = await getOrder(harness.deps, { orderId: order.id });
    assert.deepEqual(rejected.status === 'rejected' && rejected.rejection.unavailableSkus, ['SKU-2']);
    assert.equal(harness.stock.available('SKU-1'), 10);
  });

  it('gives the stock back when a confirmed order is cancelled', async () => {
    const harness = createOrderTestHarness({ stock: { 'SKU-1': 10, 'SKU-2': 5 } });
    const { order } = await placeTestOrder(harness);
    await deliverMessages(harness, { commands: 0, replies: 0 });
    await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 2 });
    await deliverMessages(harness, { commands: 1, replies: 1 });
    assert.equal(harness.stock.available('SKU-1'), 10);
    assert.equal(harness.stock.available('SKU-2'), 5);
  });

  for (const delivery of ['reserve first', 'release first'] as const) {
    it(`leaves the stock whole and the order cancelled when a pending order is cancelled and the commands arrive ${delivery}`, async () => {
      const harness = createOrderTestHarness({ stock: { 'SKU-1': 10, 'SKU-2': 5 } });
      const { order } = await placeTestOrder(harness);
      await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 1 });
      const commands = harness.commands.sent.map(deliveredCommand);
      for (const command of delivery === 'reserve first' ? commands : [...commands].reverse()) {
        await handleStockCommand(harness.worker, command);
      }
      for (const reply of harness.replies.sent) await applyStockReply(harness.deps, deliveredReply(reply));
      assert.equal((await getOrder(harness.deps, { orderId: order.id })).status, 'cancelled');
      assert.equal(harness.stock.available('SKU-1'), 10);
      assert.equal(harness.stock.available('SKU-2'), 5);
    });
  }

  it('builds the same history whatever order the events are delivered in', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeTestOrder(harness);
    await deliverMessages(harness, { commands: 0, replies: 0 });
    await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 2 });
    const events = harness.events.sent.map(throughJson);
    const inOrder = new InMemoryOrderHistoryStore();
    const reversed = new InMemoryOrderHistoryStore();
    for (const event of events) await projectOrderHistory({ history: inOrder }, { event });
    for (const event of [...events].reverse()) await projectOrderHistory({ history: reversed }, { event });
    assert.deepEqual(await reversed.listByCustomer('customer-1'), await inOrder.listByCustomer('customer-1'));
    assert.equal((await inOrder.listByCustomer('customer-1'))[0]?.status, 'cancelled');
  });

  it('sends only messages that conform to their published contracts when an order goes through its lifecycle', async () => {
    const harness = createOrderTestHarness({ stock: { 'SKU-1': 10, 'SKU-2': 5 } });
    const { order } = await placeTestOrder(harness);
    await deliverMessages(harness, { commands: 0, replies: 0 });
    await cancelOrder(harness.deps, {
      orderId: order.id,
      expectedVersion: 2,
      request: { reason: 'Too slow' },
    });
    await deliverMessages(harness, { commands: 1, replies: 1 });

    const wire = throughJson({
      events: harness.events.sent,
      commands: harness.commands.sent,
      replies: harness.replies.sent,
      telemetry: harness.telemetry.records,
    });
    assert.equal(wire.events.length, 3);
    for (const event of wire.events) assert.deepEqual(orderEventV1Schema.parse(event), event);
    for (const command of wire.commands) {
      const schema =
        command.type === stockMessageTypes.reserveStock ? reserveStockV1Schema : releaseStockV1Schema;
      assert.deepEqual(schema.parse(command.body), command.body);
    }
    for (const reply of wire.replies) {
      assert.deepEqual(reserveStockResultV1Schema.parse(reply.body), reply.body);
    }
    for (const record of wire.telemetry) assert.deepEqual(telemetryRecordSchema.parse(record), record);
  });
});
