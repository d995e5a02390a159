import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RegisteredFunction } from '../../host/core/app-registry.js';
import { newtonsoftUtc } from '../../host/dotnet-time.js';
import { AppSettings } from '../../host/settings/app-settings.js';
import { readEventHubsBinding } from '../../host/triggers/event-hubs/event-hubs-binding.js';
import {
  type AppFunction,
  EventHubsLocalCloud,
  eventsOf,
  partitionOf,
  singleGroup,
} from '../fixtures/host-apps/event-hubs-app/harness.js';
import { startFixtureHost } from './support/fixture-host.js';
import { ManualClock } from './support/manual-clock.js';
import { until } from './support/wait-for.js';

const unzoned = (ms: number): string => newtonsoftUtc(ms).replace(/Z$/, '');
const sequenceNumbers = (deliveries: { triggerMetadata: Record<string, unknown> }[]): unknown[] =>
  deliveries.flatMap((delivery) => delivery.triggerMetadata.sequenceNumberArray as unknown[]);

describe('the Event Hubs trigger', () => {
  let cloud: EventHubsLocalCloud;

  before(async () => {
    cloud = await EventHubsLocalCloud.start();
  });

  after(() => cloud.close());

  // These run before any host of this file has put the app's settings into process.env.
  describe('configuration', () => {
    const settingsWithout = (hubs: Record<AppFunction, string>, ...names: string[]): Record<string, string> =>
      Object.fromEntries(Object.entries(cloud.settingsFor(hubs)).filter(([name]) => !names.includes(name)));

    it('refuses to start, naming each, when a hub or a consumer group does not exist', async () => {
      const hubs = cloud.createHubs();
      await assert.rejects(
        cloud.startApp({ hubs, settings: { BatchHub: 'no-such-hub', SingleGroup: 'nobody' } }),
        (error: Error & { problems?: string[] }) => {
          assert.deepEqual(error.problems, [
            `function 'onEvent': the consumer group 'nobody' of event hub '${hubs.onEvent}' does not exist`,
            `function 'onBatch': the event hub 'no-such-hub' does not exist`,
          ]);
          return true;
        },
      );
    });

    it('refuses to start, naming the settings, when the connection or AzureWebJobsStorage is missing', async () => {
      const hubs = cloud.createHubs();
      await assert.rejects(
        startFixtureHost('event-hubs-app', {
          settings: settingsWithout(hubs, 'EventHubConnection', 'AzureWebJobsStorage'),
        }),
        (error: Error & { problems?: string[] }) => {
          assert.deepEqual(error.problems?.slice(0, 2), [
            `function 'onEvent': Event Hubs connection "EventHubConnection" does not exist: define the app setting ` +
              `"EventHubConnection" (a connection string) or "EventHubConnection__fullyQualifiedNamespace"`,
            `function 'onEvent': the Event Hubs trigger keeps its checkpoints in blob storage, but the app setting ` +
              `"AzureWebJobsStorage" is missing: it holds the storage account the host keeps its state in ` +
              `("UseDevelopmentStorage=true" or Azurite's connection string locally, "AzureWebJobsStorage__blobServiceUri" ` +
              `with an identity)`,
          ]);
          assert.equal(error.problems?.length, 14, 'two problems for each of the seven functions');
          return true;
        },
      );
    });

    it('refuses to start, naming each, when host.json extensions.eventHubs holds values the extension rejects', async () => {
      await assert.rejects(
        cloud.startApp({
          hostJson: {
            version: '2.0',
            extensions: {
              eventHubs: {
                maxEventBatchSize: 5,
                minEventBatchSize: 10,
                maxWaitTime: '00:11:00',
                batchCheckpointFrequency: 0,
                initialOffsetOptions: { type: 'fromEnqueuedTime' },
              },
            },
          },
        }),
        (error: Error & { problems?: string[] }) => {
          assert.deepEqual(error.problems, [
            'host.json "extensions.eventHubs.minEventBatchSize" (10) must not be more than "maxEventBatchSize" (5)',
            'host.json "extensions.eventHubs.maxWaitTime" must be from 00:00:00 to 00:10:00',
            'host.json "extensions.eventHubs.batchCheckpointFrequency" must be an integer of at least 1, not 0',
            "A time must be specified for 'enqueuedTimeUtc', when 'initialOffsetOptions.type' is set to 'fromEnqueuedTime'.",
          ]);
          return true;
        },
      );
    });

    it('reads an identity-based connection by its namespace, and an EntityPath over "eventHubName"', () => {
      const fn = (connection: string): RegisteredFunction =>
        ({
          id: 'id',
          name: 'onTelemetry',
          metadata: {
            name: 'onTelemetry',
            bindings: {
              events: {
                type: 'eventHubTrigger',
                direction: 'in',
                connection,
                eventHubName: '%TelemetryHub%',
                cardinality: 'many',
              },
            },
          },
          callback: () => undefined,
        }) as unknown as RegisteredFunction;
      const settings = new AppSettings([
        {
          TelemetryHub: 'telemetry',
          ByIdentity__fullyQualifiedNamespace: 'orders.servicebus.windows.net',
          ByIdentity__credential: 'managedidentity',
          ByKey:
            'Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=k;EntityPath=audit',
          AzureWebJobsStorage__blobServiceUri: 'https://orders.blob.core.windows.net',
        },
      ]);
      const read = (connection: string) =>
        readEventHubsBinding({
          fn: fn(connection),
          trigger: { name: 'events', binding: fn(connection).metadata.bindings.events! },
          settings,
          hostRetryPolicy: undefined,
        }).binding;

      const byIdentity = read('ByIdentity');
      assert.deepEqual(byIdentity?.connection, {
        kind: 'identity',
        setting: 'ByIdentity',
        fullyQualifiedNamespace: 'orders.servicebus.windows.net',
      });
      assert.deepEqual(
        [byIdentity?.eventHubName, byIdentity?.consumerGroup, byIdentity?.cardinality, byIdentity?.dataType],
        ['telemetry', '$Default', 'many', undefined],
      );
      assert.deepEqual(byIdentity?.storage, {
        kind: 'identity',
        setting: 'AzureWebJobsStorage',
        blobServiceUri: 'https://orders.blob.core.windows.net',
      });
      assert.equal(read('ByKey')?.eventHubName, 'audit');
    });
  });

  describe('with the default options', () => {
    let hubs: Record<AppFunction, string>;

    before(async () => {
      ({ hubs } = await cloud.startApp());
    });

    it('hands a function of cardinality one each event, parsed by the library, with the single-event metadata', async () => {
      const enqueued = cloud.emulatorClock.now();
      const placedAt = new Date(Date.UTC(2024, 4, 1, 10, 0, 0, 120));
      await cloud.send(
        hubs.onEvent,
        [
          {
            body: { orderId: 'o-1' },
            properties: { tenant: 'contoso', placedAt },
            messageId: 'm-1',
            correlationId: 'c-1',
            contentType: 'application/json',
          },
        ],
        { partitionKey: 'customer-7' },
      );
      const [delivery] = await cloud.deliveries(hubs.onEvent, 1);

      assert.deepEqual(delivery!.input, { orderId: 'o-1' });
      const { triggerMetadata } = delivery!;
      const partitionContext = {
        isCheckpointingAfterInvocation: true,
        fullyQualifiedNamespace: 'localhost',
        eventHubName: hubs.onEvent,
        consumerGroup: singleGroup,
        partitionId: '0',
      };
      assert.deepEqual(triggerMetadata, {
        triggerPartitionContext: partitionContext,
        partitionContext,
        partitionKey: 'customer-7',
        // The host sends offsets as text; the library parses text that is JSON, so they arrive as numbers.
        offset: 0,
        offsetString: 0,
        sequenceNumber: 0,
        enqueuedTimeUtc: unzoned(enqueued),
        properties: { tenant: 'contoso', placedAt: '2024-05-01T10:00:00.12Z' },
        systemProperties: {
          'message-id': 'm-1',
          'correlation-id': 'c-1',
          'content-type': 'application/json',
          'x-opt-sequence-number': 0,
          'x-opt-offset': '0',
          'x-opt-enqueued-time': newtonsoftUtc(enqueued),
          'x-opt-partition-key': 'customer-7',
          sequenceNumber: 0,
          offset: 0,
          offsetString: '0',
          partitionKey: 'customer-7',
          enqueuedTimeUtc: unzoned(enqueued),
        },
      });
    });

    it('hands the body as bytes to a function with dataType binary', async () => {
      await cloud.send(hubs.onBinaryEvent, [{ body: Buffer.from([0, 1, 2, 255]) }]);
      const [delivery] = await cloud.deliveries(hubs.onBinaryEvent, 1);
      assert.deepEqual(delivery!.input, Buffer.from([0, 1, 2, 255]));
    });

    it('hands a batch function an array of parsed bodies with the array metadata, partition keys left out when none', async () => {
      const enqueued = cloud.emulatorClock.now();
      await cloud.send(hubs.onBatch, [
        { body: { n: 1 }, properties: { kind: 'a' } },
        { body: { n: 2 }, properties: { kind: 'b' } },
        { body: 'three' },
      ]);
      const delivered = await cloud.events(hubs.onBatch, 3);

      assert.deepEqual(delivered.flatMap(eventsOf), [{ n: 1 }, { n: 2 }, 'three']);
      assert.deepEqual(sequenceNumbers(delivered), [0, 1, 2]);
      const metadata = (name: string): unknown[] =>
        delivered.flatMap((delivery) => delivery.triggerMetadata[name] as unknown[]);
      // Offsets are byte positions in the partition, sent as text and parsed into numbers by the library.
      const offsets = metadata('offsetArray') as number[];
      assert.equal(offsets.length, 3);
      assert.ok(offsets[0] === 0 && offsets[0] < offsets[1]! && offsets[1]! < offsets[2]!, String(offsets));
      assert.deepEqual(metadata('offsetStringArray'), offsets);
      assert.deepEqual(metadata('enqueuedTimeUtcArray'), [
        unzoned(enqueued),
        unzoned(enqueued),
        unzoned(enqueued),
      ]);
      assert.deepEqual(metadata('propertiesArray'), [{ kind: 'a' }, { kind: 'b' }, {}]);
      assert.deepEqual(
        metadata('systemPropertiesArray').map((properties) => {
          const { sequenceNumber, offsetString } = properties as {
            sequenceNumber: number;
            offsetString: string;
          };
          return [sequenceNumber, offsetString];
        }),
        offsets.map((offset, index) => [index, String(offset)]),
      );
      // Null entries of a string array never reach the worker: without partition keys the array is empty.
      assert.deepEqual(metadata('partitionKeyArray'), []);
      assert.equal(partitionOf(delivered[0]!).isCheckpointingAfterInvocation, true);
    });

    it('hands a batch function with dataType string the texts, empty ones left out, JSON ones parsed by the library', async () => {
      await cloud.send(hubs.onTextBatch, [
        { body: { n: 1 } },
        { body: Buffer.from('plain text') },
        { body: Buffer.alloc(0) },
        { body: 'quoted' },
      ]);
      const delivered = await cloud.events(hubs.onTextBatch, 3);
      assert.deepEqual(delivered.flatMap(eventsOf), [{ n: 1 }, 'plain text', 'quoted']);
      assert.deepEqual(sequenceNumbers(delivered), [0, 1, 2, 3]);
    });

    it('hands a batch function with dataType binary every body as bytes', async () => {
      await cloud.send(hubs.onBinaryBatch, [{ body: Buffer.from('not json') }, { body: { n: 2 } }]);
      const delivered = await cloud.events(hubs.onBinaryBatch, 2);
      assert.deepEqual(delivered.flatMap(eventsOf), [Buffer.from('not json'), Buffer.from('{"n":2}')]);
    });

    it('keeps running and moves past the event when a function throws', async () => {
      await cloud.send(hubs.onEvent, [{ body: { fail: true } }]);
      const [failed] = await cloud.deliveries(hubs.onEvent, 2).then((all) => all.slice(1));
      assert.equal(failed!.triggerMetadata.sequenceNumber, 1);
      // Without a retry policy the failed event is checkpointed at once, and never handed over again.
      await until(async () => (await cloud.checkpoints(hubs.onEvent, singleGroup))['0'] === 1);
      await cloud.send(hubs.onEvent, [{ body: { orderId: 'o-2' } }]);
      const [, , next] = await cloud.deliveries(hubs.onEvent, 3);
      assert.deepEqual(next!.input, { orderId: 'o-2' });
      assert.equal(cloud.delivered(hubs.onEvent).length, 3);
    });
  });

  describe('batches', () => {
    it('fails the whole batch without invoking the function when one body is not JSON, then moves on', async () => {
      const hubs = cloud.createHubs();
      // Sent before the host starts, so that both events are read in one batch.
      await cloud.send(hubs.onBatch, [{ body: { n: 1 } }, { body: Buffer.from('not json') }]);
      const { logs } = await cloud.startApp({ hubs });

      const failure = await logs.waitFor((record) =>
        record.message.startsWith('Exception while executing function: Functions.onBatch'),
      );
      assert.match(
        failure.message,
        /Exception binding parameter '\w+'\. Binding parameters to complex objects \(such as 'Object'\) uses Json\.NET serialization/,
      );
      assert.ok(
        logs
          .messages()
          .includes("Executing 'Functions.onBatch' (Reason='(null)', Id=" + failure.invocationId + ')'),
      );
      await until(async () => (await cloud.checkpoints(hubs.onBatch))['0'] === 1);
      await cloud.send(hubs.onBatch, [{ body: { n: 3 } }]);
      const delivered = await cloud.events(hubs.onBatch, 1);
      assert.deepEqual(delivered.flatMap(eventsOf), [{ n: 3 }]);
    });

    it('hands over at most maxEventBatchSize events at once, in order, with prefetching off', async () => {
      const hubs = cloud.createHubs();
      await cloud.send(
        hubs.onBatch,
        [1, 2, 3, 4, 5].map((n) => ({ body: { n } })),
      );
      await cloud.startApp({
        hubs,
        hostJson: { version: '2.0', extensions: { eventHubs: { maxEventBatchSize: 2, prefetchCount: 0 } } },
      });
      const delivered = await cloud.events(hubs.onBatch, 5);
      assert.deepEqual(
        delivered.flatMap(eventsOf),
        [1, 2, 3, 4, 5].map((n) => ({ n })),
      );
      assert.ok(delivered.every((delivery) => eventsOf(delivery).length <= 2));
      assert.equal(eventsOf(delivered[0]!).length, 2);
    });

    it('holds events back until minEventBatchSize have arrived, or maxWaitTime has passed', async () => {
      const clock = new ManualClock(Date.now());
      const start = clock.now();
      const { hubs } = await cloud.startApp({
        clock,
        hostJson: {
          version: '2.0',
          extensions: { eventHubs: { minEventBatchSize: 3, maxWaitTime: '00:00:30' } },
        },
      });
      const hub = hubs.onBatch;
      const counts = (): number[] => cloud.delivered(hub).map((delivery) => eventsOf(delivery).length);

      // The first batch of a partition without a checkpoint does not wait.
      await cloud.send(hub, [{ body: { n: 0 } }]);
      await cloud.events(hub, 1);
      await until(async () => (await cloud.checkpoints(hub))['0'] === 0);

      await cloud.send(hub, [{ body: { n: 1 } }]);
      await until(() => clock.hasTimerAt(start + 30_000));
      await cloud.send(hub, [{ body: { n: 2 } }, { body: { n: 3 } }]);
      await cloud.events(hub, 4);
      assert.deepEqual(counts(), [1, 3]);

      await cloud.send(hub, [{ body: { n: 4 } }]);
      await until(() => clock.hasTimerAt(start + 30_000));
      clock.advance(30_000);
      await cloud.events(hub, 5);
      assert.deepEqual(counts(), [1, 3, 1]);
      assert.deepEqual(
        cloud.delivered(hub).flatMap(eventsOf),
        [0, 1, 2, 3, 4].map((n) => ({ n })),
      );
    });
  });

  describe('initialOffsetOptions', () => {
    it('starts a partition without a checkpoint at its end with fromEnd', async () => {
      const hubs = cloud.createHubs();
      await cloud.send(hubs.onEvent, [{ body: { n: 'before' } }]);
      await cloud.startApp({
        hubs,
        hostJson: {
          version: '2.0',
          extensions: { eventHubs: { initialOffsetOptions: { type: 'fromEnd' } } },
        },
      });
      await cloud.reading(hubs.onEvent);
      await cloud.send(hubs.onEvent, [{ body: { n: 'after' } }]);
      const [first] = await cloud.deliveries(hubs.onEvent, 1);
      assert.deepEqual(first!.input, { n: 'after' });
    });

    it('starts a partition without a checkpoint after the given time with fromEnqueuedTime', async () => {
      const hubs = cloud.createHubs();
      const earlier = cloud.emulatorClock.now();
      await cloud.send(hubs.onEvent, [{ body: { n: 'earlier' } }]);
      cloud.emulatorClock.advance(60_000);
      await cloud.send(hubs.onEvent, [{ body: { n: 'later' } }]);
      await cloud.startApp({
        hubs,
        hostJson: {
          version: '2.0',
          extensions: {
            eventHubs: {
              initialOffsetOptions: {
                type: 'fromEnqueuedTime',
                enqueuedTimeUtc: new Date(earlier + 30_000).toISOString(),
              },
            },
          },
        },
      });
      const [first] = await cloud.deliveries(hubs.onEvent, 1);
      assert.deepEqual(first!.input, { n: 'later' });
    });
  });
});
