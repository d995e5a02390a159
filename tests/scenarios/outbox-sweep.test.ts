import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { orderLifecycle } from '../../shared/domain/order-lifecycle.js';
import { orderOutboxEntries } from '../../shared/application/outbox/order-outbox-entries.js';
import { defaultEntityNames } from '../../shared/config/load-config.js';
import { startLocalStack, type LocalStack } from './support/local-stack.js';
import { OrdersApi } from './support/orders-api.js';
import { pollUntil } from './support/poll.js';
import { newCustomerId, stackState } from './support/stack-state.js';

describe('the outbox sweeper in the local stack', () => {
  let stack: LocalStack;
  let state: ReturnType<typeof stackState>;
  let api: OrdersApi;

  before(async () => {
    stack = await startLocalStack();
    state = stackState(stack);
    api = new OrdersApi(stack.api);
  });
  after(() => stack.close());

  it('publishes what a crash left in the outbox, and the order then completes as if nothing had happened', async () => {
    const [sku] = await state.seedStock(5);
    // What an instance that crashed right after its commit leaves behind: the order and its outbox entries,
    // written together, and nothing published. Written minutes ago, so the sweeper, not a relay, owns them.
    const placedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    const placed = orderLifecycle.place({
      id: randomUUID(),
      customerId: newCustomerId(),
      currency: 'EUR',
      lines: [{ sku: sku ?? '', quantity: 2, unitPriceMinor: 100 }],
      at: placedAt,
    });
    const outbox = orderOutboxEntries(placed, {
      eventId: randomUUID(),
      stockReplyQueue: defaultEntityNames.stockRepliesQueue,
    });
    await state.orders.insert({ order: placed.order, outbox });
    assert.equal((await state.orders.listPending(placed.order.id)).length, 2);

    const from = stack.logs.mark();
    stack.hostClock.advance(60_000);
    const swept = await stack.logs.waitFor(
      (record) => record.category === 'Function.sweepOutbox.User' && record.message.startsWith('Swept'),
      { from },
    );
    assert.match(swept.message, /^Swept [1-9]\d* order\(s\): [2-9]\d* entr\(ies\) dispatched\.$/);

    const order = await pollUntil(
      () => api.get(placed.order.id),
      (answer) => answer.body.status !== 'pending',
    );
    assert.equal(order.body.status, 'confirmed');
    assert.equal(await state.available(sku ?? ''), 3);
    // The confirmation's own event is relayed right after its commit, possibly just after the read above.
    const pending = await pollUntil(
      () => state.orders.listPending(placed.order.id),
      (entries) => entries.length === 0,
    );
    assert.deepEqual(pending, []);
  });
});
