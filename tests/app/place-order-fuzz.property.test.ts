import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startLocalStack, type LocalStack } from '../scenarios/support/local-stack.js';

// Thousands of random bodies at the real API: whatever a client sends, the answer is ours to give (2xx or 4xx with a
// problem), never a failure of ours (5xx).

const validOrder = fc.record({
  customerId: fc.constantFrom('c-1', 'c-2', 'bad id', ''),
  currency: fc.constantFrom('EUR', 'JPY', 'XXX', 1),
  lines: fc.array(
    fc.record({
      sku: fc.constantFrom('SKU-1', 'SKU-2', 'sku-lower', 'NOPE-9'),
      quantity: fc.oneof(fc.integer({ min: -5, max: 2_000 }), fc.double(), fc.constant('1')),
      unitPriceMinor: fc.oneof(
        fc.integer({ min: -1, max: 2_000_000_000 }),
        fc.constant(Number.MAX_SAFE_INTEGER),
      ),
    }),
    { maxLength: 60 },
  ),
});

const body = fc.oneof(
  { weight: 3, arbitrary: validOrder.map((order) => JSON.stringify(order)) },
  { weight: 2, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string() },
  {
    weight: 1,
    arbitrary: fc
      .jsonValue()
      .map((value) => JSON.stringify({ customerId: 'c-1', currency: 'EUR', lines: value })),
  },
);

const headers = fc.record({
  'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', ''),
  'idempotency-key': fc.oneof(fc.uuid(), fc.constantFrom('', 'same-key', 'bad key!', 'x'.repeat(200))),
  prefer: fc.constantFrom('', 'wait=0', 'wait=abc', 'respond-async'),
});

describe('POST /orders with random bodies', () => {
  let stack: LocalStack;

  before(async () => {
    stack = await startLocalStack();
  });
  after(() => stack.close());

  it('never answers 5xx, and every refusal is a problem document', async () => {
    await fc.assert(
      fc.asyncProperty(body, headers, async (text, sent) => {
        const response = await fetch(`${stack.api}/orders`, {
          method: 'POST',
          headers: Object.fromEntries(Object.entries(sent).filter(([, value]) => value !== '')),
          body: text,
        });
        const answer = await response.text();
        assert.ok(response.status < 500, `${response.status} for ${text.slice(0, 200)}: ${answer}`);
        if (response.status >= 400)
          assert.equal(response.headers.get('content-type'), 'application/problem+json');
      }),
      { numRuns: 2_000 },
    );
  });
});
