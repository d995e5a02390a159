import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { orderLifecycle } from '../../shared/domain/order-lifecycle.js';
import { defaultCancellationPolicy } from '../../shared/domain/cancellation-policy.js';
import { apiRoutes, type ApiOperation } from '../../shared/http/api-routes.js';
import { openApiDocument } from '../../shared/http/openapi/openapi-document.js';
import { orderResourceSchema, toOrderResource } from '../../shared/http/order-resource.js';
import { problemTypes } from '../../shared/http/problem-details.js';
import { openApiFile } from './support/write-openapi-document.js';

type Operations = Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;

describe('OpenAPI document', () => {
  it('is committed in docs/openapi.json exactly as the app serves it', async () => {
    const committed = await readFile(openApiFile, 'utf8').catch(() => 'null');
    assert.deepEqual(
      JSON.parse(committed),
      openApiDocument(),
      'docs/openapi.json is out of date: build, then run `node dist/tests/app/support/write-openapi-document.js`',
    );
  });

  it('documents every operation of the route table under its path and method', () => {
    const paths = openApiDocument()['paths'] as Operations;
    for (const [operation, route] of Object.entries(apiRoutes)) {
      assert.equal(paths[`/${route.route}`]?.[route.method.toLowerCase()]?.operationId, operation);
    }
    const documented = Object.values(paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    assert.deepEqual(documented.sort(), Object.keys(apiRoutes).sort());
  });

  it('documents every status each operation can answer with, successes and problems alike', () => {
    const paths = openApiDocument()['paths'] as Operations;
    for (const operation of Object.keys(apiRoutes) as ApiOperation[]) {
      const route = apiRoutes[operation];
      const responses = paths[`/${route.route}`]?.[route.method.toLowerCase()]?.responses ?? {};
      const statuses = new Set([
        ...route.success,
        ...route.problems.map((code) => problemTypes[code].status),
      ]);
      assert.deepEqual(Object.keys(responses).map(Number).sort(), [...statuses].sort(), operation);
    }
  });

  it('resolves every $ref to a component it defines', () => {
    const document = openApiDocument();
    const text = JSON.stringify(document);
    for (const [, kind, name] of text.matchAll(/"#\/components\/(\w+)\/(\w+)"/g)) {
      const components = document['components'] as Record<string, Record<string, unknown>>;
      assert.ok(components[kind ?? '']?.[name ?? ''] !== undefined, `#/components/${kind}/${name}`);
    }
  });

  it('describes the order resource every state of an order maps to', () => {
    const pending = orderLifecycle.place({
      id: 'order-1',
      customerId: 'customer-1',
      currency: 'EUR',
      lines: [{ sku: 'SKU-1', quantity: 2, unitPriceMinor: 100 }],
      at: '2025-03-01T10:00:00.000Z',
    }).order;
    const at = '2025-03-01T10:00:01.000Z';
    const confirmed = orderLifecycle.confirm(pending, { at }).order;
    const states = [
      pending,
      confirmed,
      orderLifecycle.reject(pending, { at, reason: 'insufficient_stock', unavailableSkus: ['SKU-1'] }).order,
      orderLifecycle.cancel(confirmed, { at, reason: 'changed my mind', policy: defaultCancellationPolicy })
        .order,
    ];
    for (const order of states) {
      assert.deepEqual(orderResourceSchema.strict().parse(toOrderResource(order)), toOrderResource(order));
    }
  });
});
