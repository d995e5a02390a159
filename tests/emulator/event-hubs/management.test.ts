import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventHubProducerClient } from '@azure/event-hubs';
import { startEmulator } from '../../../emulator/start-emulator.js';
import { startHarness, testRetryOptions, uniqueHubName } from './support/harness.js';
import { useHarness } from '../use-harness.js';

describe('Event Hubs $management READ', () => {
  const h = useHarness(startHarness);

  it('reports the name, creation time and partition ids when the hub properties are read', async () => {
    const hub = h.createHub({ partitionCount: 3 });

    const properties = await h.producer(hub).getEventHubProperties();

    assert.equal(properties.name, hub);
    assert.deepEqual(properties.partitionIds, ['0', '1', '2']);
    assert.equal(properties.createdOn.getTime(), h.clock.now());
    assert.equal(properties.isGeoDrEnabled, false);
    assert.deepEqual(await h.producer(hub).getPartitionIds(), ['0', '1', '2']);
  });

  it('reports an empty partition as beginning at 0 with nothing enqueued when nothing was sent', async () => {
    const hub = h.createHub({ partitionCount: 1 });

    const properties = await h.producer(hub).getPartitionProperties('0');

    assert.deepEqual(
      { ...properties, lastEnqueuedOnUtc: properties.lastEnqueuedOnUtc.getTime() },
      {
        eventHubName: hub,
        partitionId: '0',
        beginningSequenceNumber: 0,
        lastEnqueuedSequenceNumber: -1,
        lastEnqueuedOffset: '-1',
        lastEnqueuedOnUtc: 0,
        isEmpty: true,
      },
    );
  });

  it('reports the last enqueued sequence number, offset and time when events were sent', async () => {
    const hub = h.createHub({ partitionCount: 2 });
    const producer = h.producer(hub);
    await producer.sendBatch([{ body: 'a' }, { body: 'b' }], { partitionId: '1' });
    h.clock.advance(1_000);
    await producer.sendBatch([{ body: 'c' }], { partitionId: '1' });

    const properties = await producer.getPartitionProperties('1');

    assert.equal(properties.beginningSequenceNumber, 0);
    assert.equal(properties.lastEnqueuedSequenceNumber, 2);
    assert.equal(properties.lastEnqueuedOnUtc.getTime(), h.clock.now());
    assert.equal(properties.isEmpty, false);
    assert.equal(typeof properties.lastEnqueuedOffset, 'string');
    assert.ok(Number(properties.lastEnqueuedOffset) > 0);
    assert.equal((await producer.getPartitionProperties('0')).isEmpty, true);
  });

  it('fails with MessagingEntityNotFoundError when the hub does not exist', async () => {
    await assert.rejects(h.producer(uniqueHubName('missing')).getEventHubProperties(), {
      code: 'MessagingEntityNotFoundError',
    });
  });

  it('fails with ArgumentOutOfRangeError when the partition does not exist', async () => {
    const hub = h.createHub({ partitionCount: 2 });

    await assert.rejects(h.producer(hub).getPartitionProperties('2'), { code: 'ArgumentOutOfRangeError' });
    await assert.rejects(h.producer(hub).getPartitionProperties('x'), { code: 'ArgumentOutOfRangeError' });
  });
});

describe('Event Hubs configuration', () => {
  it("serves the hubs of the official emulator's Config.json through its documented connection string", async () => {
    const hub = uniqueHubName('configured');
    const emulator = await startEmulator({
      amqpPort: 0,
      eventGridPort: 0,
      adminPort: 0,
      config: {
        UserConfig: {
          NamespaceConfig: [
            {
              Type: 'EventHub',
              Name: 'emulatorNs1',
              Entities: [{ Name: hub, PartitionCount: '2', ConsumerGroups: [{ Name: 'cg1' }] }],
            },
          ],
          LoggingConfig: { Type: 'File' },
        },
      },
    });
    // The documented string, with the port this test's listener got instead of 5672.
    const documented = `Endpoint=sb://localhost:${emulator.amqpPort};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;EntityPath=${hub}`;
    const producer = new EventHubProducerClient(documented, { retryOptions: testRetryOptions });
    try {
      assert.deepEqual(await producer.getPartitionIds(), ['0', '1']);
      assert.deepEqual(
        emulator.eventHubs
          .describe()
          .map((described) => ({ name: described.name, consumerGroups: described.consumerGroups })),
        [{ name: hub, consumerGroups: ['$Default', 'cg1'] }],
      );
    } finally {
      await producer.close();
      await emulator.close();
    }
  });

  const invalid = [
    {
      what: 'a partition count of 0',
      entity: { Name: 'zero', PartitionCount: 0 },
      message: /PartitionCount must be an integer from 1 to 32/,
    },
    {
      what: 'a partition count of 33',
      entity: { Name: 'many', PartitionCount: 33 },
      message: /PartitionCount/,
    },
    {
      what: 'a name with a slash',
      entity: { Name: 'a/b', PartitionCount: 1 },
      message: /not a valid event hub name/,
    },
    {
      what: 'a retention of 0 hours',
      entity: { Name: 'r', PartitionCount: 1, MessageRetentionInHours: 0 },
      message: /MessageRetentionInHours/,
    },
  ];
  for (const { what, entity, message } of invalid) {
    it(`refuses to start when a hub has ${what}`, async () => {
      await assert.rejects(
        startEmulator({
          amqpPort: 0,
          eventGridPort: 0,
          adminPort: 0,
          config: { UserConfig: { NamespaceConfig: [{ Type: 'EventHub', Name: 'ns', Entities: [entity] }] } },
        }),
        { name: 'InvalidEventHubError', message },
      );
    });
  }
});
