import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  earliestEventPosition,
  type CheckpointStore,
  type EventHubConsumerClient,
  type ReceivedEventData,
  type Subscription,
} from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { BlobServiceClient } from '@azure/storage-blob';
import { ManualClock } from '../../../emulator/clock.js';
import { startAzurite, type RunningAzurite } from '../../../local/start-azurite.js';
import { startHarness, uniqueHubName, type EventHubsHarness } from './support/harness.js';
import { eventually } from '../eventually.js';

/** Greedy balancing with a short loop, so two consumers settle in about a second instead of a minute. */
const loadBalancingOptions = { strategy: 'greedy', updateIntervalInMs: 500 } as const;

interface Processed {
  partitionId: string;
  sequenceNumber: number;
  body: unknown;
}

/**
 * Runs `client.subscribe` over every partition with the blob checkpoint store, recording each event and
 * checkpointing an event when `checkpointIf` says so.
 */
function consume(
  client: EventHubConsumerClient,
  options: { checkpointIf?: (event: ReceivedEventData) => boolean } = {},
): {
  processed: Processed[];
  active: Set<string>;
  errors: Array<Error & { code?: string }>;
  subscription: Subscription;
} {
  const processed: Processed[] = [];
  const active = new Set<string>();
  const errors: Array<Error & { code?: string }> = [];
  const subscription = client.subscribe(
    {
      processInitialize: (context) => {
        active.add(context.partitionId);
        return Promise.resolve();
      },
      processClose: (_reason, context) => {
        active.delete(context.partitionId);
        return Promise.resolve();
      },
      processEvents: async (events, context) => {
        for (const event of events) {
          processed.push({
            partitionId: context.partitionId,
            sequenceNumber: event.sequenceNumber,
            body: event.body as unknown,
          });
          if (options.checkpointIf?.(event)) await context.updateCheckpoint(event);
        }
      },
      processError: (error) => {
        errors.push(error);
        return Promise.resolve();
      },
    },
    { startPosition: earliestEventPosition, maxBatchSize: 10, maxWaitTimeInSeconds: 1 },
  );
  return { processed, active, errors, subscription };
}

const sequenceNumbersOf = (processed: Processed[], partitionId: string) =>
  processed.filter((entry) => entry.partitionId === partitionId).map((entry) => entry.sequenceNumber);

