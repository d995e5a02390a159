import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { telemetryTypes } from '../../shared/application/contracts/message-types.js';
import type { TelemetryRecord } from '../../shared/application/contracts/telemetry-records.js';
import {
  aggregateTelemetry,
  type TelemetryEvent,
} from '../../shared/application/telemetry/aggregate-telemetry.js';
import { getMinuteMetrics } from '../../shared/application/telemetry/get-minute-metrics.js';
import { InMemoryMetricsStore } from '../support/in-memory-metrics-store.js';
import { createOrderTestHarness } from '../support/order-test-harness.js';

function request(time: string, status: number, durationMs: number): TelemetryRecord {
  return { type: telemetryTypes.requestCompleted, time, operation: 'placeOrder', status, durationMs };
}

function confirmed(time: string, sincePlacedMs: number): TelemetryRecord {
  return {
    type: telemetryTypes.orderTransitioned,
    time,
    orderId: 'order-1',
    from: 'pending',
    to: 'confirmed',
    currency: 'EUR',
    totalMinor: 2_999,
    sincePlacedMs,
  };
}

function events(firstSequenceNumber: number, bodies: readonly unknown[]): TelemetryEvent[] {
  return bodies.map((body, index) => ({ sequenceNumber: firstSequenceNumber + index, body }));
}

async function metricsAt(metrics: InMemoryMetricsStore, minute: string) {
  const buckets = await getMinuteMetrics(
    { metrics, clock: createOrderTestHarness().clock },
    { from: `${minute.slice(0, -1)}:00.000Z`, to: `${minute.slice(0, -1)}:59.999Z` },
  );
  return buckets[0]?.metrics;
}

const batch = events(100, [
  request('2025-03-01T10:00:01.000Z', 202, 12),
  request('2025-03-01T10:00:30.000Z', 503, 30),
  confirmed('2025-03-01T10:00:45.000Z', 40),
  request('2025-03-01T10:01:02.000Z', 200, 5),
]);

