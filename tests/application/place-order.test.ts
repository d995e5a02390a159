import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  orderEventTypes,
  stockMessageTypes,
  telemetryTypes,
} from '../../shared/application/contracts/message-types.js';
import { placeOrder } from '../../shared/application/orders/place-order.js';
import { createOrderTestHarness, stockReplyQueue, testStart } from '../support/order-test-harness.js';
import { issuesAt } from '../support/domain-error-matchers.js';
import { placeOrderRequest, uniqueKey } from '../support/order-fixtures.js';

const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

describe('placeOrder', () => {
  it('creates a pending order and commits OrderPlaced and ReserveStock with it when the request is valid', async () => {
    const harness = createOrderTestHarness();
    const { order, created } = await placeOrder(harness.deps, {
      idempotencyKey: uniqueKey(),
      request: placeOrderRequest(),
    });
    assert.equal(created, true);
    assert.equal(order.status, 'pending');
    assert.equal(order.totalMinor, 2_999);
    assert.equal(order.placedAt, testStart);
    assert.deepEqual(await harness.orders.get(order.id), order);
    const written = harness.orders.outboxOf(order.id).map(({ entry }) => entry.message);
    assert.deepEqual(
      written.map((message) => (message.kind === 'event' ? message.event.type : message.command.type)),
      [stockMessageTypes.reserveStock, orderEventTypes.placed],
    );
  });

  it('addresses ReserveStock for duplicate detection and a session reply when it sends the command', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeOrder(harness.deps, {
      idempotencyKey: uniqueKey(),
      request: placeOrderRequest(),
    });
    assert.deepEqual(harness.commands.sent, [
      {
        type: stockMessageTypes.reserveStock,
        messageId: `${order.id}:reserve-stock`,
        body: {
          orderId: order.id,
          lines: [
            { sku: 'SKU-1', quantity: 2 },
            { sku: 'SKU-2', quantity: 1 },
          ],
        },
        replyTo: stockReplyQueue,
        replyToSessionId: order.id,
      },
    ]);
  });

  it('publishes the outbox right after the commit and marks every entry dispatched when the brokers are up', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeOrder(harness.deps, {
      idempotencyKey: uniqueKey(),
      request: placeOrderRequest(),
    });
    assert.equal(harness.events.sent.length, 1);
    assert.equal(harness.events.sent[0]?.type, orderEventTypes.placed);
    assert.equal(harness.events.sent[0]?.subject, `orders/${order.id}`);
    assert.ok(harness.orders.outboxOf(order.id).every((stored) => stored.dispatchedAt === testStart));
  });

  it('returns the original order and creates nothing when a request is retried with the same key and body', async () => {
    const harness = createOrderTestHarness();
    const key = uniqueKey();
    const first = await placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest() });
    harness.clock.advance(5_000);
    const retry = await placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest() });
    assert.equal(retry.created, false);
    assert.deepEqual(retry.order, first.order);
    assert.equal(harness.orders.orderCount, 1);
    assert.equal(harness.commands.sent.length, 1);
    assert.equal(harness.events.sent.length, 1);
  });

  it('treats a body with its properties in another order as the same request when retried', async () => {
    const harness = createOrderTestHarness();
    const key = uniqueKey();
    const request = placeOrderRequest();
    await placeOrder(harness.deps, { idempotencyKey: key, request });
    const reordered = { lines: request.lines, currency: request.currency, customerId: request.customerId };
    const retry = await placeOrder(harness.deps, { idempotencyKey: key, request: reordered });
    assert.equal(retry.created, false);
  });

  it('rejects with idempotency_conflict and creates nothing when the key is reused with another body', async () => {
    const harness = createOrderTestHarness();
    const key = uniqueKey();
    await placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest() });
    await assert.rejects(
      placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest({ currency: 'USD' }) }),
      { code: 'idempotency_conflict' },
    );
    assert.equal(harness.orders.orderCount, 1);
  });

  it('rejects with validation_failed and claims nothing when the body is invalid', async () => {
    const harness = createOrderTestHarness();
    const key = uniqueKey();
    await assert.rejects(
      placeOrder(harness.deps, { idempotencyKey: key, request: { ...placeOrderRequest(), lines: [] } }),
      issuesAt('validation_failed', ['/lines']),
    );
    // The key is still free: the corrected request goes through under it.
    const corrected = await placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest() });
    assert.equal(corrected.created, true);
  });

  it('rejects with validation_failed and claims nothing when the body breaks a domain rule', async () => {
    const harness = createOrderTestHarness();
    const line = { sku: 'SKU-1', quantity: 1, unitPriceMinor: 100 };
    await assert.rejects(
      placeOrder(harness.deps, {
        idempotencyKey: uniqueKey(),
        request: placeOrderRequest({ lines: [line, line] }),
      }),
      {
        code: 'validation_failed',
        issues: [{ pointer: '/lines/1/sku', message: 'Each SKU appears on one line only.' }],
      },
    );
    assert.equal(harness.orders.orderCount, 0);
  });

  for (const [condition, request] of [
    ['the body is not an object', 'an order'],
    ['the body is null', null],
    [
      'a quantity is a string',
      placeOrderRequest({ lines: [{ sku: 'SKU-1', quantity: '2' as unknown as number, unitPriceMinor: 1 }] }),
    ],
    [
      'a price has a fraction of a minor unit',
      placeOrderRequest({ lines: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: 12.5 }] }),
    ],
    ['the body has an unknown property', { ...placeOrderRequest(), coupon: 'FREE' }],
  ] as const) {
    it(`rejects with validation_failed when ${condition}`, async () => {
      const harness = createOrderTestHarness();
      await assert.rejects(placeOrder(harness.deps, { idempotencyKey: uniqueKey(), request }), {
        code: 'validation_failed',
      });
      assert.equal(harness.orders.orderCount, 0);
    });
  }

  for (const [condition, key] of [
    ['the Idempotency-Key is missing', undefined],
    ['the Idempotency-Key is empty', ''],
    ['the Idempotency-Key has a slash', 'a/b'],
    ['the Idempotency-Key is longer than 128 characters', 'k'.repeat(129)],
  ] as const) {
    it(`rejects with validation_failed when ${condition}`, async () => {
      const harness = createOrderTestHarness();
      await assert.rejects(
        placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest() }),
        issuesAt('validation_failed', ['/idempotencyKey']),
      );
    });
  }

  it('keeps the committed order and leaves its entries pending when publishing fails right after the commit', async () => {
    const harness = createOrderTestHarness();
    harness.commands.failNext(new Error('Service Bus unavailable'));
    harness.events.failNext(new Error('Event Grid unavailable'));
    const { order, created } = await placeOrder(harness.deps, {
      idempotencyKey: uniqueKey(),
      request: placeOrderRequest(),
    });
    assert.equal(created, true);
    assert.equal((await harness.orders.listPending(order.id)).length, 2);
    const failures = harness.telemetry.records.filter(
      (record) => record.type === telemetryTypes.outboxDispatchFailed,
    );
    assert.deepEqual(
      failures.map((record) => 'error' in record && record.error),
      ['Error: Service Bus unavailable', 'Error: Event Grid unavailable'],
    );
  });

  it('finishes the first attempt under its order id when a retry finds the key claimed but no order written', async () => {
    const harness = createOrderTestHarness();
    const key = uniqueKey();
    harness.orders.failNextWrite(new Error('process stopped'));
    await assert.rejects(placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest() }), {
      message: 'process stopped',
    });
    assert.equal(harness.orders.orderCount, 0);
    const claimedOrderId = harness.idempotency.recordOf(key)?.orderId;
    const retry = await placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest() });
    assert.equal(retry.created, true);
    assert.equal(retry.order.id, claimedOrderId);
    assert.equal(harness.orders.orderCount, 1);
  });

  it('creates exactly one order when two requests with the same key race', async () => {
    const harness = createOrderTestHarness();
    const key = uniqueKey();
    const results = await Promise.all([
      placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest() }),
      placeOrder(harness.deps, { idempotencyKey: key, request: placeOrderRequest() }),
    ]);
    assert.deepEqual(results.map((result) => result.created).sort(), [false, true]);
    assert.equal(results[0]?.order.id, results[1]?.order.id);
    assert.equal(harness.orders.orderCount, 1);
    assert.equal(harness.commands.sent.length, 1);
  });

  it('reports the placement as telemetry partitioned by the order when the order is created', async () => {
    const harness = createOrderTestHarness();
    const { order } = await placeOrder(harness.deps, {
      idempotencyKey: uniqueKey(),
      request: placeOrderRequest(),
    });
    assert.deepEqual(harness.telemetry.records, [
      {
        type: telemetryTypes.orderTransitioned,
        time: testStart,
        orderId: order.id,
        from: null,
        to: 'pending',
        currency: 'EUR',
        totalMinor: 2_999,
        sincePlacedMs: 0,
      },
    ]);
  });

  it('carries the trace context to the event and the command when the request has one', async () => {
    const harness = createOrderTestHarness();
    await placeOrder(harness.deps, { idempotencyKey: uniqueKey(), request: placeOrderRequest(), trace });
    assert.equal(harness.events.sent[0]?.traceparent, trace.traceparent);
    assert.deepEqual(harness.commands.sent[0]?.trace, trace);
  });
});