describe('Event Hubs with the blob checkpoint store on Azurite', () => {
  let azurite: RunningAzurite;
  let dataDir: string;
  const running: EventHubsHarness[] = [];
  const subscriptions: Subscription[] = [];
  before(async () => {
    azurite = await startAzurite();
    dataDir = await mkdtemp(join(tmpdir(), 'eh-checkpoints-'));
  });
  after(async () => {
    await Promise.allSettled(subscriptions.map((subscription) => subscription.close()));
    await Promise.allSettled(running.map((h) => h.close()));
    await azurite.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const checkpointStore = async (): Promise<CheckpointStore> => {
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
      `checkpoints-${randomBytes(6).toString('hex')}`,
    );
    await container.create();
    return new BlobCheckpointStore(container);
  };
  const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
    const h = await startHarness(options);
    running.push(h);
    return h;
  };

  it('shares the partitions between two consumers and delivers each event to exactly one of them', async () => {
    const h = await start();
    const hub = h.createHub({ partitionCount: 4 });
    const store = await checkpointStore();
    const consumerOptions = { checkpointStore: store, clientOptions: { loadBalancingOptions } };
    // The second consumer joins once the first reads everything, as when a deployment scales out. (Started at the
    // same instant, both win claims on the same blobs and the SDK settles only when an ownership expires, after 60 s.)
    const first = consume(h.consumer(hub, consumerOptions));
    subscriptions.push(first.subscription);
    await eventually(() => (first.active.size === 4 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the first consumer reading every partition',
    });
    const second = consume(h.consumer(hub, consumerOptions));
    subscriptions.push(second.subscription);

    // Balancing has settled when each consumer reads two partitions and no partition is still being handed over:
    // a new owner's reader takes the link from the old one, whose partition processor then closes.
    await eventually(
      () => {
        const shared = [...first.active].filter((partitionId) => second.active.has(partitionId));
        return first.active.size === 2 && second.active.size === 2 && shared.length === 0 ? true : undefined;
      },
      { timeoutMs: 20_000, what: 'two consumers reading two partitions each' },
    );
    const owners = await store.listOwnership('localhost', hub, '$Default');
    await h.producer(hub).sendBatch([{ body: 'p0' }], { partitionId: '0' });
    await h.producer(hub).sendBatch([{ body: 'p1' }], { partitionId: '1' });
    await h.producer(hub).sendBatch([{ body: 'p2' }], { partitionId: '2' });
    await h.producer(hub).sendBatch([{ body: 'p3' }], { partitionId: '3' });
    await eventually(() => (first.processed.length + second.processed.length >= 4 ? true : undefined), {
      what: 'all four events',
    });

    const bodiesOf = (processed: Processed[]) => processed.map((entry) => entry.body as string).sort();
    assert.deepEqual([...bodiesOf(first.processed), ...bodiesOf(second.processed)].sort(), [
      'p0',
      'p1',
      'p2',
      'p3',
    ]);
    assert.equal(first.processed.length, 2);
    assert.equal(second.processed.length, 2);
    // Each event went to the consumer that owns its partition.
    const ownerOf = new Map(owners.map(({ partitionId, ownerId }) => [partitionId, ownerId]));
    const partitionsOf = (processed: Processed[]) =>
      new Set(processed.map((entry) => ownerOf.get(entry.partitionId)));
    assert.equal(partitionsOf(first.processed).size, 1);
    assert.equal(partitionsOf(second.processed).size, 1);
    assert.notDeepEqual([...partitionsOf(first.processed)], [...partitionsOf(second.processed)]);
    // A partition that changed hands was taken over with the same owner level: the old reader's link was stolen.
    assert.ok(
      [...first.errors, ...second.errors].every((error) => error.code === 'ReceiverDisconnectedError'),
      String([...first.errors, ...second.errors]),
    );
  });

  it('resumes after the last checkpoint when the consumer and the emulator restart, losing nothing and rereading nothing before it', async () => {
    const dir = await mkdtemp(join(dataDir, 'resume-'));
    const hub = uniqueHubName('resume');
    const config = {
      UserConfig: {
        NamespaceConfig: [
          {
            Type: 'EventHub',
            Name: 'emulatorNs1',
            Entities: [{ Name: hub, PartitionCount: 2, ConsumerGroups: [] }],
          },
        ],
      },
    };
    const clock = new ManualClock();
    const store = await checkpointStore();
    const firstRun = await start({ dataDir: dir, config, clock });
    for (const partitionId of ['0', '1']) {
      await firstRun.producer(hub).sendBatch(
        Array.from({ length: 10 }, (_, i) => ({ body: `run1-${partitionId}-${i}` })),
        { partitionId },
      );
    }
    // The first consumer reads all ten events of each partition but checkpoints only up to sequence number 6.
    const firstConsumer = firstRun.consumer(hub, {
      checkpointStore: store,
      clientOptions: { loadBalancingOptions },
    });
    const before = consume(firstConsumer, { checkpointIf: (event) => event.sequenceNumber === 6 });
    await eventually(() => (before.processed.length === 20 ? true : undefined), {
      timeoutMs: 15_000,
      what: 'twenty events in the first run',
    });
    await eventually(
      async () =>
        (await store.listCheckpoints('localhost', hub, '$Default')).filter((c) => c.sequenceNumber === 6)
          .length === 2
          ? true
          : undefined,
      { what: 'both checkpoints at sequence number 6' },
    );
    await before.subscription.close();
    await firstConsumer.close();
    await firstRun.close();

    const secondRun = await start({ dataDir: dir, config, clock });
    for (const partitionId of ['0', '1']) {
      await secondRun.producer(hub).sendBatch(
        Array.from({ length: 5 }, (_, i) => ({ body: `run2-${partitionId}-${i}` })),
        { partitionId },
      );
    }
    const after = consume(
      secondRun.consumer(hub, { checkpointStore: store, clientOptions: { loadBalancingOptions } }),
    );
    subscriptions.push(after.subscription);
    await eventually(() => (after.processed.length >= 16 ? true : undefined), {
      timeoutMs: 15_000,
      what: 'sixteen events in the second run',
    });

    for (const partitionId of ['0', '1']) {
      assert.deepEqual(
        sequenceNumbersOf(after.processed, partitionId),
        [7, 8, 9, 10, 11, 12, 13, 14],
        `partition ${partitionId}`,
      );
    }
    assert.deepEqual(
      after.processed.filter((entry) => entry.partitionId === '0').map((entry) => entry.body),
      ['run1-0-7', 'run1-0-8', 'run1-0-9', 'run2-0-0', 'run2-0-1', 'run2-0-2', 'run2-0-3', 'run2-0-4'],
    );
    assert.deepEqual(after.errors, []);
  });
});
