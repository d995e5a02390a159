import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../../emulator/clock.js';
import { startHarness, uniqueName, type ServiceBusHarness } from './support/harness.js';
import { bodies, receiveCount, receiveNothing, receiveOne } from './support/receive.js';

describe('Service Bus persistence across restarts', () => {
  let dataDir: string;
  const running: ServiceBusHarness[] = [];
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sb-persistence-'));
  });
  after(async () => {
    await Promise.allSettled(running.map((h) => h.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The official Config.json shape, so the entities exist on every start whatever the data folder holds. */
  const configFor = (queue: string, topic: string) => ({
    UserConfig: {
      Namespaces: [
        {
          Name: 'sbemulatorns',
          Queues: [{ Name: queue, Properties: { MaxDeliveryCount: 10, LockDuration: 'PT30S' } }],
          Topics: [{ Name: topic, Subscriptions: [{ Name: 'keep' }] }],
        },
      ],
      Logging: { Type: 'Console' },
    },
  });
  const start = async (dir: string, config: unknown, clock?: ManualClock) => {
    const h = await startHarness({ dataDir: dir, config, ...(clock ? { clock } : {}) });
    running.push(h);
    return h;
  };

  it('delivers after a restart the messages accepted before close, and not the ones completed', async () => {
    const dir = await mkdtemp(join(dataDir, 'restart-'));
    const queue = uniqueName('persist');
    const topic = uniqueName('persist-topic');
    const config = configFor(queue, topic);
    const clock = new ManualClock();
    const firstRun = await start(dir, config, clock);
    const sender = firstRun.client.createSender(queue);
    await sender.sendMessages([
      { body: 'completed', messageId: 'p-0' },
      { body: { kept: 1 }, messageId: 'p-1', applicationProperties: { n: 1 } },
      { body: 'kept 2', messageId: 'p-2', subject: 's', timeToLive: 3_600_000 },
    ]);
    await firstRun.client.createSender(topic).sendMessages({ body: 'for the subscription' });
    const receiver = firstRun.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    await receiver.completeMessage(await receiveOne(receiver));
    await firstRun.close();

    const secondRun = await start(dir, config, clock);
    const deleter = secondRun.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });
    const received = await receiveCount(deleter, 2);

    assert.deepEqual(bodies(received), [{ kept: 1 }, 'kept 2']);
    assert.deepEqual(
      received.map((m) => m.messageId),
      ['p-1', 'p-2'],
    );
    assert.deepEqual(received[0]!.applicationProperties, { n: 1 });
    assert.equal(received[1]!.subject, 's');
    assert.equal(received[1]!.timeToLive, 3_600_000);
    assert.deepEqual(await receiveNothing(deleter), []);
    const copy = await receiveOne(
      secondRun.client.createReceiver(topic, 'keep', { receiveMode: 'receiveAndDelete' }),
    );
    assert.equal(copy.body, 'for the subscription');
  });

  it('keeps dead-lettered, deferred and scheduled messages across a restart', async () => {
    const dir = await mkdtemp(join(dataDir, 'restart-'));
    const queue = uniqueName('persist');
    const config = configFor(queue, uniqueName('persist-topic'));
    const clock = new ManualClock();
    const firstRun = await start(dir, config, clock);
    const sender = firstRun.client.createSender(queue);
    await sender.sendMessages([{ body: 'dead' }, { body: 'deferred' }]);
    const [scheduled] = await sender.scheduleMessages({ body: 'scheduled' }, new Date(clock.now() + 60_000));
    const receiver = firstRun.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    await receiver.deadLetterMessage(await receiveOne(receiver), {
      deadLetterReason: 'Before restart',
      deadLetterErrorDescription: 'test',
    });
    const deferred = await receiveOne(receiver);
    await receiver.deferMessage(deferred);
    await firstRun.close();

    const secondRun = await start(dir, config, clock);
    const afterReceiver = secondRun.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });

    const dead = await receiveOne(
      secondRun.client.createReceiver(queue, { subQueueType: 'deadLetter', receiveMode: 'receiveAndDelete' }),
    );
    assert.equal(dead.body, 'dead');
    assert.equal(dead.deadLetterReason, 'Before restart');
    const [again] = await afterReceiver.receiveDeferredMessages(deferred.sequenceNumber!);
    assert.equal(again?.body, 'deferred');
    assert.deepEqual(await receiveNothing(afterReceiver), [], 'the scheduled message waits for its time');
    clock.advance(60_000);
    const due = await receiveOne(afterReceiver);
    assert.equal(due.body, 'scheduled');
    assert.equal(due.sequenceNumber?.toString(), scheduled?.toString());
  });

  it('continues sequence numbers after a restart instead of reusing them', async () => {
    const dir = await mkdtemp(join(dataDir, 'restart-'));
    const queue = uniqueName('persist');
    const config = configFor(queue, uniqueName('persist-topic'));
    const firstRun = await start(dir, config);
    await firstRun.client.createSender(queue).sendMessages({ body: 'first life' });
    const [first] = await firstRun.client.createReceiver(queue).peekMessages(1);
    await firstRun.close();

    const secondRun = await start(dir, config);
    await secondRun.client.createSender(queue).sendMessages({ body: 'second life' });
    const received = await receiveCount(
      secondRun.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }),
      2,
    );

    assert.deepEqual(bodies(received), ['first life', 'second life']);
    assert.ok(received[1]!.sequenceNumber!.greaterThan(first!.sequenceNumber!));
  });

  it('never hands out a sequence number twice, even after the entity emptied and the emulator restarted twice', async () => {
    const dir = await mkdtemp(join(dataDir, 'restart-'));
    const queue = uniqueName('persist');
    const config = configFor(queue, uniqueName('persist-topic'));
    const sendAndTake = async (h: ServiceBusHarness, body: string) => {
      await h.client.createSender(queue).sendMessages({ body });
      const [taken] = await receiveCount(
        h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }),
        1,
      );
      return taken!.sequenceNumber!.toNumber();
    };
    const firstRun = await start(dir, config);
    const first = await sendAndTake(firstRun, 'first life');
    await firstRun.close();
    // An empty run: the journal is compacted at each start, with nothing of the queue left in it but its watermark.
    await (await start(dir, config)).close();

    const thirdRun = await start(dir, config);
    assert.ok((await sendAndTake(thirdRun, 'third life')) > first);
  });

  it('starts when a queue created at run time has since been declared in the config file, which then wins', async () => {
    const dir = await mkdtemp(join(dataDir, 'restart-'));
    const queue = uniqueName('persist');
    const runtimeQueue = uniqueName('runtime');
    const firstRun = await start(dir, configFor(queue, uniqueName('persist-topic')));
    const created = await fetch(`${firstRun.emulator.adminUrl}/servicebus/queues/${runtimeQueue}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: runtimeQueue, Properties: { LockDuration: 'PT15S' } }),
    });
    assert.ok(created.ok, `status ${created.status}`);
    await firstRun.close();

    const declared = configFor(queue, uniqueName('persist-topic'));
    declared.UserConfig.Namespaces[0]!.Queues.push({
      Name: runtimeQueue,
      Properties: { MaxDeliveryCount: 3, LockDuration: 'PT45S' },
    });
    const secondRun = await start(dir, declared);
    await secondRun.client.createSender(runtimeQueue).sendMessages({ body: 'declared now' });
    const message = await receiveOne(
      secondRun.client.createReceiver(runtimeQueue, { maxAutoLockRenewalDurationInMs: 0 }),
    );
    assert.equal(message.lockedUntilUtc?.getTime(), secondRun.clock.now() + 45_000);
  });

  it('keeps the duplicate-detection history across a restart, after the message itself is gone', async () => {
    const dir = await mkdtemp(join(dataDir, 'restart-'));
    const queue = uniqueName('dedupe');
    const config = configFor(queue, uniqueName('persist-topic'));
    const declared = config.UserConfig.Namespaces[0]!.Queues[0]!;
    Object.assign(declared.Properties, {
      RequiresDuplicateDetection: true,
      DuplicateDetectionHistoryTimeWindow: 'PT10M',
    });
    const clock = new ManualClock();
    const firstRun = await start(dir, config, clock);
    await firstRun.client.createSender(queue).sendMessages({ body: 'original', messageId: 'dup-1' });
    await receiveCount(firstRun.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }), 1);
    await firstRun.close();

    const secondRun = await start(dir, config, clock);
    await secondRun.client.createSender(queue).sendMessages([
      { body: 'resent', messageId: 'dup-1' },
      { body: 'new', messageId: 'dup-2' },
    ]);
    const receiver = secondRun.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });
    assert.deepEqual(bodies([...(await receiveCount(receiver, 1)), ...(await receiveNothing(receiver))]), [
      'new',
    ]);
  });

  it('starts empty when no data folder is given, even after an earlier run', async () => {
    const queue = uniqueName('memory');
    const config = configFor(queue, uniqueName('memory-topic'));
    const firstRun = await startHarness({ config });
    running.push(firstRun);
    await firstRun.client.createSender(queue).sendMessages({ body: 'not kept' });
    await firstRun.close();

    const secondRun = await startHarness({ config });
    running.push(secondRun);

    assert.deepEqual(
      await receiveNothing(secondRun.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' })),
      [],
    );
  });
});
