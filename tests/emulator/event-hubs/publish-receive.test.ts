import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { earliestEventPosition, type EventData, type ReceivedEventData } from '@azure/event-hubs';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { bodies, collect } from './support/receive.js';

describe('Event Hubs publish and receive', () => {
  const h = useHarness(startHarness);

  const lastSequenceNumbers = async (hub: string): Promise<number[]> => {
    const producer = h.producer(hub);
    const ids = await producer.getPartitionIds();
    return Promise.all(
      ids.map(async (id) => (await producer.getPartitionProperties(id)).lastEnqueuedSequenceNumber),
    );
  };

  it('spreads batches without a partition over every partition when sent round-robin', async () => {
    const hub = h.createHub({ partitionCount: 4 });
    const producer = h.producer(hub);
    for (let i = 0; i < 8; i++) await producer.sendBatch([{ body: `e${i}-a` }, { body: `e${i}-b` }]);

    // Two batches of two events per partition: sequence numbers 0..3 in each.
    assert.deepEqual(await lastSequenceNumbers(hub), [3, 3, 3, 3]);
  });

  it('delivers a batch to the partition the producer named when sent to a partition id', async () => {
    const hub = h.createHub({ partitionCount: 3 });
    const producer = h.producer(hub);
    const batch = await producer.createBatch({ partitionId: '2' });
    for (const body of ['x', 'y', 'z']) assert.ok(batch.tryAdd({ body }));
    await producer.sendBatch(batch);

    assert.deepEqual(await lastSequenceNumbers(hub), [-1, -1, 2]);
    const { events } = await collect(h.consumer(hub), {
      partitionId: '2',
      count: 3,
      startPosition: earliestEventPosition,
    });
    assert.deepEqual(bodies(events), ['x', 'y', 'z']);
    assert.deepEqual(
      events.map((event) => event.sequenceNumber),
      [0, 1, 2],
    );
  });

  it('keeps every event of a batch together in one partition when sent with a partition key', async () => {
    const hub = h.createHub({ partitionCount: 4 });
    const producer = h.producer(hub);
    await producer.sendBatch(
      Array.from({ length: 10 }, (_, i) => ({ body: i })),
      { partitionKey: 'device-42' },
    );

    const counts = await lastSequenceNumbers(hub);
    assert.equal(counts.filter((last) => last === 9).length, 1);
    assert.equal(counts.filter((last) => last === -1).length, 3);
    const partitionId = String(counts.indexOf(9));
    const { events } = await collect(h.consumer(hub), {
      partitionId,
      count: 10,
      startPosition: earliestEventPosition,
    });
    assert.ok(events.every((event) => event.partitionKey === 'device-42'));
  });

  it('sends every batch with the same partition key to the same partition', async () => {
    const hub = h.createHub({ partitionCount: 4 });
    const producer = h.producer(hub);
    for (let i = 0; i < 5; i++) await producer.sendBatch([{ body: i }], { partitionKey: 'sticky' });

    const counts = await lastSequenceNumbers(hub);
    assert.deepEqual(
      counts.filter((last) => last !== -1),
      [4],
    );
  });

  const roundTrips: Array<{ what: string; event: EventData; check: (received: ReceivedEventData) => void }> =
    [
      {
        what: 'a JSON body with application properties of several types',
        event: {
          body: { order: 'o-1', lines: [1, 2], nested: { ok: true } },
          properties: {
            text: 'é',
            count: 7,
            ratio: 0.5,
            flag: false,
            when: new Date('2024-05-01T10:00:00Z'),
          },
        },
        check: (received) => {
          assert.deepEqual(received.body, { order: 'o-1', lines: [1, 2], nested: { ok: true } });
          assert.deepEqual(received.properties, {
            text: 'é',
            count: 7,
            ratio: 0.5,
            flag: false,
            when: Date.parse('2024-05-01T10:00:00Z'),
          });
        },
      },
      {
        what: 'a binary body',
        event: { body: Buffer.from([0, 1, 2, 254, 255]) },
        check: (received) => {
          assert.deepEqual(received.body, Buffer.from([0, 1, 2, 254, 255]));
        },
      },
      {
        what: 'message id, correlation id and content type',
        event: { body: 'with ids', messageId: 'm-1', correlationId: 'c-1', contentType: 'text/plain' },
        check: (received) => {
          assert.equal(received.messageId, 'm-1');
          assert.equal(received.correlationId, 'c-1');
          assert.equal(received.contentType, 'text/plain');
          assert.equal(received.body, 'with ids');
        },
      },
    ];
  for (const { what, event, check } of roundTrips) {
    it(`delivers ${what} unchanged when an event is sent and read`, async () => {
      const hub = h.createHub({ partitionCount: 1 });
      await h.producer(hub).sendBatch([event]);

      const { events } = await collect(h.consumer(hub), {
        partitionId: '0',
        count: 1,
        startPosition: earliestEventPosition,
      });
      check(events[0]!);
    });
  }

  it('annotates each event with its sequence number, string offset, enqueued time and partition key', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const producer = h.producer(hub);
    await producer.sendBatch([{ body: 'first' }, { body: 'second' }], { partitionKey: 'k' });
    h.clock.advance(5_000);
    await producer.sendBatch([{ body: 'third' }]);

    const { events } = await collect(h.consumer(hub), {
      partitionId: '0',
      count: 3,
      startPosition: earliestEventPosition,
    });
    assert.deepEqual(
      events.map((event) => event.sequenceNumber),
      [0, 1, 2],
    );
    assert.ok(events.every((event) => typeof event.offset === 'string'));
    const offsets = events.map((event) => Number(event.offset));
    assert.equal(offsets[0], 0);
    assert.ok(offsets[0] < offsets[1]! && offsets[1]! < offsets[2]!, `offsets grow: ${offsets.join(', ')}`);
    assert.equal(events[0]!.enqueuedTimeUtc.getTime(), events[1]!.enqueuedTimeUtc.getTime());
    assert.equal(events[2]!.enqueuedTimeUtc.getTime() - events[0]!.enqueuedTimeUtc.getTime(), 5_000);
    assert.deepEqual(
      events.map((event) => event.partitionKey),
      ['k', 'k', undefined],
    );
  });

  it('delivers events published while a reader waits at the end of the partition', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const reading = collect(h.consumer(hub), {
      partitionId: '0',
      count: 2,
      startPosition: earliestEventPosition,
    });
    const producer = h.producer(hub);
    await producer.sendBatch([{ body: 'late-1' }]);
    await producer.sendBatch([{ body: 'late-2' }]);

    assert.deepEqual(bodies((await reading).events), ['late-1', 'late-2']);
  });

  it('serves the hub named in the connection string and the one named beside it alike', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const { EventHubProducerClient } = await import('@azure/event-hubs');
    const named = new EventHubProducerClient(h.emulator.connectionString, hub);
    try {
      await named.sendBatch([{ body: 'by name' }]);
      assert.equal((await named.getEventHubProperties()).name, hub);
    } finally {
      await named.close();
    }
    const { events } = await collect(h.consumer(hub), {
      partitionId: '0',
      count: 1,
      startPosition: earliestEventPosition,
    });
    assert.equal(events[0]!.body, 'by name');
  });
});
