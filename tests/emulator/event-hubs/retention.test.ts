import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { earliestEventPosition } from '@azure/event-hubs';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { bodies, collect } from './support/receive.js';

const minutes = (n: number) => n * 60_000;

describe('Event Hubs retention', () => {
  const h = useHarness(startHarness);

  /** A one-partition hub holding `old` (sent 61 minutes ago) and `recent` (sent 31 minutes ago). */
  const hubWithAgedEvents = async (retentionHours?: number) => {
    const hub = h.createHub({
      partitionCount: 1,
      ...(retentionHours !== undefined ? { retentionHours } : {}),
    });
    const producer = h.producer(hub);
    await producer.sendBatch([{ body: 'old' }]);
    h.clock.advance(minutes(30));
    await producer.sendBatch([{ body: 'recent' }]);
    h.clock.advance(minutes(31));
    return { hub, producer };
  };

  it('no longer delivers events older than the default one hour of retention when a reader starts at the earliest event', async () => {
    const { hub, producer } = await hubWithAgedEvents();
    await producer.sendBatch([{ body: 'new' }]);

    const { events } = await collect(h.consumer(hub), {
      partitionId: '0',
      count: 2,
      startPosition: earliestEventPosition,
    });

    assert.deepEqual(bodies(events), ['recent', 'new']);
    assert.deepEqual(
      events.map((event) => event.sequenceNumber),
      [1, 2],
    );
  });

  it('moves the beginning sequence number past expired events when partition properties are read', async () => {
    const { producer } = await hubWithAgedEvents();

    const properties = await producer.getPartitionProperties('0');

    assert.equal(properties.beginningSequenceNumber, 1);
    assert.equal(properties.lastEnqueuedSequenceNumber, 1);
    assert.equal(properties.isEmpty, false);
  });

  it('reports the partition as empty, keeping the last sequence number, when every event has expired', async () => {
    const { hub, producer } = await hubWithAgedEvents();
    h.clock.advance(minutes(30));

    const properties = await producer.getPartitionProperties('0');

    assert.deepEqual(
      {
        begin: properties.beginningSequenceNumber,
        last: properties.lastEnqueuedSequenceNumber,
        isEmpty: properties.isEmpty,
      },
      { begin: 2, last: 1, isEmpty: true },
    );
    assert.deepEqual(
      h.emulator.eventHubs
        .describe()
        .find((described) => described.name === hub)
        ?.partitions.map((p) => [p.beginSequenceNumber, p.lastSequenceNumber]),
      [[2, 1]],
    );
  });

  it('starts a reader at the oldest retained event when its sequence number has expired', async () => {
    const { hub } = await hubWithAgedEvents();

    const { events } = await collect(h.consumer(hub), {
      partitionId: '0',
      count: 1,
      startPosition: { sequenceNumber: 0, isInclusive: true },
    });

    assert.deepEqual(bodies(events), ['recent']);
  });

  it('keeps events for the configured retention when a hub sets MessageRetentionInHours', async () => {
    const { hub } = await hubWithAgedEvents(2);

    const { events } = await collect(h.consumer(hub), {
      partitionId: '0',
      count: 2,
      startPosition: earliestEventPosition,
    });

    assert.deepEqual(bodies(events), ['old', 'recent']);
  });
});
