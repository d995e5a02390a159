import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { devStorageAccount, startAzurite, type RunningAzurite } from '../../../local/start-azurite.js';
import { startEventGridHarness, topicKey, uniqueName, type EventGridHarness } from './support/harness.js';
import { eventually } from './support/eventually.js';
import { keyClient } from './support/sdk.js';
import { answerNotifications } from './support/webhook-receiver.js';

const minute = 60_000;

describe('Event Grid dead-lettering into Azurite blob storage', () => {
  let azurite: RunningAzurite;
  let h: EventGridHarness;
  let blobs: BlobServiceClient;
  const logLines: string[] = [];
  before(async () => {
    azurite = await startAzurite();
    blobs = BlobServiceClient.fromConnectionString(azurite.connectionString);
    h = await startEventGridHarness({
      log: (line) => logLines.push(line),
      deadLetterStorage: {
        blobEndpoint: azurite.blobEndpoint,
        accountName: devStorageAccount.name,
        accountKey: devStorageAccount.key,
      },
    });
  });
  after(async () => {
    await h.close();
    await azurite.close();
  });

  async function deadLetteringSubscription(
    status: number,
    inputSchema: 'EventGridSchema' | 'CloudEventSchemaV1_0' = 'EventGridSchema',
  ): Promise<{ topic: string; subscription: string; container: ContainerClient }> {
    const container = blobs.getContainerClient(uniqueName('dl'));
    await container.create();
    const topic = await h.createTopic({ inputSchema });
    const receiver = await h.startReceiver(answerNotifications(() => status));
    const subscription = await h.subscribe(topic, receiver, {
      retryPolicy: { maxDeliveryAttempts: 1, eventTimeToLiveInMinutes: 1440 },
      deadLetterDestination: {
        endpointType: 'StorageBlob',
        properties: { blobContainerName: container.containerName },
      },
    });
    return { topic, subscription, container };
  }

  async function onlyBlob(
    container: ContainerClient,
  ): Promise<{ name: string; entries: Record<string, unknown>[] }> {
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    assert.equal(names.length, 1, `blobs: ${names.join(', ')}`);
    const name = names[0] ?? '';
    const content = await container.getBlobClient(name).downloadToBuffer();
    return { name, entries: JSON.parse(content.toString('utf8')) as Record<string, unknown>[] };
  }

  const written = (topic: string) => () =>
    h.eventGrid
      .describe()
      .deadLetters.filter((d) => d.topic === topic)
      .every((d) => d.state === 'written') &&
    h.eventGrid.describe().deadLetters.some((d) => d.topic === topic);

  it('writes a 400 at once, 5 minutes later, to <SUBSCRIPTION>/<y>/<M>/<d>/<H>/<guid>.json in Event Grid format', async () => {
    const { topic, subscription, container } = await deadLetteringSubscription(400);
    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      {
        id: 'dl-1',
        eventType: 'Orders.OrderPlaced',
        subject: 'orders/1',
        dataVersion: '1',
        data: { orderId: 1 },
      },
    ]);
    await eventually(
      () => h.eventGrid.describe().deadLetters.find((d) => d.topic === topic),
      'the dead-letter',
    );
    const publishTime = h.clock.now();

    h.clock.advance(5 * minute);
    await eventually(written(topic), 'the blob write');

    const { name, entries } = await onlyBlob(container);
    const at = new Date(h.clock.now());
    const prefix = `${subscription.toUpperCase()}/${at.getUTCFullYear()}/${at.getUTCMonth() + 1}/${at.getUTCDate()}/${at.getUTCHours()}/`;
    assert.ok(name.startsWith(prefix), `${name} starts with ${prefix}`);
    assert.match(name.slice(prefix.length), /^[0-9a-f-]{36}\.json$/);
    const [entry] = entries;
    assert.equal(entry?.['id'], 'dl-1');
    assert.equal(entry?.['eventType'], 'Orders.OrderPlaced');
    assert.deepEqual(entry?.['data'], { orderId: 1 });
    assert.equal(entry?.['deadLetterReason'], 'UndeliverableDueToHttpBadRequest');
    assert.equal(entry?.['deliveryAttempts'], 1);
    assert.equal(entry?.['lastDeliveryOutcome'], 'BadRequest');
    assert.equal(entry?.['lastHttpStatusCode'], 400);
    assert.equal(entry?.['publishTime'], new Date(publishTime).toISOString());
    assert.equal(typeof entry?.['lastDeliveryAttemptTime'], 'string');
  });

  it('writes nothing before the 5-minute dead-letter delay has passed', async () => {
    const { topic, container } = await deadLetteringSubscription(413);
    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
    ]);
    const record = await eventually(
      () => h.eventGrid.describe().deadLetters.find((d) => d.topic === topic),
      'the dead-letter',
    );

    h.clock.advance(5 * minute - 1);

    assert.equal(record.state, 'waiting-to-write');
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    assert.deepEqual(names, []);
  });

  it('dead-letters CloudEvents in CloudEvents form with lower-case dead-letter attributes, several in one blob', async () => {
    const { topic, container } = await deadLetteringSubscription(500, 'CloudEventSchemaV1_0');
    await keyClient(h.eventGrid, topic, 'CloudEvent', topicKey).send([
      { id: 'ce-1', type: 'Orders.OrderPlaced', source: '/orders', data: { n: 1 } },
      { id: 'ce-2', type: 'Orders.OrderPlaced', source: '/orders', data: { n: 2 } },
    ]);
    await eventually(
      () => h.eventGrid.describe().deadLetters.filter((d) => d.topic === topic).length === 2,
      'both dead-letters',
    );

    h.clock.advance(5 * minute);
    await eventually(written(topic), 'the blob write');

    const { entries } = await onlyBlob(container);
    assert.deepEqual(entries.map((entry) => entry['id']).sort(), ['ce-1', 'ce-2']);
    const [entry] = entries;
    assert.equal(entry?.['specversion'], '1.0');
    assert.equal(entry?.['deadletterreason'], 'MaxDeliveryAttemptsExceeded');
    assert.equal(entry?.['deliveryattempts'], 1);
    assert.equal(entry?.['lastdeliveryoutcome'], 'InternalServerError');
    assert.equal(typeof entry?.['publishtime'], 'string');
    assert.equal(entry?.['deadLetterReason'], undefined);
  });

  it('retries the blob write every minute while the container does not exist', async () => {
    const { topic, container } = await deadLetteringSubscription(400);
    await container.delete();
    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      { id: 'late', eventType: 'T', subject: 's', dataVersion: '1', data: {} },
    ]);
    await eventually(
      () => h.eventGrid.describe().deadLetters.find((d) => d.topic === topic),
      'the dead-letter',
    );
    h.clock.advance(5 * minute);
    await eventually(
      () => logLines.some((line) => line.includes(`write to ${container.containerName} failed, will retry`)),
      'the failed write to be rescheduled',
    );

    await container.create();
    h.clock.advance(minute);
    await eventually(written(topic), 'the retried blob write');

    assert.equal((await onlyBlob(container)).entries[0]?.['id'], 'late');
  });
});
