/**
 * Orders through the whole local stack: Azurite, the emulator and the local host with the order app, in a child
 * process; this process is the client. Against a baseline measured in the same run on the same Azurite: the storage
 * floor, the table transactions one POST makes (the idempotency claim; the order row and its outbox rows in one
 * transaction; the outbox rows deleted as dispatched in one transaction), made with the app's own adapters and
 * nothing else.
 *
 *   this process (HTTP client, storage-floor writer)  --HTTP-->  child process (Azurite, emulator, host + app)
 *
 * Targets: accepted orders/s >= 0.8 x the storage floor; command round trip (ReserveStock sent to its reply
 * applied: the broker's enqueue time to the order row's Timestamp) p50 <= 10 ms and p99 <= 50 ms at 20 orders/s;
 * whole lifecycle (POST with Prefer: wait until confirmed) p99 <= 250 ms at 50 orders/s.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { TableClient } from '@azure/data-tables';
import { TableStorageIdempotencyStore } from '../shared/adapters/table-storage-idempotency-store.js';
import { orderRowKey, TableStorageOrderStore } from '../shared/adapters/table-storage-order-store.js';
import { uuidV7IdGenerator } from '../shared/adapters/uuid-v7-id-generator.js';
import { placeOrderRequestSchema } from '../shared/application/contracts/order-requests.js';
import { parseOrThrow } from '../shared/application/contracts/parse-contract.js';
import { messageIds } from '../shared/application/messaging/message-ids.js';
import { requestFingerprint } from '../shared/application/orders/request-fingerprint.js';
import { orderOutboxEntries } from '../shared/application/outbox/order-outbox-entries.js';
import { tableNames } from '../shared/composition/table-names.js';
import { orderLifecycle } from '../shared/domain/order-lifecycle.js';
import { startChildServer } from './support/child-server.js';
import { HttpJsonClient } from './support/http-json.js';
import { runClosedLoop, runOpenLoop } from './support/load-loops.js';
import { percentile } from './support/stats.js';

const concurrency = 16;
const warmupMs = 2_000;
const throughputMs = 8_000;
const roundTrip = { ratePerSecond: 20, count: 300 };
const lifecycle = { ratePerSecond: 50, count: 500, waitSeconds: 10 };
// How long to wait for orders still pending after a phase, so the next phase starts on an idle stack.
const settleMs = 40_000;
const targets = { floorRatio: 0.8, roundTripP50Ms: 10, roundTripP99Ms: 50, lifecycleP99Ms: 250 };

// SKU-1 is in the stock seed (the child seeds it with plenty), so every order is confirmed.
const orderBody = {
  customerId: 'c-1',
  currency: 'EUR',
  lines: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: 1250 }],
};

interface OrderBody {
  id: string;
  status: string;
  placedAt: string;
  confirmedAt?: string;
}

const log = (line: string) => process.stdout.write(`… ${line}\n`);

/** Logs a line about every second while a phase runs. */
function ticker(label: string, unit: string): (done: number) => void {
  const began = performance.now();
  let next = began + 1000;
  return (done) => {
    const now = performance.now();
    if (now < next) return;
    next = now + 1000;
    log(`${label}: ${done.toLocaleString('en-US')} ${unit} (${((now - began) / 1000).toFixed(1)} s)`);
  };
}

const cloud = await (async () => {
  log('starting the local cloud (Azurite, emulator, host with the order app) in a child process');
  const started = performance.now();
  const child = await startChildServer<{ url: string; storageConnectionString: string }>(
    new URL('./support/serve-local-cloud.js', import.meta.url),
  );
  log(`local cloud up in ${((performance.now() - started) / 1000).toFixed(1)} s: ${child.url}`);
  return child;
})();
const api = `${cloud.url}/api`;
const client = new HttpJsonClient({ maxSockets: 256 });

const place = (options: { waitSeconds?: number } = {}) =>
  client.send(`${api}/orders`, {
    method: 'POST',
    headers: {
      'idempotency-key': randomUUID(),
      ...(options.waitSeconds === undefined ? {} : { prefer: `wait=${options.waitSeconds}` }),
    },
    body: orderBody,
  });

