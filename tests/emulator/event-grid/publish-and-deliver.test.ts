import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventGridDeserializer } from '@azure/eventgrid';
import { startEventGridHarness, topicKey, type EventGridHarness } from './support/harness.js';
import { fakeTokenCredential, keyClient, sasClient, tokenClient } from './support/sdk.js';

const deserializer = new EventGridDeserializer();
const topicResourceId = (name: string): string =>
  `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.EventGrid/topics/${name}`;
const eventGridAudience = { aud: 'https://eventgrid.azure.net', exp: Math.floor(Date.now() / 1000) + 3600 };

describe('Event Grid publish and push delivery with the real EventGridPublisherClient', () => {
  let h: EventGridHarness;
  before(async () => {
    h = await startEventGridHarness();
  });
  after(() => h.close());

  it('delivers an Event Grid schema event published with an access key, with the headers Event Grid sends', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver();
    const subscription = await h.subscribe(topic, receiver);

    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      { eventType: 'Orders.OrderPlaced', subject: 'orders/42', dataVersion: '1.0', data: { orderId: 42 } },
    ]);

    const [delivery] = await receiver.waitForNotifications(1);
    assert.ok(delivery);
    assert.equal(delivery.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(delivery.headers['aeg-subscription-name'], subscription.toUpperCase());
    assert.equal(delivery.headers['aeg-delivery-count'], '0');
    assert.equal(delivery.headers['aeg-data-version'], '1.0');
    assert.equal(delivery.headers['aeg-metadata-version'], '1');
    const [event] = await deserializer.deserializeEventGridEvents(delivery.body);
    assert.equal(event?.eventType, 'Orders.OrderPlaced');
    assert.equal(event?.subject, 'orders/42');
    assert.equal(event?.topic, topicResourceId(topic));
    assert.deepEqual(event?.data, { orderId: 42 });
  });

  it('delivers CloudEvents published with a SAS token one structured event per request', async () => {
    const topic = await h.createTopic({ inputSchema: 'CloudEventSchemaV1_0' });
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver);
    const client = await sasClient(h.eventGrid, topic, 'CloudEvent', topicKey);

    await client.send([
      { type: 'Orders.OrderPlaced', source: '/orders', subject: 'orders/1', data: { n: 1 } },
      {
        type: 'Orders.OrderPlaced',
        source: '/orders',
        subject: 'orders/2',
        data: { n: 2 },
        extensionAttributes: { tenant: 'contoso' },
      },
    ]);

    const deliveries = await receiver.waitForNotifications(2);
    assert.deepEqual(
      deliveries.map((delivery) => delivery.headers['content-type']),
      ['application/cloudevents+json; charset=utf-8', 'application/cloudevents+json; charset=utf-8'],
    );
    const events = (
      await Promise.all(deliveries.map((d) => deserializer.deserializeCloudEvents(d.body)))
    ).flat();
    assert.deepEqual(
      events.map((event) => event.data).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [{ n: 1 }, { n: 2 }],
    );
    assert.equal(
      events.find((event) => event.subject === 'orders/2')?.extensionAttributes?.['tenant'],
      'contoso',
    );
  });

  it('delivers an event published with a TokenCredential over https when the token is for Event Grid', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver);

    await tokenClient(h.eventGrid, topic, 'EventGrid', fakeTokenCredential(eventGridAudience)).send([
      { eventType: 'Orders.OrderShipped', subject: 'orders/7', dataVersion: '1', data: {} },
    ]);

    const [delivery] = await receiver.waitForNotifications(1);
    assert.equal(
      (await deserializer.deserializeEventGridEvents(delivery?.body ?? ''))[0]?.eventType,
      'Orders.OrderShipped',
    );
  });

  it('refuses with 401 a bearer token whose audience is not Event Grid', async () => {
    const topic = await h.createTopic();
    const client = tokenClient(
      h.eventGrid,
      topic,
      'EventGrid',
      fakeTokenCredential({ ...eventGridAudience, aud: 'https://storage.azure.com' }),
    );

    await assert.rejects(client.send([{ eventType: 'T', subject: 's', dataVersion: '1', data: {} }]), {
      statusCode: 401,
    });
  });

  it('refuses with 401 a key when the topic has local authentication disabled', async () => {
    const topic = await h.createTopic({ disableLocalAuth: true });

    await assert.rejects(
      keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
        { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
      ]),
      { statusCode: 401 },
    );
  });

  it('accepts any caller when the topic has no key', async () => {
    const topic = await h.createTopic({ key: undefined });
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver);

    await keyClient(h.eventGrid, topic, 'EventGrid', 'bm90LXRoZS1rZXk=').send([
      { eventType: 'T', subject: 's', dataVersion: '1', data: { open: true } },
    ]);

    assert.equal((await receiver.waitForNotifications(1)).length, 1);
  });

  it('turns Event Grid schema events into CloudEvents for a subscription that asks for them', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver, { eventDeliverySchema: 'CloudEventSchemaV1_0' });

    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      {
        id: 'e-1',
        eventType: 'Orders.OrderPlaced',
        subject: 'orders/9',
        dataVersion: '2.0',
        eventTime: new Date('2026-01-02T03:04:05Z'),
        data: { x: 1 },
      },
    ]);

    const [delivery] = await receiver.waitForNotifications(1);
    assert.equal(delivery?.headers['content-type'], 'application/cloudevents+json; charset=utf-8');
    assert.equal(delivery?.headers['aeg-metadata-version'], '1.0');
    assert.deepEqual(JSON.parse(delivery?.body ?? ''), {
      specversion: '1.0',
      id: 'e-1',
      source: topicResourceId(topic),
      type: 'Orders.OrderPlaced',
      time: '2026-01-02T03:04:05.000Z',
      subject: 'orders/9',
      dataversion: '2.0',
      datacontenttype: 'application/json',
      data: { x: 1 },
    });
  });
});
