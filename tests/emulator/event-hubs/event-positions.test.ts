import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  earliestEventPosition,
  latestEventPosition,
  type EventPosition,
  type ReceivedEventData,
} from '@azure/event-hubs';
import { startHarness, type EventHubsHarness } from './support/harness.js';
import { bodies, collect, readersAttached } from './support/receive.js';

describe('Event Hubs event positions', () => {
  let h: EventHubsHarness;
  let hub: string;
  /** Five events e0..e4 in partition 0, one second apart. */
  let published: ReceivedEventData[];
  before(async () => {
    h = await startHarness();
    hub = h.createHub({ partitionCount: 1 });
    const producer = h.producer(hub);
    for (let i = 0; i < 5; i++) {
      await producer.sendBatch([{ body: `e${i}` }]);
      h.clock.advance(1_000);
    }
    published = (
      await collect(h.consumer(hub), { partitionId: '0', count: 5, startPosition: earliestEventPosition })
    ).events;
  });
  after(() => h.close());

  const readFrom = async (startPosition: EventPosition, count: number): Promise<unknown[]> =>
    bodies((await collect(h.consumer(hub), { partitionId: '0', count, startPosition })).events);

  const cases: Array<{ when: string; position: () => EventPosition; expected: string[] }> = [
    {
      when: 'the position is the earliest event',
      position: () => earliestEventPosition,
      expected: ['e0', 'e1', 'e2', 'e3', 'e4'],
    },
    {
      when: 'the position is an offset, inclusive',
      position: () => ({ offset: published[2]!.offset, isInclusive: true }),
      expected: ['e2', 'e3', 'e4'],
    },
    {
      when: 'the position is an offset, exclusive',
      position: () => ({ offset: published[2]!.offset }),
      expected: ['e3', 'e4'],
    },
    {
      when: 'the position is a sequence number, inclusive',
      position: () => ({ sequenceNumber: 1, isInclusive: true }),
      expected: ['e1', 'e2', 'e3', 'e4'],
    },
    {
      when: 'the position is a sequence number, exclusive',
      position: () => ({ sequenceNumber: 1 }),
      expected: ['e2', 'e3', 'e4'],
    },
    {
      when: 'the position is a sequence number of -1',
      position: () => ({ sequenceNumber: -1 }),
      expected: ['e0', 'e1', 'e2', 'e3', 'e4'],
    },
    {
      when: 'the position is an enqueued time',
      position: () => ({ enqueuedOn: published[3]!.enqueuedTimeUtc.getTime() - 1 }),
      expected: ['e3', 'e4'],
    },
    {
      when: 'the position is an enqueued time as a Date',
      position: () => ({ enqueuedOn: published[3]!.enqueuedTimeUtc }),
      expected: ['e4'],
    },
  ];
  for (const { when, position, expected } of cases) {
    it(`reads ${expected.join(', ')} when ${when}`, async () => {
      assert.deepEqual(await readFrom(position(), expected.length), expected);
    });
  }

  it('reads only events published after the reader attached when the position is the latest', async () => {
    const ownHub = h.createHub({ partitionCount: 1 });
    const producer = h.producer(ownHub);
    await producer.sendBatch([{ body: 'before-latest' }]);
    const reading = collect(h.consumer(ownHub), {
      partitionId: '0',
      count: 1,
      startPosition: latestEventPosition,
    });
    // The reader must be attached before anything new is published.
    await readersAttached(h, ownHub, 1);
    await producer.sendBatch([{ body: 'after-latest' }]);

    assert.deepEqual(bodies((await reading).events), ['after-latest']);
  });

  it('reads nothing past the end until an event arrives when the position is beyond the last sequence number', async () => {
    const hub2 = h.createHub({ partitionCount: 1 });
    const producer = h.producer(hub2);
    await producer.sendBatch([{ body: 'zero' }]);
    const reading = collect(h.consumer(hub2), {
      partitionId: '0',
      count: 1,
      startPosition: { sequenceNumber: 0 },
    });
    await producer.sendBatch([{ body: 'one' }]);

    assert.deepEqual(bodies((await reading).events), ['one']);
  });

  it('reports the last enqueued event with every batch when trackLastEnqueuedEventProperties is set', async () => {
    const { events, lastEnqueued } = await collect(h.consumer(hub), {
      partitionId: '0',
      count: 2,
      startPosition: earliestEventPosition,
      trackLastEnqueuedEventProperties: true,
    });

    assert.equal(events.length >= 2, true);
    assert.equal(lastEnqueued?.sequenceNumber, published[4]!.sequenceNumber);
    assert.equal(lastEnqueued?.offset, published[4]!.offset);
    assert.equal(lastEnqueued?.enqueuedOn?.getTime(), published[4]!.enqueuedTimeUtc.getTime());
    assert.equal(lastEnqueued?.retrievedOn?.getTime(), h.clock.now());
  });
});
