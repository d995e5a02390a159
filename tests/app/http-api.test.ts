import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { startLocalStack, type LocalStack } from '../scenarios/support/local-stack.js';
import { OrdersApi } from '../scenarios/support/orders-api.js';
import { pollUntil } from '../scenarios/support/poll.js';
import { newCustomerId, stackState } from '../scenarios/support/stack-state.js';

interface OrderHistoryBody {
  customerId: string;
  orders: { orderId: string; status: string; orderVersion: number; totalMinor: number; currency: string }[];
}

// The HTTP edge as clients meet it: the real app in the local host, on Azurite and the emulator.

describe('the order API in the local host', () => {
  let stack: LocalStack;
  let api: OrdersApi;
  let state: ReturnType<typeof stackState>;

  before(async () => {
    stack = await startLocalStack();
    api = new OrdersApi(stack.api);
    state = stackState(stack);
  });
  after(() => stack.close());

  it('registers exactly the operations of the route table, each on its route and method', () => {
    const registered = stack.host.functions
      .filter((fn) => fn.trigger === 'httpTrigger')
      .map((fn) => [
        fn.name,
        fn.url?.slice(stack.api.length + 1),
        fn.methods?.map((method) => method.toUpperCase()),
      ]);
    const declared = Object.entries(apiRoutes).map(([name, route]) => [name, route.route, [route.method]]);
    assert.deepEqual(registered.sort(), declared.sort());
  });

  it('serves the OpenAPI document that docs/openapi.json holds', async () => {
    const served = await api.raw('GET', '/openapi.json');
    assert.equal(served.status, 200);
    const committed = await readFile(new URL('../../../docs/openapi.json', import.meta.url), 'utf8');
    assert.deepEqual(JSON.parse(served.text), JSON.parse(committed));
  });

  const json = { 'content-type': 'application/json', 'idempotency-key': 'key-for-bad-input' };
  const badRequests: [
    string,
    string,
    string,
    { body?: string; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    [
      'malformed JSON',
      'POST',
      '/orders',
      { body: '{"customerId": ', headers: json },
      400,
      'malformed_request',
    ],
    [
      'a body over 64 KiB',
      'POST',
      '/orders',
      { body: `"${'x'.repeat(70_000)}"`, headers: json },
      413,
      'payload_too_large',
    ],
    [
      'a body that is not JSON by its type',
      'POST',
      '/orders',
      { body: '{}', headers: { ...json, 'content-type': 'text/plain' } },
      415,
      'unsupported_media_type',
    ],
    [
      'no Idempotency-Key',
      'POST',
      '/orders',
      { body: '{}', headers: { 'content-type': 'application/json' } },
      400,
      'validation_failed',
    ],
    ['an unknown order', 'GET', '/orders/no-such-order', {}, 404, 'order_not_found'],
    ['an order id that cannot be one', 'GET', '/orders/%E2%9C%93', {}, 404, 'order_not_found'],
    [
      'a continuation token not issued here',
      'GET',
      '/orders?continuationToken=forged',
      {},
      400,
      'validation_failed',
    ],
    ['a page size that is not a number', 'GET', '/orders?limit=ten', {}, 400, 'validation_failed'],
    ['a status that does not exist', 'GET', '/orders?status=shipped', {}, 400, 'validation_failed'],
    [
      'a metrics range backwards',
      'GET',
      '/metrics?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z',
      {},
      400,
      'validation_failed',
    ],
    [
      'an If-None-Match that is not an entity tag',
      'GET',
      '/orders/no-such-order',
      { headers: { 'if-none-match': '3' } },
      400,
      'validation_failed',
    ],
    [
      'an order history for a customer id that is not one',
      'GET',
      '/customers/not%20an%20id!/orders',
      {},
      400,
      'validation_failed',
    ],
    [
      'a cancellation without If-Match',
      'POST',
      '/orders/no-such-order/cancel',
      {},
      428,
      'precondition_required',
    ],
    [
      'an If-Match that is not an entity tag',
      'POST',
      '/orders/no-such-order/cancel',
      { headers: { 'if-match': '3' } },
      400,
      'validation_failed',
    ],
    [
      'a cancellation of an unknown order',
      'POST',
      '/orders/no-such-order/cancel',
      { headers: { 'if-match': '"1"' } },
      404,
      'order_not_found',
    ],
  ];
  for (const [what, method, path, init, status, code] of badRequests) {
    it(`answers ${status} ${code} as problem details when given ${what}`, async () => {
      const answer = await api.raw(method, path, init);
      assert.equal(answer.status, status, answer.text);
      assert.equal(answer.headers.get('content-type'), 'application/problem+json');
      const problem = JSON.parse(answer.text) as {
        status: number;
        code: string;
        type: string;
        title: string;
      };
      assert.equal(problem.status, status);
      assert.equal(problem.code, code);
      assert.equal(problem.type, `https://example.com/problems/${code.replaceAll('_', '-')}`);
    });
  }

  it('names every invalid field of a body with the wrong types, and keeps nothing of it', async () => {
    const customerId = newCustomerId();
    const answer = await api.place({
      customerId,
      currency: 'XXX',
      lines: [{ sku: 'SKU-1', quantity: '2', unitPriceMinor: -1 }],
      note: 'unexpected',
    });
    assert.equal(answer.status, 400);
    const problem = answer.body as unknown as { errors: { pointer: string }[] };
    assert.deepEqual(problem.errors.map((error) => error.pointer).sort(), [
      '#',
      '#/currency',
      '#/lines/0/quantity',
      '#/lines/0/unitPriceMinor',
    ]);
    assert.deepEqual((await api.list({ customerId })).body.orders, []);
  });

  it("serves a customer's order history from the projection, newest first, once the events are delivered", async () => {
    const [sku] = await state.seedStock(5);
    const customerId = newCustomerId();
    const place = () =>
      api.place(
        { customerId, currency: 'EUR', lines: [{ sku: sku ?? '', quantity: 1, unitPriceMinor: 250 }] },
        { waitSeconds: 20 },
      );
    const first = await place();
    const second = await place();
    const history = await pollUntil(
      async () =>
        JSON.parse((await api.raw('GET', `/customers/${customerId}/orders`)).text) as OrderHistoryBody,
      (body) => body.orders.length === 2 && body.orders.every((order) => order.status === 'confirmed'),
    );
    assert.equal(history.customerId, customerId);
    assert.deepEqual(
      history.orders.map((order) => [order.orderId, order.orderVersion, order.totalMinor, order.currency]),
      [
        [second.body.id, 2, 250, 'EUR'],
        [first.body.id, 2, 250, 'EUR'],
      ],
    );
    const empty = await api.raw('GET', `/customers/${newCustomerId()}/orders`);
    assert.equal(empty.status, 200);
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 with an older one', async () => {
    const [sku] = await state.seedStock(5);
    const placed = await api.place(
      { customerId: newCustomerId(), currency: 'EUR', lines: [{ sku, quantity: 1, unitPriceMinor: 1 }] },
      { waitSeconds: 20 },
    );
    const etag = placed.headers.get('etag') ?? '';
    assert.equal((await api.get(placed.body.id, { 'if-none-match': etag })).status, 304);
    assert.equal((await api.get(placed.body.id, { 'if-none-match': `W/${etag}` })).status, 304);
    const older = await api.get(placed.body.id, { 'if-none-match': '"1"' });
    assert.equal(older.status, 200);
    assert.equal(older.body.version, placed.body.version);
  });

  it("pages through a customer's orders with continuation tokens, each order once, with a next link", async () => {
    const [sku] = await state.seedStock(100);
    const customerId = newCustomerId();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const placed = await api.place({
        customerId,
        currency: 'EUR',
        lines: [{ sku, quantity: 1, unitPriceMinor: 1 }],
      });
      ids.add(placed.body.id);
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await api.list({
        customerId,
        limit: '2',
        ...(token === undefined ? {} : { continuationToken: token }),
      });
      assert.equal(page.status, 200);
      assert.ok(page.body.orders.length <= 2);
      seen.push(...page.body.orders.map((order) => order.id));
      token = page.body.continuationToken;
      if (token !== undefined)
        assert.match(page.headers.get('link') ?? '', /^<\/api\/orders\?.*continuationToken=.*>; rel="next"$/);
      pages += 1;
    } while (token !== undefined && pages < 10);
    assert.deepEqual(seen.sort(), [...ids].sort());

    const first = await api.list({ customerId, limit: '2' });
    const reused = await api.list({
      customerId: newCustomerId(),
      continuationToken: first.body.continuationToken ?? '',
    });
    assert.equal(reused.status, 400, 'a token only continues the query that issued it');
  });

  it('serves per-minute metrics for a range, oldest first', async () => {
    const answer = await api.raw('GET', '/metrics?from=2025-03-01T00:00:00Z&to=2025-03-01T01:00:00Z');
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.text), { minutes: [] });
  });
});
