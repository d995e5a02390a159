import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { HandledEventStore } from '../../shared/application/ports/handled-event-store.js';
import type { IdempotencyStore } from '../../shared/application/ports/idempotency-store.js';
import type { MetricsStore } from '../../shared/application/ports/metrics-store.js';
import type {
  OrderHistoryEntry,
  OrderHistoryStore,
} from '../../shared/application/ports/order-history-store.js';
import type { StockStore } from '../../shared/application/ports/stock-store.js';

// What every implementation of the smaller ports must do, run against the in-memory fakes here and against the
// Table Storage adapters by their own tests. Fresh ids in every test let the suites share storage and run in
// parallel.

type Factory<T> = () => T | Promise<T>;

const at = '2025-03-01T10:00:00.000Z';

export function describeIdempotencyStoreContract(name: string, createStore: Factory<IdempotencyStore>): void {
  describe(`${name} (IdempotencyStore contract)`, () => {
    it('claims a new key and returns the first record when the key is claimed again', async () => {
      const store = await createStore();
      const key = randomUUID();
      const first = { key, fingerprint: 'a', orderId: 'order-1', createdAt: at };
      assert.deepEqual(await store.claim(first), { claimed: true, record: first });
      assert.deepEqual(await store.claim({ ...first, fingerprint: 'b', orderId: 'order-2' }), {
        claimed: false,
        record: first,
      });
    });

    it('lets exactly one of two concurrent claims of a key win', async () => {
      const store = await createStore();
      const key = randomUUID();
      const claims = await Promise.all(
        ['order-1', 'order-2'].map((orderId) =>
          store.claim({ key, fingerprint: 'a', orderId, createdAt: at }),
        ),
      );
      assert.deepEqual(claims.map((claim) => claim.claimed).sort(), [false, true]);
      assert.equal(claims[0]?.record.orderId, claims[1]?.record.orderId);
    });
  });
}

export function describeStockStoreContract(
  name: string,
  createStore: Factory<{ store: StockStore; seed: (sku: string, available: number) => Promise<void> | void }>,
): void {
  const newSku = () => `SKU-${randomUUID().slice(0, 8).toUpperCase()}`;

  describe(`${name} (StockStore contract)`, () => {
    it('reports only known SKUs when levels are read', async () => {
      const { store, seed } = await createStore();
      const known = newSku();
      await seed(known, 5);
      const levels = await store.getLevels([known, newSku()]);
      assert.deepEqual([...levels.keys()], [known]);
      assert.equal(levels.get(known)?.available, 5);
    });

    it('recalls the levels it last read or wrote, and only when it knows every SKU asked for', async () => {
      const { store, seed } = await createStore();
      const sku = newSku();
      await seed(sku, 5);
      assert.equal(store.recentLevels([sku]), undefined);
      const level = (await store.getLevels([sku])).get(sku);
      assert.ok(level);
      assert.deepEqual(store.recentLevels([sku])?.get(sku), level);
      assert.equal(store.recentLevels([sku, newSku()]), undefined);
      const written = { sku, available: 4, version: level.version + 1 };
      await store.commit({
        reservation: {
          orderId: randomUUID(),
          status: 'reserved',
          lines: [{ sku, quantity: 1 }],
          unavailableSkus: [],
          version: 1,
          updatedAt: at,
        },
        expectedReservationVersion: undefined,
        levels: [{ level: written, expectedVersion: level.version }],
      });
      assert.deepEqual(store.recentLevels([sku])?.get(sku), written);
    });

    it('writes the reservation and the levels together when every version is as expected', async () => {
      const { store, seed } = await createStore();
      const sku = newSku();
      await seed(sku, 5);
      const level = (await store.getLevels([sku])).get(sku);
      assert.ok(level);
      const reservation = {
        orderId: randomUUID(),
        status: 'reserved' as const,
        lines: [{ sku, quantity: 2 }],
        unavailableSkus: [],
        version: 1,
        updatedAt: at,
      };
      await store.commit({
        reservation,
        expectedReservationVersion: undefined,
        levels: [
          { level: { sku, available: 3, version: level.version + 1 }, expectedVersion: level.version },
        ],
      });
      assert.deepEqual(await store.getReservation(reservation.orderId), reservation);
      assert.equal((await store.getLevels([sku])).get(sku)?.available, 3);
    });

    it('rejects with concurrency_conflict and writes nothing when any version moved', async () => {
      const { store, seed } = await createStore();
      const sku = newSku();
      await seed(sku, 5);
      const level = (await store.getLevels([sku])).get(sku);
      assert.ok(level);
      const orderId = randomUUID();
      const reservation = {
        orderId,
        status: 'reserved' as const,
        lines: [],
        unavailableSkus: [],
        version: 1,
        updatedAt: at,
      };
      await assert.rejects(
        store.commit({
          reservation,
          expectedReservationVersion: undefined,
          levels: [
            { level: { sku, available: 3, version: level.version + 1 }, expectedVersion: level.version - 1 },
          ],
        }),
        { code: 'concurrency_conflict' },
      );
      assert.equal(await store.getReservation(orderId), undefined);
      await store.commit({ reservation, expectedReservationVersion: undefined, levels: [] });
      await assert.rejects(store.commit({ reservation, expectedReservationVersion: undefined, levels: [] }), {
        code: 'concurrency_conflict',
      });
    });
  });
}

