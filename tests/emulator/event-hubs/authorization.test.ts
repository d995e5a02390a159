import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventHubConsumerClient, EventHubProducerClient, earliestEventPosition } from '@azure/event-hubs';
import { startHarness, testRetryOptions, type EventHubsHarness } from './support/harness.js';
import { bodies, collect, firstError } from './support/receive.js';

describe('Event Hubs SAS authorization', () => {
  const key = { name: 'RootManageSharedAccessKey', key: 'c2VjcmV0LWtleS1mb3ItdGVzdHM=' };
  let h: EventHubsHarness;
  let hub: string;
  const clients: Array<{ close(): Promise<void> }> = [];
  before(async () => {
    h = await startHarness({ sharedAccessKey: key });
    hub = h.createHub({ partitionCount: 1 });
  });
  after(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await h.close();
  });

  const connectionString = (secret: string) =>
    `Endpoint=sb://localhost:${h.emulator.amqpPort};SharedAccessKeyName=${key.name};SharedAccessKey=${secret};UseDevelopmentEmulator=true;EntityPath=${hub}`;
  const producer = (secret: string) => {
    const client = new EventHubProducerClient(connectionString(secret), { retryOptions: testRetryOptions });
    clients.push(client);
    return client;
  };
  const consumer = (secret: string) => {
    const client = new EventHubConsumerClient('$default', connectionString(secret), {
      retryOptions: testRetryOptions,
    });
    clients.push(client);
    return client;
  };

  it('sends, reads and answers $management when the connection string carries the configured key', async () => {
    await producer(key.key).sendBatch([{ body: 'authorised' }]);

    assert.deepEqual(await producer(key.key).getPartitionIds(), ['0']);
    const { events } = await collect(consumer(key.key), {
      partitionId: '0',
      count: 1,
      startPosition: earliestEventPosition,
    });
    assert.deepEqual(bodies(events), ['authorised']);
  });

  it('fails a send with UnauthorizedError when the key is wrong', async () => {
    await assert.rejects(producer('d3Jvbmcta2V5').sendBatch([{ body: 'x' }]), { code: 'UnauthorizedError' });
  });

  it('fails a $management READ with UnauthorizedError when the key is wrong', async () => {
    await assert.rejects(producer('d3Jvbmcta2V5').getEventHubProperties(), { code: 'UnauthorizedError' });
  });

  it('reports UnauthorizedError to a reader when the key is wrong', async () => {
    const error = await firstError(consumer('d3Jvbmcta2V5'), '0', { startPosition: earliestEventPosition });
    assert.equal(error.code, 'UnauthorizedError');
  });
});
