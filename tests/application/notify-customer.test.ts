import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderEventV1 } from '../../shared/application/contracts/order-events.js';
import { applyStockReply } from '../../shared/application/orders/apply-stock-reply.js';
import { cancelOrder } from '../../shared/application/orders/cancel-order.js';
import { notifyCustomer } from '../../shared/application/subscribers/notify-customer.js';
import { InMemoryHandledEventStore } from '../support/in-memory-handled-event-store.js';
import { stockReply, throughJson } from '../support/message-fixtures.js';
import { placeTestOrder } from '../support/order-fixtures.js';
import { createOrderTestHarness } from '../support/order-test-harness.js';
import { RecordingCustomerNotifier } from '../support/recording-ports.js';

function subscriber() {
  const harness = createOrderTestHarness();
  return {
    notifier: new RecordingCustomerNotifier(),
    handled: new InMemoryHandledEventStore(),
    clock: harness.clock,
  };
}

async function eventsOfOneOrder(): Promise<OrderEventV1[]> {
  const harness = createOrderTestHarness();
  const { order } = await placeTestOrder(harness);
  await applyStockReply(harness.deps, stockReply({ orderId: order.id, outcome: 'reserved' }));
  await cancelOrder(harness.deps, { orderId: order.id, expectedVersion: 2 });
  return harness.events.sent.map(throughJson);
}

async function rejectedEvent(): Promise<OrderEventV1> {
  const harness = createOrderTestHarness();
  const { order } = await placeTestOrder(harness);
  await applyStockReply(
    harness.deps,
    stockReply({
      orderId: order.id,
      outcome: 'rejected',
      reason: 'insufficient_stock',
      unavailableSkus: ['SKU-2'],
    }),
  );
  const rejected = harness.events.sent.at(-1);
  assert.ok(rejected);
  return throughJson(rejected);
}

describe('notifyCustomer', () => {
  it('tells the customer about each order event, keyed by the event id, when events arrive', async () => {
    const deps = subscriber();
    const events = await eventsOfOneOrder();
    for (const event of events) await notifyCustomer(deps, { event });
    assert.deepEqual(
      deps.notifier.sent.map((notification) => [notification.notificationId, notification.customerId]),
      events.map((event) => [event.id, 'customer-1']),
    );
    const [placed, confirmed, cancelled] = deps.notifier.sent;
    assert.equal(placed?.body, 'Total EUR 29.99. We are checking stock and will confirm shortly.');
    assert.match(confirmed?.subject ?? '', /is confirmed$/);
    assert.match(cancelled?.subject ?? '', /is cancelled$/);
  });

  it('names the SKUs that were short when the order is rejected', async () => {
    const deps = subscriber();
    await notifyCustomer(deps, { event: await rejectedEvent() });
    assert.equal(deps.notifier.sent[0]?.body, 'Not enough stock of SKU-2. You have not been charged.');
  });

  it('sends nothing more when an event is delivered again', async () => {
    const deps = subscriber();
    const [placed] = await eventsOfOneOrder();
    await notifyCustomer(deps, { event: placed });
    const again = await notifyCustomer(deps, { event: placed });
    assert.deepEqual(again, { disposition: 'complete', outcome: 'already_sent' });
    assert.equal(deps.notifier.sent.length, 1);
  });

  it('rethrows and sends on redelivery when the notification cannot be sent', async () => {
    const deps = subscriber();
    const [placed] = await eventsOfOneOrder();
    deps.notifier.failNext(new Error('mail server unavailable'));
    await assert.rejects(notifyCustomer(deps, { event: placed }), { message: 'mail server unavailable' });
    const redelivery = await notifyCustomer(deps, { event: placed });
    assert.deepEqual(redelivery, { disposition: 'complete', outcome: 'sent' });
    assert.equal(deps.notifier.sent.length, 1);
  });

  it('skips the event when its type is not an order event this code knows', async () => {
    const deps = subscriber();
    const [placed] = await eventsOfOneOrder();
    const result = await notifyCustomer(deps, {
      event: { ...placed, type: 'com.example.billing.invoice.sent.v1' },
    });
    assert.deepEqual(result, { disposition: 'complete', outcome: 'skipped_other_type' });
    assert.deepEqual(deps.notifier.sent, []);
  });

  it('dead-letters with malformed_message and sends nothing when the event is malformed', async () => {
    const deps = subscriber();
    const [placed] = await eventsOfOneOrder();
    const result = await notifyCustomer(deps, {
      event: { ...placed, data: { orderId: placed?.data.orderId } },
    });
    assert.equal(result.disposition === 'dead-letter' && result.reason, 'malformed_message');
    assert.deepEqual(deps.notifier.sent, []);
  });
});
