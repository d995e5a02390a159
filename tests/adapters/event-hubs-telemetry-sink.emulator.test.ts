import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { earliestEventPosition } from '@azure/event-hubs';
import { telemetryTypes } from '../../shared/application/contracts/message-types.js';
import type { TelemetryRecord } from '../../shared/application/contracts/telemetry-records.js';
import { EventHubsTelemetrySink } from '../../shared/adapters/event-hubs-telemetry-sink.js';
import { startHarness, type EventHubsHarness } from '../emulator/event-hubs/support/harness.js';
import { collect } from '../emulator/event-hubs/support/receive.js';

function transitioned(orderId: string, sincePlacedMs: number): TelemetryRecord {
  return {
    type: telemetryTypes.orderTransitioned,
    time: '2025-03-01T10:00:00.000Z',
    orderId,
    from: sincePlacedMs === 0 ? null : 'pending',
    to: sincePlacedMs === 0 ? 'pending' : 'confirmed',
    currency: 'EUR',
    totalMinor: 100,
    sincePlacedMs,
  };
}

describe('EventHubsTelemetrySink on the emulator', () => {
  let harness: EventHubsHarness;

  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  it("sends every record, each order's records to one partition in the order emitted", async () => {
    const hub = harness.createHub({ partitionCount: 4 });
    const sink = EventHubsTelemetrySink.connect(
      { kind: 'connectionString', connectionString: harness.emulator.connectionString },
      hub,
    );
    const orders = ['order-a', 'order-b', 'order-c', 'order-d', 'order-e'];
    for (let step = 0; step < 4; step += 1) {
      for (const orderId of orders) sink.emit(transitioned(orderId, step));
    }
    await sink.close();
    assert.equal(sink.dropped, 0);

    const consumer = harness.consumer(hub);
    const received: { partitionId: string; record: TelemetryRecord }[] = [];
    for (const partitionId of await consumer.getPartitionIds()) {
      const properties = await consumer.getPartitionProperties(partitionId);
      if (properties.isEmpty) continue;
      const count = properties.lastEnqueuedSequenceNumber - properties.beginningSequenceNumber + 1;
      const { events } = await collect(consumer, {
        partitionId,
        count,
        startPosition: earliestEventPosition,
      });
      received.push(...events.map((event) => ({ partitionId, record: event.body as TelemetryRecord })));
    }
    assert.equal(received.length, orders.length * 4);
    for (const orderId of orders) {
      const ofOrder = received.filter(({ record }) => 'orderId' in record && record.orderId === orderId);
      assert.equal(
        new Set(ofOrder.map(({ partitionId }) => partitionId)).size,
        1,
        `${orderId} spans partitions`,
      );
      assert.deepEqual(
        ofOrder.map(({ record }) => (record as { sincePlacedMs: number }).sincePlacedMs),
        [0, 1, 2, 3],
      );
    }
  });
});
