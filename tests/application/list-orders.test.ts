import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyStockReply } from '../../shared/application/orders/apply-stock-reply.js';
import { listOrders } from '../../shared/application/orders/list-orders.js';
import { issuesAt } from '../support/domain-error-matchers.js';
import { stockReply } from '../support/message-fixtures.js';
import { placeTestOrder } from '../support/order-fixtures.js';
import { createOrderTestHarness, type OrderTestHarness } from '../support/order-test-harness.js';

async function placeSeveral(harness: OrderTestHarness, customerId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    harness.clock.advance(1_000);
    ids.push((await placeTestOrder(harness, { customerId })).order.id);
  }
  return ids;
}

describe('listOrders', () => {
  it("returns only the customer's orders when filtered by customer", async () => {
    const harness = createOrderTestHarness();
    const mine = await placeSeveral(harness, 'customer-a', 2);
    await placeSeveral(harness, 'customer-b', 2);
    const { orders, continuationToken } = await listOrders(harness.deps, { customerId: 'customer-a' });
    assert.deepEqual(orders.map((order) => order.id).sort(), [...mine].sort());
    assert.equal(continuationToken, undefined);
  });

  it('returns only orders in the status when filtered by status', async () => {
    const harness = createOrderTestHarness();
    const [confirmedId, pendingId] = await placeSeveral(harness, 'customer-a', 2);
    await applyStockReply(harness.deps, stockReply({ orderId: confirmedId ?? '', outcome: 'reserved' }));
    const confirmed = await listOrders(harness.deps, { customerId: 'customer-a', status: 'confirmed' });
    const pending = await listOrders(harness.deps, { customerId: 'customer-a', status: 'pending' });
    assert.deepEqual(
      confirmed.orders.map((order) => order.id),
      [confirmedId],
    );
    assert.deepEqual(
      pending.orders.map((order) => order.id),
      [pendingId],
    );
  });

  it('visits every order exactly once when following continuation tokens page by page', async () => {
    const harness = createOrderTestHarness();
    const placed = await placeSeveral(harness, 'customer-a', 7);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await listOrders(harness.deps, {
        customerId: 'customer-a',
        limit: 3,
        continuationToken: token,
      });
      seen.push(...page.orders.map((order) => order.id));
      token = page.continuationToken;
      pages += 1;
    } while (token !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual([...seen].sort(), [...placed].sort());
  });

  it('rejects with validation_failed when a continuation token is used with other filters', async () => {
    const harness = createOrderTestHarness();
    await placeSeveral(harness, 'customer-a', 3);
    const { continuationToken } = await listOrders(harness.deps, { customerId: 'customer-a', limit: 1 });
    await assert.rejects(
      listOrders(harness.deps, { customerId: 'customer-b', limit: 1, continuationToken }),
      issuesAt('validation_failed', ['/continuationToken']),
    );
  });

  for (const [condition, input, pointer] of [
    [
      'the continuation token is not one the API issued',
      { continuationToken: 'bm90LWEtdG9rZW4' },
      '/continuationToken',
    ],
    ['the status is unknown', { status: 'shipped' }, '/status'],
    ['the limit is zero', { limit: 0 }, '/limit'],
    ['the limit is above 100', { limit: 101 }, '/limit'],
    ['the limit is not a number', { limit: Number('ten') }, '/limit'],
    ['the customer id has a forbidden character', { customerId: 'a/b' }, '/customerId'],
  ] as const) {
    it(`rejects with validation_failed when ${condition}`, async () => {
      const harness = createOrderTestHarness();
      await assert.rejects(listOrders(harness.deps, input), issuesAt('validation_failed', [pointer]));
    });
  }

  it('returns 20 orders and a token when there are more than 20 and no limit is given', async () => {
    const harness = createOrderTestHarness();
    await placeSeveral(harness, 'customer-a', 21);
    const page = await listOrders(harness.deps, {});
    assert.equal(page.orders.length, 20);
    assert.ok(page.continuationToken);
  });
});
