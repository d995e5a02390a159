import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEventGridHarness, topicKey, type EventGridHarness } from './support/harness.js';
import { keyClient } from './support/sdk.js';

describe('Event Grid batched delivery', () => {
  let h: EventGridHarness;
  before(async () => {
    h = await startEventGridHarness();
  });
  after(() => h.close());

  const events = (count: number, dataBytes = 10) =>
    Array.from({ length: count }, (_, i) => ({
      id: `e-${i}`,
      eventType: 'T',
      subject: 's',
      dataVersion: '1',
      data: { i, pad: 'x'.repeat(dataBytes) },
    }));
  const idsIn = (body: string): string[] => (JSON.parse(body) as { id: string }[]).map((event) => event.id);

  it('sends each event in its own one-element array by default', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver);

    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send(events(3));

    const deliveries = await receiver.waitForNotifications(3);
    assert.deepEqual(
      deliveries.map((delivery) => idsIn(delivery.body).length),
      [1, 1, 1],
    );
  });

  it('never puts more than maxEventsPerBatch events in one request', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver, {}, { maxEventsPerBatch: 2 });

    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send(events(5));

    const deliveries = await receiver.waitForNotifications(3);
    assert.deepEqual(deliveries.map((delivery) => idsIn(delivery.body).length).sort(), [1, 2, 2]);
    assert.deepEqual(deliveries.flatMap((delivery) => idsIn(delivery.body)).sort(), [
      'e-0',
      'e-1',
      'e-2',
      'e-3',
      'e-4',
    ]);
  });

  it('closes a batch before it passes preferredBatchSizeInKilobytes, and sends a larger event alone', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver, {}, { maxEventsPerBatch: 100, preferredBatchSizeInKilobytes: 2 });

    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      ...events(3, 600),
      ...events(1, 3000).map((e) => ({ ...e, id: 'big' })),
    ]);

    const deliveries = await receiver.waitForNotifications(3);
    const batches = deliveries.map((delivery) => idsIn(delivery.body));
    assert.deepEqual(batches.map((ids) => ids.length).sort(), [1, 1, 2]);
    assert.ok(batches.some((ids) => ids.length === 1 && ids[0] === 'big'));
    for (const delivery of deliveries.filter((d) => idsIn(d.body).length > 1)) {
      assert.ok(Buffer.byteLength(delivery.body) <= 2 * 1024);
    }
  });

  it('sends a CloudEvents batch array with the batch content type to a batching subscription', async () => {
    const topic = await h.createTopic({ inputSchema: 'CloudEventSchemaV1_0' });
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver, {}, { maxEventsPerBatch: 10 });

    await keyClient(h.eventGrid, topic, 'CloudEvent', topicKey).send([
      { id: 'c-1', type: 'T', source: '/s', data: {} },
      { id: 'c-2', type: 'T', source: '/s', data: {} },
    ]);

    const [delivery] = await receiver.waitForNotifications(1);
    assert.equal(delivery?.headers['content-type'], 'application/cloudevents-batch+json; charset=utf-8');
    assert.deepEqual(idsIn(delivery?.body ?? ''), ['c-1', 'c-2']);
  });
});
