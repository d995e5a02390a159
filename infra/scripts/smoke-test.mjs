/* global process, console, fetch, URL, AbortSignal */
// Smoke test of a deployed environment: places an order through the API and waits for its outcome, which takes
// the whole command round trip (HTTP -> outbox -> Service Bus -> stock worker -> reply session -> order) to
// reach. Reads SERVICE_API_URI (an output of infra/main.bicep); exits non-zero on failure.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** @typedef {{ id: string, status: string }} OrderResource */

const base = process.env.SERVICE_API_URI;
if (!base) {
  console.error('SERVICE_API_URI is not set: run `azd env get-values` or provision first.');
  process.exit(1);
}

// A cold Flex Consumption app may take a while to answer its first request.
const deadline = Date.now() + 4 * 60_000;
const finalStatuses = new Set(['confirmed', 'rejected']);
const order = {
  customerId: 'smoke-test',
  currency: 'EUR',
  lines: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: 100 }],
};
const idempotencyKey = randomUUID();

class RefusedError extends Error {}

/** @param {unknown} error */
const describe = (error) => (error instanceof Error ? error.message : String(error));

/** @returns {Promise<{ location: URL, body: OrderResource }>} */
async function placeOrder() {
  for (;;) {
    try {
      // The same Idempotency-Key on every attempt: a retry after a lost answer creates nothing new.
      const response = await fetch(new URL('/api/orders', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, prefer: 'wait=20' },
        body: JSON.stringify(order),
        signal: AbortSignal.timeout(60_000),
      });
      if (response.status === 201 || response.status === 202) {
        const location = response.headers.get('location');
        if (!location)
          throw new RefusedError(`POST /api/orders answered ${response.status} without Location.`);
        return {
          location: new URL(location, base),
          body: /** @type {OrderResource} */ (await response.json()),
        };
      }
      if (response.status < 500) {
        throw new RefusedError(`POST /api/orders answered ${response.status}: ${await response.text()}`);
      }
      console.log(`POST /api/orders answered ${response.status}; retrying.`);
    } catch (error) {
      if (error instanceof RefusedError) throw error;
      console.log(`POST /api/orders failed (${describe(error)}); retrying.`);
    }
    if (Date.now() > deadline) throw new Error('The API did not accept an order in time.');
    await sleep(5_000);
  }
}

/**
 * @param {URL} location
 * @returns {Promise<OrderResource>}
 */
async function awaitOutcome(location) {
  for (;;) {
    const response = await fetch(location, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`GET ${location.pathname} answered ${response.status}.`);
    const resource = /** @type {OrderResource} */ (await response.json());
    if (finalStatuses.has(resource.status)) return resource;
    if (Date.now() > deadline) throw new Error(`Order ${resource.id} is still ${resource.status}.`);
    await sleep(2_000);
  }
}

try {
  const started = Date.now();
  const placed = await placeOrder();
  const final = finalStatuses.has(placed.body.status) ? placed.body : await awaitOutcome(placed.location);
  console.log(`Order ${final.id} ${final.status} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (final.status !== 'confirmed')
    throw new Error(`Expected the order to be confirmed; it is ${final.status}.`);
} catch (error) {
  console.error(describe(error));
  process.exit(1);
}
