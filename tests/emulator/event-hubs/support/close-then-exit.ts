/**
 * Run as a child process by lifecycle.test.ts: starts an emulator with a data folder, publishes and reads through
 * the SDK, closes the clients and then the emulator, and returns without calling process.exit, so the process ends
 * only if nothing is left open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventHubConsumerClient, EventHubProducerClient, earliestEventPosition } from '@azure/event-hubs';
import { startEmulator } from '../../../../emulator/start-emulator.js';

const dataDir = await mkdtemp(join(tmpdir(), 'eh-lifecycle-'));
const emulator = await startEmulator({ amqpPort: 0, eventGridPort: 0, adminPort: 0, dataDir });
emulator.eventHubs.createEventHub({ Name: 'lifecycle', PartitionCount: 1 });
const connectionString = `${emulator.connectionString}EntityPath=lifecycle`;
const producer = new EventHubProducerClient(connectionString);
await producer.sendBatch([{ body: 'x' }]);
const consumer = new EventHubConsumerClient('$default', connectionString);
const body = await new Promise<unknown>((resolve, reject) => {
  const subscription = consumer.subscribe(
    '0',
    {
      processEvents: (events) => {
        if (events[0]) void subscription.close().then(() => resolve(events[0]?.body));
        return Promise.resolve();
      },
      processError: (error) => Promise.resolve(reject(error)),
    },
    { startPosition: earliestEventPosition, maxWaitTimeInSeconds: 1 },
  );
});
if (body !== 'x') throw new Error('the emulator did not deliver the event');
await producer.close();
await consumer.close();
await emulator.close();
await rm(dataDir, { recursive: true, force: true });
process.stdout.write('closed\n');