describe('aggregateTelemetry', () => {
  it('folds records into per-minute count, sum, min and max when a batch arrives', async () => {
    const metrics = new InMemoryMetricsStore();
    const result = await aggregateTelemetry({ metrics }, { partitionId: '0', events: batch });
    assert.deepEqual(result, { applied: 4, duplicates: 0, setAside: 0 });
    assert.deepEqual(await metricsAt(metrics, '2025-03-01T10:00Z'), {
      'http.request.duration_ms': { count: 2, sum: 42, min: 12, max: 30 },
      'http.response.2xx': { count: 1, sum: 1, min: 1, max: 1 },
      'http.response.5xx': { count: 1, sum: 1, min: 1, max: 1 },
      'orders.confirmed.since_placed_ms': { count: 1, sum: 40, min: 40, max: 40 },
    });
    assert.equal((await metricsAt(metrics, '2025-03-01T10:01Z'))?.['http.request.duration_ms']?.count, 1);
    assert.equal(metrics.watermarkOf('0'), 103);
  });

  it('counts the stock commands by command and outcome, parked ones together, with their durations', async () => {
    const metrics = new InMemoryMetricsStore();
    const handled = (outcome: string, parked: boolean, durationMs: number): TelemetryRecord => ({
      type: telemetryTypes.stockCommandHandled,
      time: '2025-03-01T10:00:05.000Z',
      orderId: 'order-1',
      command: 'reserve-stock',
      outcome,
      parked,
      durationMs,
    });
    await aggregateTelemetry(
      { metrics },
      {
        partitionId: '1',
        events: events(1, [
          handled('reserved', false, 4),
          handled('reserved', false, 6),
          handled('malformed_message', true, 1),
        ]),
      },
    );
    assert.deepEqual(await metricsAt(metrics, '2025-03-01T10:00Z'), {
      'stock.command.duration_ms': { count: 3, sum: 11, min: 1, max: 6 },
      'stock.reserve-stock.reserved': { count: 2, sum: 2, min: 1, max: 1 },
      'stock.reserve-stock.parked': { count: 1, sum: 1, min: 1, max: 1 },
    });
  });

  it('counts nothing twice when the same batch is delivered again', async () => {
    const metrics = new InMemoryMetricsStore();
    await aggregateTelemetry({ metrics }, { partitionId: '0', events: batch });
    const again = await aggregateTelemetry({ metrics }, { partitionId: '0', events: batch });
    assert.deepEqual(again, { applied: 0, duplicates: 4, setAside: 0 });
    assert.equal((await metricsAt(metrics, '2025-03-01T10:00Z'))?.['http.request.duration_ms']?.count, 2);
  });

  it('counts only the new events when a restarted consumer replays from an older checkpoint', async () => {
    const metrics = new InMemoryMetricsStore();
    await aggregateTelemetry({ metrics }, { partitionId: '0', events: batch.slice(0, 2) });
    const replay = await aggregateTelemetry({ metrics }, { partitionId: '0', events: batch });
    assert.deepEqual(replay, { applied: 2, duplicates: 2, setAside: 0 });
    assert.equal((await metricsAt(metrics, '2025-03-01T10:00Z'))?.['http.request.duration_ms']?.count, 2);
  });

  it('keeps partitions apart and merges them on reading when two partitions report the same minute', async () => {
    const metrics = new InMemoryMetricsStore();
    await aggregateTelemetry({ metrics }, { partitionId: '0', events: batch });
    await aggregateTelemetry(
      { metrics },
      { partitionId: '1', events: events(100, [request('2025-03-01T10:00:10.000Z', 200, 90)]) },
    );
    assert.deepEqual((await metricsAt(metrics, '2025-03-01T10:00Z'))?.['http.request.duration_ms'], {
      count: 3,
      sum: 132,
      min: 12,
      max: 90,
    });
  });

  it('sets unreadable records aside with their reason and applies the rest when a batch holds both', async () => {
    const metrics = new InMemoryMetricsStore();
    const mixed = events(7, [
      'not json',
      { type: telemetryTypes.requestCompleted, time: 'yesterday' },
      new TextEncoder().encode(JSON.stringify(request('2025-03-01T10:00:01.000Z', 200, 8))),
      JSON.stringify(request('2025-03-01T10:00:02.000Z', 200, 9)),
    ]);
    const result = await aggregateTelemetry({ metrics }, { partitionId: '3', events: mixed });
    assert.deepEqual(result, { applied: 2, duplicates: 0, setAside: 2 });
    assert.deepEqual(
      metrics.setAside.map((record) => [record.partitionId, record.sequenceNumber, record.body]),
      [
        ['3', 7, 'not json'],
        ['3', 8, '{"type":"com.example.orders.telemetry.request-completed.v1","time":"yesterday"}'],
      ],
    );
    assert.equal(metrics.setAside[0]?.reason, 'The body is not JSON.');
    assert.match(metrics.setAside[1]?.reason ?? '', /^\/time: /);
    assert.equal(metrics.watermarkOf('3'), 10);
  });

  it('applies nothing and keeps the watermark when the commit fails, so the redelivery applies the batch once', async () => {
    const metrics = new InMemoryMetricsStore();
    metrics.failNextCommit(new Error('storage unavailable'));
    await assert.rejects(aggregateTelemetry({ metrics }, { partitionId: '0', events: batch }), {
      message: 'storage unavailable',
    });
    assert.equal(metrics.watermarkOf('0'), undefined);
    await aggregateTelemetry({ metrics }, { partitionId: '0', events: batch });
    assert.equal((await metricsAt(metrics, '2025-03-01T10:00Z'))?.['http.request.duration_ms']?.count, 2);
  });

  it('orders events by sequence number when a batch arrives out of order', async () => {
    const metrics = new InMemoryMetricsStore();
    await aggregateTelemetry({ metrics }, { partitionId: '0', events: [...batch].reverse() });
    assert.equal(metrics.watermarkOf('0'), 103);
  });

  it('does nothing when the batch is empty', async () => {
    const metrics = new InMemoryMetricsStore();
    assert.deepEqual(await aggregateTelemetry({ metrics }, { partitionId: '0', events: [] }), {
      applied: 0,
      duplicates: 0,
      setAside: 0,
    });
  });
});

describe('getMinuteMetrics', () => {
  it('returns the last hour, oldest minute first, when no range is given', async () => {
    const metrics = new InMemoryMetricsStore();
    const { clock } = createOrderTestHarness();
    await aggregateTelemetry(
      { metrics },
      {
        partitionId: '0',
        events: events(1, [
          request('2025-03-01T09:59:00.000Z', 200, 1),
          request('2025-03-01T08:59:00.000Z', 200, 1),
          request('2025-03-01T09:30:00.000Z', 200, 1),
        ]),
      },
    );
    const buckets = await getMinuteMetrics({ metrics, clock }, {});
    assert.deepEqual(
      buckets.map((bucket) => bucket.minute),
      ['2025-03-01T09:30Z', '2025-03-01T09:59Z'],
    );
  });

  for (const [condition, range] of [
    ['from is after to', { from: '2025-03-01T10:00:00Z', to: '2025-03-01T09:00:00Z' }],
    ['the range spans more than a day', { from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:01Z' }],
    ['a bound is not a date-time', { from: 'an hour ago' }],
  ] as const) {
    it(`rejects with validation_failed when ${condition}`, async () => {
      const { clock } = createOrderTestHarness();
      await assert.rejects(getMinuteMetrics({ metrics: new InMemoryMetricsStore(), clock }, range), {
        code: 'validation_failed',
      });
    });
  }
});
