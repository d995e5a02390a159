import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { odata } from '@azure/data-tables';
import { messageIds } from '../../shared/application/messaging/message-ids.js';
import { startLocalStack, type LocalStack } from './support/local-stack.js';
import { OrdersApi } from './support/orders-api.js';
import { outcomeOf } from './support/outcomes.js';
import { pollUntil } from './support/poll.js';
import { newCustomerId, stackState } from './support/stack-state.js';

// Through the whole local stack: HTTP in, Table Storage, the outbox to Service Bus and Event Grid, the stock worker,
// the session-enabled reply queue and both Event Grid subscribers, all in the local Functions host.

describe('an order through the local stack', () => {
  let stack: LocalStack;
  let api: OrdersApi;
  let state: ReturnType<typeof stackState>;

  before(async () => {
    stack = await startLocalStack();
    api = new OrdersApi(stack.api);
    state = stackState(stack);
  });
  after(() => stack.close());

  const orderOf = (customerId: string, lines: { sku: string; quantity: number }[]) => ({
    customerId,
    currency: 'EUR',
    lines: lines.map((line) => ({ ...line, unitPriceMinor: 1_250 })),
  });

  it('is confirmed, its stock reserved and its history and notification written, when every line is in stock', async () => {
    const [sku] = await state.seedStock(10);
    const customerId = newCustomerId();
    const placed = await api.place(orderOf(customerId, [{ sku: sku ?? '', quantity: 3 }]), {
      waitSeconds: 20,
    });

    assert.equal(placed.status, 201);
    assert.equal(placed.body.status, 'confirmed');
    assert.equal(placed.headers.get('preference-applied'), 'wait=20');
    assert.equal(placed.headers.get('etag'), '"2"');
    assert.equal(placed.headers.get('location'), `/api/orders/${placed.body.id}`);
    assert.equal(await state.available(sku ?? ''), 7);

    const confirmedEventId = await pollHistory(customerId, placed.body.id, 2);
    await outcomeOf(stack.logs, 'notifyCustomer', `event ${confirmedEventId}`);
    const notifications = await listNotifications(customerId);
    assert.deepEqual(
      notifications.map((notification) => notification.subject).sort(),
      [`Order ${placed.body.id} is confirmed`, `We received your order ${placed.body.id}`].sort(),
    );
  });

  it('is rejected for lack of stock, naming the SKU and leaving the stock untouched', async () => {
    const [plenty, scarce] = await state.seedStock(10, 1);
    const placed = await api.place(
      orderOf(newCustomerId(), [
        { sku: plenty ?? '', quantity: 1 },
        { sku: scarce ?? '', quantity: 2 },
      ]),
      { waitSeconds: 20 },
    );
    assert.equal(placed.status, 201);
    assert.equal(placed.body.status, 'rejected');
    assert.deepEqual(placed.body.rejection, { reason: 'insufficient_stock', unavailableSkus: [scarce] });
    assert.equal(await state.available(plenty ?? ''), 10);
    assert.equal(await state.available(scarce ?? ''), 1);
  });

  it('is rejected for a SKU the catalogue does not have, naming it and taking nothing', async () => {
    const [known] = await state.seedStock(10);
    const unknown = `SKU-UNKNOWN-${randomUUID().slice(0, 8).toUpperCase()}`;
    const placed = await api.place(
      orderOf(newCustomerId(), [
        { sku: known ?? '', quantity: 1 },
        { sku: unknown, quantity: 1 },
      ]),
      { waitSeconds: 20 },
    );
    assert.equal(placed.status, 201);
    assert.equal(placed.body.status, 'rejected');
    assert.deepEqual(placed.body.rejection, { reason: 'insufficient_stock', unavailableSkus: [unknown] });
    assert.equal(await state.available(known ?? ''), 10);
  });

  it('answers a retried POST with the original order and creates nothing new', async () => {
    const [sku] = await state.seedStock(10);
    const customerId = newCustomerId();
    const body = orderOf(customerId, [{ sku: sku ?? '', quantity: 2 }]);
    const idempotencyKey = randomUUID();
    const first = await api.place(body, { idempotencyKey });
    const retry = await api.place(body, { idempotencyKey, waitSeconds: 20 });

    assert.equal(first.status, 202);
    assert.equal(first.headers.get('retry-after'), '1');
    assert.equal(retry.body.id, first.body.id);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(retry.body.status, 'confirmed');
    const listed = await api.list({ customerId });
    assert.deepEqual(
      listed.body.orders.map((order) => order.id),
      [first.body.id],
    );
    assert.equal(await state.available(sku ?? ''), 8);

    const reused = await api.place({ ...body, currency: 'USD' }, { idempotencyKey });
    assert.equal(reused.status, 422);
    assert.equal(reused.headers.get('content-type'), 'application/problem+json');
  });

  it('is cancelled with the ETag last seen, refused with a stale one, and gives its stock back', async () => {
    const [sku] = await state.seedStock(10);
    const placed = await api.place(orderOf(newCustomerId(), [{ sku: sku ?? '', quantity: 4 }]), {
      waitSeconds: 20,
    });
    assert.equal(placed.body.status, 'confirmed');
    assert.equal(await state.available(sku ?? ''), 6);

    const stale = await api.cancel(placed.body.id, { ifMatch: '"1"' });
    assert.equal(stale.status, 412);
    const missing = await api.cancel(placed.body.id);
    assert.equal(missing.status, 428);

    const cancelled = await api.cancel(placed.body.id, {
      ifMatch: placed.headers.get('etag') ?? '',
      body: { reason: 'Ordered twice' },
    });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.deepEqual(cancelled.body.cancellation, { from: 'confirmed', reason: 'Ordered twice' });
    assert.equal(cancelled.headers.get('etag'), '"3"');

    const release = await outcomeOf(
      stack.logs,
      'handleStockCommand',
      `message ${messageIds.releaseStock(placed.body.id)}`,
    );
    assert.match(release, /^Outcome: released /);
    assert.equal(await state.available(sku ?? ''), 10);

    const again = await api.cancel(placed.body.id, { ifMatch: '"2"' });
    assert.equal(again.status, 200, 'cancelling a cancelled order changes nothing and succeeds');
  });

  async function pollHistory(customerId: string, orderId: string, version: number): Promise<string> {
    const entry = await pollUntil(
      () => state.history.get({ customerId, orderId }),
      (found) => (found?.orderVersion ?? 0) >= version,
    );
    assert.equal(entry?.orderVersion, version);
    assert.equal(entry?.status, 'confirmed');
    return entry?.lastEventId ?? '';
  }

  async function listNotifications(customerId: string): Promise<{ subject: string }[]> {
    const rows: { subject: string }[] = [];
    const filter = odata`PartitionKey eq ${customerId}`;
    for await (const row of state.notifications.listEntities<{ Subject: string }>({
      queryOptions: { filter },
    })) {
      rows.push({ subject: row.Subject });
    }
    return rows;
  }
});