export function describeOrderHistoryStoreContract(
  name: string,
  createStore: Factory<OrderHistoryStore>,
): void {
  const entry = (customerId: string, orderVersion: number): OrderHistoryEntry => ({
    customerId,
    orderId: 'order-1',
    status: orderVersion === 1 ? 'pending' : 'confirmed',
    currency: 'EUR',
    totalMinor: 100,
    placedAt: at,
    updatedAt: at,
    orderVersion,
    lastEventId: `event-${orderVersion}`,
  });

  describe(`${name} (OrderHistoryStore contract)`, () => {
    it('stores a new entry and replaces it when the expected version is current', async () => {
      const store = await createStore();
      const customerId = `customer-${randomUUID()}`;
      await store.put(entry(customerId, 1), { expectedOrderVersion: undefined });
      await store.put(entry(customerId, 2), { expectedOrderVersion: 1 });
      assert.deepEqual(await store.listByCustomer(customerId), [entry(customerId, 2)]);
    });

    it('rejects with concurrency_conflict when the stored entry is not the expected one', async () => {
      const store = await createStore();
      const customerId = `customer-${randomUUID()}`;
      await store.put(entry(customerId, 1), { expectedOrderVersion: undefined });
      await assert.rejects(store.put(entry(customerId, 2), { expectedOrderVersion: undefined }), {
        code: 'concurrency_conflict',
      });
      assert.deepEqual(await store.get({ customerId, orderId: 'order-1' }), entry(customerId, 1));
    });
  });
}

export function describeHandledEventStoreContract(
  name: string,
  createStore: Factory<HandledEventStore>,
): void {
  describe(`${name} (HandledEventStore contract)`, () => {
    it('remembers an event per handler, and accepts recording it twice', async () => {
      const store = await createStore();
      const eventId = randomUUID();
      await store.add({ handler: 'a', eventId, handledAt: at });
      await store.add({ handler: 'a', eventId, handledAt: at });
      assert.equal(await store.has({ handler: 'a', eventId }), true);
      assert.equal(await store.has({ handler: 'b', eventId }), false);
    });
  });
}

export function describeMetricsStoreContract(name: string, createStore: Factory<MetricsStore>): void {
  const bucket = (minute: string, count: number) => ({
    minute,
    metrics: { 'orders.placed.total_minor.EUR': { count, sum: 100 * count, min: 100, max: 100 } },
  });

  describe(`${name} (MetricsStore contract)`, () => {
    it('reads back the buckets and the watermark of a partition when committed together', async () => {
      const store = await createStore();
      const partitionId = randomUUID();
      await store.commit({
        partitionId,
        expectedWatermark: undefined,
        watermark: 41,
        buckets: [bucket('2025-03-01T10:00Z', 2)],
        setAside: [{ partitionId, sequenceNumber: 40, reason: 'The body is not JSON.', body: 'x' }],
      });
      assert.deepEqual(
        await store.load({ partitionId, minutes: ['2025-03-01T10:00Z', '2025-03-01T10:01Z'] }),
        {
          watermark: 41,
          buckets: [bucket('2025-03-01T10:00Z', 2)],
        },
      );
    });

    it('rejects with concurrency_conflict and writes nothing when the watermark moved', async () => {
      const store = await createStore();
      const partitionId = randomUUID();
      const first = {
        partitionId,
        expectedWatermark: undefined,
        watermark: 1,
        buckets: [bucket('2025-03-01T10:00Z', 1)],
        setAside: [],
      };
      await store.commit(first);
      await assert.rejects(
        store.commit({ ...first, watermark: 2, buckets: [bucket('2025-03-01T10:00Z', 5)] }),
        {
          code: 'concurrency_conflict',
        },
      );
      assert.deepEqual(await store.load({ partitionId, minutes: ['2025-03-01T10:00Z'] }), {
        watermark: 1,
        buckets: [bucket('2025-03-01T10:00Z', 1)],
      });
    });

    it("lists every partition's buckets within the minutes asked for", async () => {
      const store = await createStore();
      const minute = '2031-07-04T12:00Z';
      for (const partitionId of [randomUUID(), randomUUID()]) {
        await store.commit({
          partitionId,
          expectedWatermark: undefined,
          watermark: 1,
          buckets: [bucket(minute, 1)],
          setAside: [],
        });
      }
      const listed = await store.listBuckets({ fromMinute: minute, toMinute: minute });
      assert.equal(listed.filter((listedBucket) => listedBucket.minute === minute).length >= 2, true);
      assert.deepEqual(
        await store.listBuckets({ fromMinute: '2031-07-04T12:01Z', toMinute: '2031-07-04T12:59Z' }),
        [],
      );
    });
  });
}
