import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { earliestEventPosition } from '@azure/event-hubs';
import { startHarness, type EventHubsHarness } from './support/harness.js';
import { readersAttached } from './support/receive.js';
import { watchPartition, type PartitionWatch } from './support/watch.js';

describe('Event Hubs owner level (epoch) and reader quota', () => {
  let h: EventHubsHarness;
  const watches: PartitionWatch[] = [];
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await Promise.allSettled(watches.map((watch) => watch.close()));
    await h.close();
  });

  /** A reader on partition 0 from the earliest event, on its own connection. */
  const reader = (hub: string, ownerLevel?: number, consumerGroup?: string): PartitionWatch => {
    const watch = watchPartition(h.consumer(hub, consumerGroup ? { consumerGroup } : {}), '0', {
      startPosition: earliestEventPosition,
      ...(ownerLevel !== undefined ? { ownerLevel } : {}),
    });
    watches.push(watch);
    return watch;
  };
  const publish = (hub: string, body: string) => h.producer(hub).sendBatch([{ body }], { partitionId: '0' });

  for (const [older, newer] of [
    [1, 2],
    [3, 3],
  ] as const) {
    it(`disconnects the reader of owner level ${older} with ReceiverDisconnectedError when a reader of owner level ${newer} attaches`, async () => {
      const hub = h.createHub({ partitionCount: 1 });
      const first = reader(hub, older);
      await readersAttached(h, hub, 1);
      const second = reader(hub, newer);

      const error = await first.failed();
      assert.equal(error.code, 'ReceiverDisconnectedError');
      assert.match(error.message, new RegExp(`higher epoch of '${newer}'`));
      await publish(hub, 'for the new owner');
      await second.received('for the new owner');
      assert.deepEqual(second.errors, []);
    });
  }

  it('refuses a reader with ReceiverDisconnectedError and keeps the owner reading when its owner level is lower', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const owner = reader(hub, 5);
    await readersAttached(h, hub, 1);
    const lower = reader(hub, 4);

    const error = await lower.failed();
    assert.equal(error.code, 'ReceiverDisconnectedError');
    assert.match(error.message, /epoch '4' cannot be created/);
    await publish(hub, 'still mine');
    await owner.received('still mine');
    assert.deepEqual(owner.errors, []);
  });

  it('refuses a reader without owner level when a reader with one exists', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    // The SDK sends no owner level for 0 unless a checkpoint store is used, so the owner here has level 1.
    const owner = reader(hub, 1);
    await readersAttached(h, hub, 1);

    const error = await reader(hub).failed();

    assert.equal(error.code, 'ReceiverDisconnectedError');
    assert.match(error.message, /non-epoch receiver is not allowed/);
    await publish(hub, 'owner only');
    await owner.received('owner only');
  });

  it('disconnects every reader without owner level when a reader with one attaches', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const plain = [reader(hub), reader(hub)];
    await readersAttached(h, hub, 2);
    reader(hub, 1);

    for (const watch of plain) assert.equal((await watch.failed()).code, 'ReceiverDisconnectedError');
  });

  it('refuses the sixth reader without owner level with QuotaExceededError and keeps the five reading', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const five = Array.from({ length: 5 }, () => reader(hub));
    await readersAttached(h, hub, 5);

    const error = await reader(hub).failed();

    assert.equal(error.code, 'QuotaExceededError');
    assert.match(
      error.message,
      /maximum number of allowed receivers per partition in a consumer group which is 5/,
    );
    await publish(hub, 'for the five');
    for (const watch of five) await watch.received('for the five');
    assert.ok(five.every((watch) => watch.errors.length === 0));
  });

  it('applies owner levels per consumer group when readers of two groups share a partition', async () => {
    const hub = h.createHub({ partitionCount: 1, consumerGroups: ['audit'] });
    const main = reader(hub, 7);
    const audit = reader(hub, 1, 'audit');
    await readersAttached(h, hub, 2);

    await publish(hub, 'both groups');

    await main.received('both groups');
    await audit.received('both groups');
    assert.deepEqual([...main.errors, ...audit.errors], []);
  });
});
