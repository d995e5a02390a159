import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  EventHubsLocalCloud,
  eventsOf,
  namespace,
  partitionOf,
  singleGroup,
} from '../fixtures/host-apps/event-hubs-app/harness.js';
import { fixtureEvents } from '../fixtures/host-apps/support/fixture-events.js';
import { ManualClock } from './support/manual-clock.js';
import { until } from './support/wait-for.js';

const inputs = (deliveries: { input: unknown }[]): unknown[] => deliveries.map((delivery) => delivery.input);

describe('Event Hubs checkpoints', () => {
  let cloud: EventHubsLocalCloud;

  before(async () => {
    cloud = await EventHubsLocalCloud.start();
  });

  after(() => cloud.close());

  it('keeps checkpoints and ownership in azure-webjobs-eventhub, laid out as the Event Hubs blob checkpoint store', async () => {
    const hubs = cloud.createHubs({ onEvent: 2 });
    await cloud.send(hubs.onEvent, [{ body: { n: 0 } }, { body: { n: 1 } }], { partitionId: '1' });
    await cloud.startApp({ hubs });
    await cloud.deliveries(hubs.onEvent, 2);
    await until(async () => (await cloud.checkpoints(hubs.onEvent, singleGroup))['1'] === 1);

    const blobs: Record<string, Record<string, string> | undefined> = {};
    for await (const blob of cloud.container.listBlobsFlat({
      prefix: `${namespace}/${hubs.onEvent}/`,
      includeMetadata: true,
    })) {
      blobs[blob.name] = blob.metadata;
    }
    const prefix = `localhost/${hubs.onEvent}/${singleGroup}`;
    assert.deepEqual(Object.keys(blobs).sort(), [
      `${prefix}/checkpoint/1`,
      `${prefix}/ownership/0`,
      `${prefix}/ownership/1`,
    ]);
    const checkpoint = blobs[`${prefix}/checkpoint/1`]!;
    assert.equal(checkpoint.sequencenumber, '1');
    assert.equal(checkpoint.offset, String(cloud.delivered(hubs.onEvent)[1]!.triggerMetadata.offset));
    assert.ok(blobs[`${prefix}/ownership/0`]?.ownerid, 'the partitions are owned');
  });

  it('resumes after the last checkpoint when the host restarts, losing nothing and reading nothing before it again', async () => {
    const hubs = cloud.createHubs({ onEvent: 2 });
    for (const partitionId of ['0', '1']) {
      await cloud.send(
        hubs.onEvent,
        [0, 1, 2].map((n) => ({ body: { partitionId, n } })),
        { partitionId },
      );
    }
    const first = await cloud.startApp({ hubs });
    await cloud.deliveries(hubs.onEvent, 6);
    await until(async () => {
      const checkpoints = await cloud.checkpoints(hubs.onEvent, singleGroup);
      return checkpoints['0'] === 2 && checkpoints['1'] === 2;
    });
    await first.host.close();

    for (const partitionId of ['0', '1']) {
      await cloud.send(
        hubs.onEvent,
        [3, 4].map((n) => ({ body: { partitionId, n } })),
        { partitionId },
      );
    }
    // A checkpoint wins over initialOffsetOptions, which only places partitions that have none.
    await cloud.startApp({
      hubs,
      hostJson: { version: '2.0', extensions: { eventHubs: { initialOffsetOptions: { type: 'fromEnd' } } } },
    });
    const afterRestart = (await cloud.deliveries(hubs.onEvent, 10)).slice(6);
    for (const partitionId of ['0', '1']) {
      assert.deepEqual(
        inputs(afterRestart.filter((delivery) => partitionOf(delivery).partitionId === partitionId)),
        [3, 4].map((n) => ({ partitionId, n })),
      );
    }
  });

  it('invokes a function of cardinality one for each event of a batch side by side, and checkpoints once all are done', async () => {
    const hubs = cloud.createHubs();
    await cloud.startApp({ hubs });
    // Sent as one batch: the first event's invocation waits to be released, the second runs meanwhile.
    await cloud.send(hubs.onEvent, [{ body: { n: 0, park: true } }, { body: { n: 1 } }]);
    const delivered = await cloud.deliveries(hubs.onEvent, 2);
    assert.deepEqual(inputs(delivered), [{ n: 0, park: true }, { n: 1 }]);
    assert.deepEqual(await cloud.checkpoints(hubs.onEvent, singleGroup), {});
    fixtureEvents.emit('release');
    await until(async () => (await cloud.checkpoints(hubs.onEvent, singleGroup))['0'] === 1);
  });

  it('writes no checkpoint after the invocation running when the host stops, so it is handed over again', async () => {
    const hubs = cloud.createHubs();
    const first = await cloud.startApp({ hubs });
    await cloud.send(hubs.onEvent, [{ body: { n: 0 } }]);
    await until(async () => (await cloud.checkpoints(hubs.onEvent, singleGroup))['0'] === 0);
    await cloud.send(hubs.onEvent, [{ body: { n: 1, park: true } }]);
    await cloud.deliveries(hubs.onEvent, 2);

    const closing = first.host.close();
    fixtureEvents.emit('release');
    await closing;
    assert.deepEqual(await cloud.checkpoints(hubs.onEvent, singleGroup), { '0': 0 });

    await cloud.startApp({ hubs });
    const [, , again] = await cloud.deliveries(hubs.onEvent, 3);
    assert.deepEqual(again!.input, { n: 1, park: true });
    assert.equal(again!.triggerMetadata.sequenceNumber, 1);
    fixtureEvents.emit('release');
  });

  it('checkpoints every batchCheckpointFrequency batches, and the batches done since when the host stops', async () => {
    const hubs = cloud.createHubs();
    const hostJson = { version: '2.0', extensions: { eventHubs: { batchCheckpointFrequency: 2 } } };
    const first = await cloud.startApp({ hubs, hostJson });
    const hub = hubs.onEvent;

    await cloud.send(hub, [{ body: { n: 0 } }]);
    await cloud.deliveries(hub, 1);
    await cloud.send(hub, [{ body: { n: 1 } }]);
    await cloud.deliveries(hub, 2);
    // The first event is not checkpointed: the second's invocation starts with no checkpoint written.
    assert.deepEqual(await cloud.checkpoints(hub, singleGroup), {});
    await until(async () => (await cloud.checkpoints(hub, singleGroup))['0'] === 1);
    await cloud.send(hub, [{ body: { n: 2 } }]);
    await cloud.deliveries(hub, 3);
    assert.deepEqual(
      cloud.delivered(hub).map((delivery) => partitionOf(delivery).isCheckpointingAfterInvocation),
      [false, true, false],
    );

    await first.host.close();
    assert.deepEqual(await cloud.checkpoints(hub, singleGroup), { '0': 2 });
    await cloud.startApp({ hubs, hostJson });
    await cloud.send(hub, [{ body: { n: 3 } }]);
    const [, , , next] = await cloud.deliveries(hub, 4);
    assert.deepEqual(next!.input, { n: 3 });
  });

  it('does not checkpoint a failed event whose retries the shutdown cut short: it is delivered again after a restart', async () => {
    const clock = new ManualClock(Date.now());
    const hubs = cloud.createHubs();
    const hub = hubs.onRetriedEvent;
    const hostJson = { version: '2.0', extensions: { eventHubs: { batchCheckpointFrequency: 2 } } };
    const first = await cloud.startApp({ hubs, hostJson, clock });
    await cloud.send(hub, [{ body: { n: 0 } }]);
    await cloud.deliveries(hub, 1);
    await cloud.send(hub, [{ body: { fail: true } }]);
    await cloud.deliveries(hub, 2);
    // Waiting for its first retry (5 s on a clock that stands still) when the host stops.
    await until(() => clock.hasTimerAt(clock.now() + 5_000));
    await first.host.close();
    assert.deepEqual(await cloud.checkpoints(hub), { '0': 0 });

    await cloud.startApp({ hubs, hostJson, clock });
    const [, , again] = await cloud.deliveries(hub, 3);
    assert.deepEqual(again!.input, { fail: true });
    assert.equal(again!.triggerMetadata.sequenceNumber, 1);
  });

  describe('with retry policies', () => {
    const clock = new ManualClock(Date.now());
    const start = clock.now();
    let hubs: ReturnType<EventHubsLocalCloud['createHubs']>;

    before(async () => {
      ({ hubs } = await cloud.startApp({ clock }));
    });

    it('retries a failed event on its fixed delay without checkpointing, then checkpoints it once the retries are spent', async () => {
      const hub = hubs.onRetriedEvent;
      await cloud.send(hub, [{ body: { fail: true } }]);
      await cloud.deliveries(hub, 1);
      await until(() => clock.hasTimerAt(start + 5_000));
      assert.deepEqual(await cloud.checkpoints(hub), {});
      clock.advance(5_000);
      await cloud.deliveries(hub, 2);
      await until(() => clock.hasTimerAt(start + 10_000));
      assert.deepEqual(await cloud.checkpoints(hub), {});
      clock.advance(5_000);
      await cloud.deliveries(hub, 3);
      await until(async () => (await cloud.checkpoints(hub))['0'] === 0);

      assert.deepEqual(
        cloud
          .delivered(hub)
          .map(({ retryContext }) => [retryContext?.retryCount, retryContext?.maxRetryCount]),
        [
          [0, 2],
          [1, 2],
          [2, 2],
        ],
      );
      assert.equal(cloud.delivered(hub)[1]!.retryContext?.exception?.message, 'attempt 0 failed');

      // The app must keep such an event itself: the next invocation is for the next event, afresh.
      await cloud.send(hub, [{ body: { n: 1 } }]);
      const [, , , next] = await cloud.deliveries(hub, 4);
      assert.deepEqual(next!.input, { n: 1 });
      assert.equal(next!.retryContext?.retryCount, 0);
    });

    it('retries a failed batch with exponential backoff and checkpoints it once it succeeds', async () => {
      const hub = hubs.onRetriedBatch;
      const from = clock.now();
      await cloud.send(hub, [{ body: { failUntilRetry: 2 } }, { body: 'second' }]);
      await cloud.events(hub, 2);
      const batchSize = eventsOf(cloud.delivered(hub)[0]!).length;
      assert.equal(batchSize, 2, 'both events in one batch');
      await until(() => clock.hasTimerAt(from + 1_000));
      clock.advance(1_000);
      await cloud.deliveries(hub, 2);
      await until(() => clock.hasTimerAt(from + 3_000));
      assert.deepEqual(await cloud.checkpoints(hub), {});
      clock.advance(2_000);
      await cloud.deliveries(hub, 3);
      await until(async () => (await cloud.checkpoints(hub))['0'] === 1);
      assert.deepEqual(
        cloud.delivered(hub).map((delivery) => delivery.retryContext?.retryCount),
        [0, 1, 2],
      );
    });
  });

  it("applies host.json's retry to functions that declare none", async () => {
    const clock = new ManualClock(Date.now());
    const { hubs } = await cloud.startApp({
      clock,
      hostJson: {
        version: '2.0',
        retry: { strategy: 'fixedDelay', maxRetryCount: 1, delayInterval: '00:00:02' },
      },
    });
    await cloud.send(hubs.onEvent, [{ body: { fail: true } }]);
    await cloud.deliveries(hubs.onEvent, 1);
    await until(() => clock.hasTimerAt(clock.now() + 2_000));
    clock.advance(2_000);
    const [, retried] = await cloud.deliveries(hubs.onEvent, 2);
    assert.deepEqual([retried!.retryContext?.retryCount, retried!.retryContext?.maxRetryCount], [1, 1]);
    await until(async () => (await cloud.checkpoints(hubs.onEvent, singleGroup))['0'] === 0);
  });

  it('shares the partitions between two hosts through the ownership blobs, and hands them back when one stops', async () => {
    const hubs = cloud.createHubs({ onEvent: 4 });
    const hub = hubs.onEvent;
    const partitions = ['0', '1', '2', '3'];
    const hostJson = {
      version: '2.0',
      extensions: {
        eventHubs: {
          loadBalancingUpdateInterval: '00:00:00.2',
          partitionOwnershipExpirationInterval: '00:00:10',
        },
      },
    };
    const sendToEach = async (n: number): Promise<void> => {
      for (const partitionId of partitions)
        await cloud.send(hub, [{ body: { partitionId, n } }], { partitionId });
    };
    const owners = async (): Promise<string[]> => Object.values(await cloud.owners(hub, singleGroup));

    const first = await cloud.startApp({ hubs, hostJson });
    // Every partition is read by the first host before the second starts, as when an app scales out.
    await sendToEach(0);
    await cloud.deliveries(hub, 4);
    const firstInstance = cloud.delivered(hub)[0]!.instance;
    const second = await cloud.startApp({ hubs, hostJson });
    await until(async () => {
      const owned = await owners();
      return (
        owned.length === 4 &&
        new Set(owned).size === 2 &&
        owned.filter((owner) => owner === owned[0]).length === 2
      );
    }, 20_000);
    // The partitions the second host took were closed on the first: each stolen reader reports it.
    await until(
      () =>
        first.logs.records.filter(
          (record) => record.message.includes(`on '${hub}' (partition`) && record.level === 'information',
        ).length === 2,
      20_000,
    );

    await sendToEach(1);
    const shared = (await cloud.deliveries(hub, 8)).slice(4);
    assert.deepEqual(shared.map((delivery) => partitionOf(delivery).partitionId).sort(), partitions);
    assert.ok(shared.every((delivery) => (delivery.input as { n: number }).n === 1));
    const instances = shared.map((delivery) => delivery.instance);
    assert.deepEqual(
      [...new Set(instances)].map((instance) => instances.filter((other) => other === instance).length),
      [2, 2],
    );

    await until(async () => {
      const checkpoints = Object.values(await cloud.checkpoints(hub, singleGroup));
      return checkpoints.length === 4 && checkpoints.every((sequenceNumber) => sequenceNumber === 1);
    });
    await second.host.close();
    await until(async () => new Set(await owners()).size === 1 && !(await owners()).includes(''), 20_000);
    await sendToEach(2);
    const handedBack = (await cloud.deliveries(hub, 12)).slice(8);
    assert.ok(handedBack.every((delivery) => delivery.instance === firstInstance));
    // Each partition resumes after the second host's checkpoint: nothing is handed over twice.
    assert.deepEqual(
      handedBack.map((delivery) => delivery.input).sort(byPartition),
      partitions.map((partitionId) => ({ partitionId, n: 2 })),
    );
  });
});

function byPartition(a: unknown, b: unknown): number {
  return (a as { partitionId: string }).partitionId.localeCompare((b as { partitionId: string }).partitionId);
}
