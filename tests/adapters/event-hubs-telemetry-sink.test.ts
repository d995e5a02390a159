import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventData, EventDataBatch } from '@azure/event-hubs';
import { telemetryTypes } from '../../shared/application/contracts/message-types.js';
import type { TelemetryRecord } from '../../shared/application/contracts/telemetry-records.js';
import {
  EventHubsTelemetrySink,
  type TelemetryProducer,
} from '../../shared/adapters/event-hubs-telemetry-sink.js';

// A stand-in producer with the SDK's batch semantics, for what a real hub cannot be made to do on demand: fill a
// batch after a few events, refuse every send. It records what reached the hub, per partition key. The sink against
// the emulator's Event Hubs is in event-hubs-telemetry-sink.emulator.test.ts.

interface SentBatch {
  readonly partitionKey: string | undefined;
  readonly records: TelemetryRecord[];
}

class RecordingProducer implements TelemetryProducer {
  readonly sent: SentBatch[] = [];
  closed = false;
  failSends = false;
  #onSend: (() => void) | undefined;

  constructor(private readonly batchCapacity = 3) {}

  /** Resolves at the next send, so a test can await the sink's own timer instead of sleeping. */
  nextSend(): Promise<void> {
    return new Promise((resolve) => (this.#onSend = resolve));
  }

  createBatch(options: { partitionKey?: string } = {}): Promise<EventDataBatch> {
    const events: EventData[] = [];
    const capacity = this.batchCapacity;
    const batch = {
      partitionKey: options.partitionKey,
      get count() {
        return events.length;
      },
      tryAdd(event: EventData) {
        if (events.length >= capacity) return false;
        events.push(event);
        return true;
      },
      events,
    };
    return Promise.resolve(batch as unknown as EventDataBatch);
  }

  sendBatch(batch: EventDataBatch): Promise<void> {
    this.#onSend?.();
    if (this.failSends) return Promise.reject(new Error('The hub is unreachable.'));
    const { partitionKey, events } = batch as unknown as { partitionKey?: string; events: EventData[] };
    this.sent.push({ partitionKey, records: events.map((event) => event.body as TelemetryRecord) });
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

function transitioned(orderId: string, to: 'pending' | 'confirmed'): TelemetryRecord {
  return {
    type: telemetryTypes.orderTransitioned,
    time: '2025-03-01T10:00:00.000Z',
    orderId,
    from: to === 'pending' ? null : 'pending',
    to,
    currency: 'EUR',
    totalMinor: 100,
    sincePlacedMs: 0,
  };
}

const request: TelemetryRecord = {
  type: telemetryTypes.requestCompleted,
  time: '2025-03-01T10:00:00.000Z',
  operation: 'placeOrder',
  status: 202,
  durationMs: 12,
};

describe('EventHubsTelemetrySink', () => {
  it("keeps one order's records together and in order under its partition key, across full batches", async () => {
    const producer = new RecordingProducer(2);
    const sink = new EventHubsTelemetrySink({ producer, flushIntervalMs: 60_000 });
    const records = [
      transitioned('a', 'pending'),
      request,
      transitioned('b', 'pending'),
      transitioned('a', 'confirmed'),
    ];
    records.forEach((record) => sink.emit(record));
    records.slice(0, 2).forEach((record) => sink.emit({ ...record, time: '2025-03-01T10:00:01.000Z' }));
    await sink.close();
    const forOrder = (key: string | undefined) =>
      producer.sent.filter((batch) => batch.partitionKey === key).flatMap((batch) => batch.records);
    assert.deepEqual(
      forOrder('a').map((record) => [(record as { to: string }).to, record.time]),
      [
        ['pending', '2025-03-01T10:00:00.000Z'],
        ['confirmed', '2025-03-01T10:00:00.000Z'],
        ['pending', '2025-03-01T10:00:01.000Z'],
      ],
    );
    assert.equal(forOrder('b').length, 1);
    assert.equal(forOrder(undefined).length, 2);
    assert.ok(producer.sent.every((batch) => batch.records.length <= 2));
  });

  it('sends what was emitted once its flush interval passes, without being asked', async () => {
    const producer = new RecordingProducer();
    const sink = new EventHubsTelemetrySink({ producer, flushIntervalMs: 1 });
    const sent = producer.nextSend();
    sink.emit(request);
    await sent;
    await sink.close();
    assert.equal(producer.sent.length, 1);
  });

  it('never throws and counts what it loses when the hub refuses', async () => {
    const producer = new RecordingProducer();
    producer.failSends = true;
    const lost: number[] = [];
    const sink = new EventHubsTelemetrySink({
      producer,
      flushIntervalMs: 60_000,
      onDropped: (count) => lost.push(count),
    });
    sink.emit(transitioned('a', 'pending'));
    sink.emit(request);
    await sink.flush();
    assert.equal(sink.dropped, 2);
    assert.deepEqual(lost.sort(), [1, 1]);
    await sink.close();
  });

  it('drops records past its buffer instead of growing without bound while the hub is away', async () => {
    const producer = new RecordingProducer(100);
    const sink = new EventHubsTelemetrySink({ producer, flushIntervalMs: 60_000, maxBufferedRecords: 3 });
    for (let i = 0; i < 5; i += 1) sink.emit(request);
    assert.equal(sink.dropped, 2);
    await sink.close();
    assert.equal(producer.sent.flatMap((batch) => batch.records).length, 3);
  });

  it('flushes and closes the producer on close, and drops what is emitted after', async () => {
    const producer = new RecordingProducer();
    const sink = new EventHubsTelemetrySink({ producer, flushIntervalMs: 60_000 });
    sink.emit(request);
    await sink.close();
    await sink.close();
    sink.emit(request);
    assert.equal(producer.closed, true);
    assert.equal(producer.sent.length, 1);
    assert.equal(sink.dropped, 1);
  });
});
