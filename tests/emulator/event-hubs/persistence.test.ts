import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { earliestEventPosition, type ReceivedEventData } from '@azure/event-hubs';
import { ManualClock } from '../../../emulator/clock.js';
import { startHarness, uniqueHubName, type EventHubsHarness } from './support/harness.js';
import { bodies, collect } from './support/receive.js';

describe('Event Hubs persistence across restarts', () => {
  let dataDir: string;
  const running: EventHubsHarness[] = [];
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'eh-persistence-'));
  });
  after(async () => {
    await Promise.allSettled(running.map((h) => h.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The official Event Hubs emulator's Config.json shape, so the hub exists on every start. */
  const configFor = (hub: string) => ({
    UserConfig: {
      NamespaceConfig: [
        {
          Type: 'EventHub',
          Name: 'emulatorNs1',
          Entities: [{ Name: hub, PartitionCount: 2, ConsumerGroups: [] }],
        },
      ],
    },
  });
  const start = async (dir: string, config: unknown, clock: ManualClock) => {
    const h = await startHarness({ dataDir: dir, config, clock });
    running.push(h);
    return h;
  };
  const readAll = async (
    h: EventHubsHarness,
    hub: string,
    partitionId: string,
    count: number,
  ): Promise<ReceivedEventData[]> =>
    (await collect(h.consumer(hub), { partitionId, count, startPosition: earliestEventPosition })).events;
  const positions = (events: ReceivedEventData[]) =>
    events.map((event) => ({
      body: event.body as unknown,
      sequenceNumber: event.sequenceNumber,
      offset: event.offset,
      enqueued: event.enqueuedTimeUtc.getTime(),
      key: event.partitionKey,
    }));

  it('delivers after a restart every event accepted before it, with the same numbers, and continues the sequence', async () => {
    const dir = await mkdtemp(join(dataDir, 'restart-'));
    const hub = uniqueHubName('persist');
    const clock = new ManualClock();
    const firstRun = await start(dir, configFor(hub), clock);
    const producer = firstRun.producer(hub);
    await producer.sendBatch([{ body: 'a', properties: { n: 1 } }, { body: { b: true } }], {
      partitionId: '0',
    });
    clock.advance(1_000);
    await producer.sendBatch([{ body: 'c' }], { partitionId: '1' });
    await producer.sendBatch([{ body: 'keyed' }], { partitionId: '1' });
    const before0 = positions(await readAll(firstRun, hub, '0', 2));
    const before1 = positions(await readAll(firstRun, hub, '1', 2));
    await firstRun.close();

    const secondRun = await start(dir, configFor(hub), clock);

    assert.deepEqual(positions(await readAll(secondRun, hub, '0', 2)), before0);
    assert.deepEqual(positions(await readAll(secondRun, hub, '1', 2)), before1);
    assert.deepEqual((await readAll(secondRun, hub, '0', 1))[0]!.properties, { n: 1 });
    await secondRun.producer(hub).sendBatch([{ body: 'after restart' }], { partitionId: '0' });
    const continued = await readAll(secondRun, hub, '0', 3);
    assert.equal(continued[2]!.sequenceNumber, 2);
    assert.ok(Number(continued[2]!.offset) > Number(continued[1]!.offset));
  });

  it('brings back a hub created at run time, with its events, when the emulator restarts', async () => {
    const dir = await mkdtemp(join(dataDir, 'runtime-'));
    const clock = new ManualClock();
    const firstRun = await start(dir, undefined, clock);
    const hub = firstRun.createHub({ partitionCount: 3, consumerGroups: ['late'] });
    await firstRun.producer(hub).sendBatch([{ body: 'kept' }], { partitionId: '2' });
    await firstRun.close();

    const secondRun = await start(dir, undefined, clock);

    assert.deepEqual(await secondRun.producer(hub).getPartitionIds(), ['0', '1', '2']);
    const { events } = await collect(secondRun.consumer(hub, { consumerGroup: 'late' }), {
      partitionId: '2',
      count: 1,
      startPosition: earliestEventPosition,
    });
    assert.deepEqual(bodies(events), ['kept']);
  });

  it('drops events that expired while the emulator was stopped and shrinks the journal to what is left', async () => {
    const dir = await mkdtemp(join(dataDir, 'expired-'));
    const hub = uniqueHubName('persist');
    const clock = new ManualClock();
    const firstRun = await start(dir, configFor(hub), clock);
    await firstRun.producer(hub).sendBatch(
      Array.from({ length: 50 }, (_, i) => ({ body: `old ${i}` })),
      { partitionId: '0' },
    );
    await firstRun.close();
    const journal = join(dir, 'event-hubs', 'event-hubs.journal');
    const sizeBefore = (await stat(journal)).size;
    clock.advance(2 * 3_600_000);

    const secondRun = await start(dir, configFor(hub), clock);

    const properties = await secondRun.producer(hub).getPartitionProperties('0');
    assert.deepEqual(
      {
        begin: properties.beginningSequenceNumber,
        last: properties.lastEnqueuedSequenceNumber,
        isEmpty: properties.isEmpty,
      },
      { begin: 50, last: 49, isEmpty: true },
    );
    assert.ok((await stat(journal)).size < sizeBefore / 10, 'the expired events left the journal');
  });

  it('never reuses a sequence number after a restart when every earlier event has expired', async () => {
    const dir = await mkdtemp(join(dataDir, 'numbering-'));
    const hub = uniqueHubName('persist');
    const clock = new ManualClock();
    const firstRun = await start(dir, configFor(hub), clock);
    await firstRun.producer(hub).sendBatch([{ body: 'e0' }, { body: 'e1' }], { partitionId: '0' });
    await firstRun.close();
    clock.advance(2 * 3_600_000);
    // The second start compacts the journal to nothing but the partition's watermark; the third must still honour it.
    await (await start(dir, configFor(hub), clock)).close();

    const thirdRun = await start(dir, configFor(hub), clock);
    await thirdRun.producer(hub).sendBatch([{ body: 'e2' }], { partitionId: '0' });

    const { events } = await collect(thirdRun.consumer(hub), {
      partitionId: '0',
      count: 1,
      startPosition: earliestEventPosition,
    });
    assert.deepEqual(
      positions(events).map(({ body, sequenceNumber }) => ({ body, sequenceNumber })),
      [{ body: 'e2', sequenceNumber: 2 }],
    );
    assert.ok(Number(events[0]!.offset) > 0);
  });
});