/** GETs each order until it leaves pending (or `withinMs` pass); returns the orders as last read. */
async function readSettled(ids: readonly string[], withinMs = settleMs): Promise<OrderBody[]> {
  const deadline = performance.now() + withinMs;
  const settled: OrderBody[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        for (;;) {
          const answer = await client.send(`${api}/orders/${encodeURIComponent(id)}`);
          const order = answer.body as OrderBody;
          if (answer.status === 200 && (order.status !== 'pending' || performance.now() > deadline)) {
            settled.push(order);
            break;
          }
          if (answer.status !== 200 && performance.now() > deadline) {
            throw new Error(`GET order ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    }),
  );
  return settled;
}

function countByStatus(orders: readonly OrderBody[]): string {
  const counts = new Map<string, number>();
  for (const order of orders) counts.set(order.status, (counts.get(order.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

/** When the broker enqueued each order's ReserveStock (the command sent), as the child process noted it. */
async function commandsEnqueuedAt(orderIds: readonly string[]): Promise<Map<string, number>> {
  const answer = once(cloud.child, 'message');
  cloud.child.send({ enqueuedAt: orderIds.map(messageIds.reserveStock) });
  const [{ enqueuedAt }] = (await answer) as [{ enqueuedAt: Record<string, number> }];
  return new Map(
    orderIds.flatMap((id) => {
      const at = enqueuedAt[messageIds.reserveStock(id)];
      return at === undefined ? [] : [[id, at] as const];
    }),
  );
}

/**
 * When Table Storage last wrote each order's row, by its Timestamp (Azurite stamps the time it received the
 * write, to the millisecond): for an order confirmed and left alone since, the reply applied.
 */
async function ordersWrittenAt(orderIds: readonly string[]): Promise<Map<string, number>> {
  const table = TableClient.fromConnectionString(cloud.storageConnectionString, tableNames.orders, {
    allowInsecureConnection: true,
  });
  const written = await Promise.all(
    orderIds.map(async (id) => {
      const { timestamp } = await table.getEntity(id, orderRowKey);
      // Seven fractional digits, of which Azurite's clock gives three.
      return [id, Date.parse(`${timestamp!.slice(0, 23)}Z`)] as const;
    }),
  );
  return new Map(written);
}

/**
 * The table transactions one POST makes, without the app: its idempotency claim, the order and its outbox entries
 * in one transaction, then the entries marked dispatched (deleted) in one transaction.
 */
async function storageFloor(connectionString: string) {
  const table = (name: string) =>
    TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: true });
  const ordersTable = table('benchfloororders');
  const keysTable = table('benchfloorkeys');
  await Promise.all([ordersTable.createTable(), keysTable.createTable()]);
  const orders = new TableStorageOrderStore(ordersTable);
  const idempotency = new TableStorageIdempotencyStore(keysTable);
  const request = parseOrThrow(placeOrderRequestSchema, orderBody, 'The order request');
  const fingerprint = requestFingerprint(request);
  const write = async (): Promise<boolean> => {
    const at = new Date().toISOString();
    const placed = orderLifecycle.place({ id: uuidV7IdGenerator.newId(), ...request, at });
    await idempotency.claim({ key: randomUUID(), fingerprint, orderId: placed.order.id, createdAt: at });
    const outbox = orderOutboxEntries(placed, {
      eventId: uuidV7IdGenerator.newId(),
      stockReplyQueue: 'stock-replies',
    });
    await orders.insert({ order: placed.order, outbox });
    await orders.markDispatched({
      orderId: placed.order.id,
      entryIds: outbox.map((entry) => entry.entryId),
      at: new Date().toISOString(),
    });
    return true;
  };
  log(`storage floor: warming up (${warmupMs / 1000} s)`);
  await runClosedLoop({ concurrency, durationMs: warmupMs, operation: write });
  log(`storage floor: ${throughputMs / 1000} s at ${concurrency} concurrent writers`);
  const progress = ticker('storage floor', 'POSTs worth of writes');
  return runClosedLoop({
    concurrency,
    durationMs: throughputMs,
    operation: write,
    onProgress: progress,
  });
}

async function acceptedOrders() {
  const accepted: string[] = [];
  const statuses = new Map<number, number>();
  const operation = async (): Promise<boolean> => {
    const answer = await place();
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    if (answer.status !== 202) return false;
    accepted.push((answer.body as OrderBody).id);
    return true;
  };
  log(`accepted orders: warming up (${warmupMs / 1000} s)`);
  await runClosedLoop({ concurrency, durationMs: warmupMs, operation });
  accepted.length = 0;
  statuses.clear();
  log(`accepted orders: ${throughputMs / 1000} s of POST /api/orders at ${concurrency} concurrent clients`);
  const progress = ticker('accepted orders', 'orders');
  const result = await runClosedLoop({
    concurrency,
    durationMs: throughputMs,
    operation,
    onProgress: progress,
  });
  log(`accepted orders: waiting for the ${accepted.length.toLocaleString('en-US')} orders to settle`);
  const settled = await readSettled(accepted);
  // The rate at which the rest of the pipeline (command, reply, confirmation) kept up: from the phase's first
  // accepted order to the last confirmation, by the app's own timestamps.
  const confirmed = settled.filter((order) => order.status === 'confirmed');
  const first = Math.min(...settled.map((order) => Date.parse(order.placedAt)));
  const last = Math.max(...confirmed.map((order) => Date.parse(order.confirmedAt!)));
  const confirmedPerSecond = confirmed.length === 0 ? 0 : (confirmed.length / (last - first)) * 1000;
  return { ...result, statuses, settled: countByStatus(settled), confirmedPerSecond };
}

async function commandRoundTrip() {
  log(`command round trip: ${roundTrip.count} orders at ${roundTrip.ratePerSecond} orders/s`);
  const progress = ticker('command round trip', 'orders sent');
  const { results, maxLagMs } = await runOpenLoop({
    ...roundTrip,
    operation: async () => {
      const answer = await place();
      return answer.status === 202 ? (answer.body as OrderBody).id : undefined;
    },
    onProgress: progress,
  });
  const ids = results.filter((id): id is string => id !== undefined);
  const orders = await readSettled(ids);
  const confirmed = orders.filter((order) => order.status === 'confirmed' && order.confirmedAt !== undefined);
  const [sentAt, appliedAt] = await Promise.all([
    commandsEnqueuedAt(confirmed.map((order) => order.id)),
    ordersWrittenAt(confirmed.map((order) => order.id)),
  ]);
  const times = confirmed.flatMap((order) => {
    const sent = sentAt.get(order.id);
    const applied = appliedAt.get(order.id);
    return sent === undefined || applied === undefined ? [] : [applied - sent];
  });
  const placedToConfirmed = confirmed.map(
    (order) => Date.parse(order.confirmedAt!) - Date.parse(order.placedAt),
  );
  return {
    sent: roundTrip.count,
    failed: roundTrip.count - ids.length,
    settled: countByStatus(orders),
    unmatched: confirmed.length - times.length,
    times,
    placedToConfirmed,
    maxLagMs,
  };
}

async function wholeLifecycle() {
  log(
    `whole lifecycle: ${lifecycle.count} orders at ${lifecycle.ratePerSecond} orders/s, Prefer: wait=${lifecycle.waitSeconds}`,
  );
  const progress = ticker('whole lifecycle', 'orders sent');
  const { results, maxLagMs } = await runOpenLoop({
    ...lifecycle,
    operation: async (_index, slotAt) => {
      const answer = await place({ waitSeconds: lifecycle.waitSeconds });
      const ms = performance.now() - slotAt;
      const order = answer.body as OrderBody;
      const ok = answer.status === 201 && order.status === 'confirmed';
      return {
        ms: ok ? ms : undefined,
        id: answer.status === 201 || answer.status === 202 ? order.id : undefined,
      };
    },
    onProgress: progress,
  });
  const times = results.flatMap((result) => (result.ms === undefined ? [] : [result.ms]));
  const unsettled = results.flatMap((result) =>
    result.ms === undefined && result.id !== undefined ? [result.id] : [],
  );
  if (unsettled.length > 0) {
    log(
      `whole lifecycle: waiting for the ${unsettled.length} orders not confirmed within the wait to settle`,
    );
    await readSettled(unsettled);
  }
  return { sent: lifecycle.count, failed: lifecycle.count - times.length, times, maxLagMs };
}

try {
  log('checking one order end to end');
  const first = await place({ waitSeconds: lifecycle.waitSeconds });
  if (first.status !== 201 || (first.body as OrderBody).status !== 'confirmed') {
    throw new Error(`the first order was not confirmed: ${first.status} ${JSON.stringify(first.body)}`);
  }

  // The storage floor while the app is idle; each order phase waits for its backlog to settle before the next.
  const floor = await storageFloor(cloud.storageConnectionString);
  const trip = await commandRoundTrip();
  const whole = await wholeLifecycle();
  const app = await acceptedOrders();

  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const ratio = app.perSecond / floor.perSecond;
  const tripP50 = percentile(trip.times, 50);
  const tripP99 = percentile(trip.times, 99);
  const wholeP50 = percentile(whole.times, 50);
  const wholeP99 = percentile(whole.times, 99);
  const statuses = [...app.statuses].map(([status, count]) => `${count} x ${status}`).join(', ');
  console.log(
    [
      '',
      `Orders through the local stack (Azurite, emulator, local host with the app in one child process):`,
      '',
      `Throughput, ${concurrency} concurrent clients, ${throughputMs / 1000} s each:`,
      `  accepted orders (POST /api/orders -> 202)  ${app.perSecond.toFixed(0).padStart(6)} orders/s   answers: ${statuses}`,
      `  storage floor (a POST's 3 transactions)    ${floor.perSecond.toFixed(0).padStart(6)} POSTs/s    errors ${floor.failed}`,
      `  ratio app / floor: ${ratio.toFixed(2)} (target >= ${targets.floorRatio}: ${met(ratio >= targets.floorRatio)})`,
      `  the floor is a POST's table transactions alone (idempotency claim, order + outbox, outbox entries deleted);`,
      `  the app also sends the command and publishes the event before it answers, and the same Azurite and CPUs`,
      `  serve the stock worker, the replies and the event subscribers of the orders accepted before`,
      `  the accepted orders, within ${settleMs / 1000} s after the phase: ${app.settled}; confirmed at ${app.confirmedPerSecond.toFixed(0)} orders/s`,
      `  (first placedAt to last confirmedAt: the rate at which commands, replies and confirmations kept up)`,
      '',
      `Command round trip at ${roundTrip.ratePerSecond} orders/s (${roundTrip.count} orders, open loop):`,
      `  from the broker enqueuing ReserveStock (the emulator's clock) to Table Storage writing the order's`,
      `  confirmation (its Timestamp, Azurite's clock; the same machine clock), ms resolution:`,
      `  p50 ${tripP50.toFixed(0)} ms (target <= ${targets.roundTripP50Ms}: ${met(tripP50 <= targets.roundTripP50Ms)})   ` +
        `p99 ${tripP99.toFixed(0)} ms (target <= ${targets.roundTripP99Ms}: ${met(tripP99 <= targets.roundTripP99Ms)})   ` +
        `max ${Math.max(0, ...trip.times).toFixed(0)} ms   (${trip.times.length} orders; without both times: ${trip.unmatched})`,
      `  for comparison, the app's own stamps, placedAt (placeOrder starts: before the idempotency claim and the`,
      `  order/outbox transaction) to confirmedAt (the reply handler decides, before its write): p50 ` +
        `${percentile(trip.placedToConfirmed, 50).toFixed(0)} ms, p99 ${percentile(trip.placedToConfirmed, 99).toFixed(0)} ms`,
      `  orders: ${trip.settled}; failed POSTs ${trip.failed}; sender lag max ${trip.maxLagMs.toFixed(1)} ms`,
      '',
      `Whole lifecycle at ${lifecycle.ratePerSecond} orders/s (${lifecycle.count} orders, open loop):`,
      `  POST with Prefer: wait=${lifecycle.waitSeconds} until 201 confirmed, at the client, from each request's slot time`,
      `  p50 ${wholeP50.toFixed(1)} ms   p99 ${wholeP99.toFixed(1)} ms (target <= ${targets.lifecycleP99Ms}: ${met(wholeP99 <= targets.lifecycleP99Ms)})   ` +
        `max ${Math.max(0, ...whole.times).toFixed(1)} ms`,
      `  not confirmed in time or failed: ${whole.failed}; sender lag max ${whole.maxLagMs.toFixed(1)} ms`,
    ].join('\n'),
  );
} finally {
  client.close();
  await cloud.stop();
}
