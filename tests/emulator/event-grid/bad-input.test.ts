import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AzureKeyCredential, generateSharedAccessSignature } from '@azure/eventgrid';
import { startEventGridHarness, topicKey, type EventGridHarness } from './support/harness.js';
import { keyClient, sasClient } from './support/sdk.js';
import type { WebhookReceiver } from './support/webhook-receiver.js';

interface ErrorBody {
  error: { code: string; message: string; details: { code: string; message: string }[] };
}

describe('Event Grid refuses bad publish requests whole, with the service status and error body', () => {
  let h: EventGridHarness;
  before(async () => {
    h = await startEventGridHarness();
  });
  after(() => h.close());

  /** A topic with a subscriber, and a check that only a later, good event ever reaches the subscriber. */
  async function subscribedTopic(
    inputSchema: 'EventGridSchema' | 'CloudEventSchemaV1_0' = 'EventGridSchema',
  ) {
    const topic = await h.createTopic({ inputSchema });
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver);
    return { topic, receiver, assertNothingDelivered: () => assertOnlyMarkerArrives(topic, receiver) };
  }

  async function assertOnlyMarkerArrives(topic: string, receiver: WebhookReceiver): Promise<void> {
    const schema = h.eventGrid.describe().topics.find((t) => t.name === topic)?.inputSchema;
    const id = `marker-${topic}`;
    if (schema === 'CloudEventSchemaV1_0') {
      await keyClient(h.eventGrid, topic, 'CloudEvent', topicKey).send([
        { id, type: 'Marker', source: '/m', data: {} },
      ]);
    } else {
      await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
        { id, eventType: 'Marker', subject: 'm', dataVersion: '1', data: {} },
      ]);
    }
    const deliveries = await receiver.waitForNotifications(1);
    assert.equal(deliveries.length, 1);
    assert.match(deliveries[0]?.body ?? '', new RegExp(`"${id}"`));
    // The marker's own delivery may still be settling; nothing else may be queued.
    const queued = h.eventGrid.describe().pendingDeliveries.filter((delivery) => delivery.topic === topic);
    assert.deepEqual(
      queued.flatMap((delivery) => delivery.eventIds).filter((eventId) => eventId !== id),
      [],
    );
  }

  /** A raw POST, authenticated with the topic key unless `headers` says otherwise. */
  function post(
    topic: string,
    body: string,
    options: { headers?: Record<string, string>; query?: string } = {},
  ) {
    const headers = options.headers ?? { 'aeg-sas-key': topicKey };
    return fetch(`${h.eventGrid.topicEndpoint(topic)}${options.query ?? '?api-version=2018-01-01'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  }

  async function errorOf(response: Response): Promise<ErrorBody['error']> {
    return ((await response.json()) as ErrorBody).error;
  }

  it('answers 400 InputJsonInvalid when the body is not JSON', async () => {
    const { topic, assertNothingDelivered } = await subscribedTopic();

    const response = await post(topic, '[{"id":"1",');

    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'BadRequest');
    assert.equal(error.details[0]?.code, 'InputJsonInvalid');
    assert.match(error.message, /Report '.+ \(UTC\)' to our forums/);
    await assertNothingDelivered();
  });

  it('answers 400 when CloudEvents are published to an Event Grid schema topic', async () => {
    const { topic, assertNothingDelivered } = await subscribedTopic();

    await assert.rejects(
      keyClient(h.eventGrid, topic, 'CloudEvent', topicKey).send([{ type: 'T', source: '/s', data: {} }]),
      { statusCode: 400, message: /'EventGridEvent' schema and requires 'eventType' property/ },
    );
    await assertNothingDelivered();
  });

  it('refuses the whole batch when one event lacks a required field', async () => {
    const { topic, assertNothingDelivered } = await subscribedTopic();
    const good = { id: '1', eventType: 'T', subject: 's', eventTime: new Date().toISOString(), data: {} };

    const response = await post(topic, JSON.stringify([good, { ...good, id: '2', eventTime: undefined }]));

    assert.equal(response.status, 400);
    assert.match((await errorOf(response)).message, /requires 'eventTime' property/);
    await assertNothingDelivered();
  });

  it('answers 415 when a CloudEvents topic gets a content type that is not CloudEvents or JSON', async () => {
    const { topic, assertNothingDelivered } = await subscribedTopic('CloudEventSchemaV1_0');

    const response = await post(topic, '[]', {
      headers: { 'aeg-sas-key': topicKey, 'content-type': 'text/plain' },
    });

    assert.equal(response.status, 415);
    assert.equal((await errorOf(response)).details[0]?.code, 'InvalidContentType');
    await assertNothingDelivered();
  });

  it('answers 413 when the request is over 1 MB', async () => {
    const { topic, assertNothingDelivered } = await subscribedTopic();

    await assert.rejects(
      keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
        { eventType: 'Big', subject: 's', dataVersion: '1', data: { blob: 'x'.repeat(1024 * 1024) } },
      ]),
      { statusCode: 413 },
    );
    await assertNothingDelivered();
  });

  it('answers 401 when the access key is wrong', async () => {
    const { topic, assertNothingDelivered } = await subscribedTopic();

    await assert.rejects(
      keyClient(h.eventGrid, topic, 'EventGrid', 'd3Jvbmcta2V5').send([
        { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
      ]),
      { statusCode: 401, message: /not authorized/ },
    );
    await assertNothingDelivered();
  });

  it('answers 401 when no credential is sent to a topic with a key', async () => {
    const { topic } = await subscribedTopic();

    const response = await post(topic, '[]', { headers: {} });

    assert.equal(response.status, 401);
    assert.equal((await errorOf(response)).code, 'Unauthorized');
  });

  it('answers 401 when the SAS token has expired', async () => {
    const { topic, assertNothingDelivered } = await subscribedTopic();
    const client = await sasClient(h.eventGrid, topic, 'EventGrid', topicKey, new Date(h.clock.now() - 1000));

    await assert.rejects(client.send([{ eventType: 'T', subject: 's', dataVersion: '1', data: {} }]), {
      statusCode: 401,
      message: /expired/,
    });
    await assertNothingDelivered();
  });

  it('answers 401 when the SAS token was made for another topic', async () => {
    const { topic } = await subscribedTopic();
    const other = await h.createTopic();
    const token = await generateSharedAccessSignature(
      h.eventGrid.topicEndpoint(other),
      new AzureKeyCredential(topicKey),
      new Date(Date.now() + 60_000),
    );

    const response = await post(topic, '[]', { headers: { 'aeg-sas-token': token } });

    assert.equal(response.status, 401);
    assert.match((await errorOf(response)).message, /resource does not match/);
  });

  it('answers a request with a malformed Host header and stays up for the next one', async () => {
    const topic = await h.createTopic();
    const { hostname, port, pathname } = new URL(h.eventGrid.topicEndpoint(topic));
    const socket = connect(Number(port), hostname);
    socket.end(`GET ${pathname}?api-version=2018-01-01 HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n`);
    let answer = '';
    for await (const chunk of socket) answer += String(chunk);
    assert.match(answer, /^HTTP\/1\.1 \d{3} /);

    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
    ]);
  });

  it('answers 404 NotFound when the topic does not exist', async () => {
    await assert.rejects(
      keyClient(h.eventGrid, 'no-such-topic', 'EventGrid', topicKey).send([
        { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
      ]),
      { statusCode: 404 },
    );
    const response = await post('no-such-topic', '[]');
    assert.equal((await errorOf(response)).details[0]?.code, 'ResourceNotFound');
  });

  it('answers 400 when the api-version query parameter is missing', async () => {
    const { topic, assertNothingDelivered } = await subscribedTopic();

    const response = await post(topic, '[]', { query: '' });

    assert.equal(response.status, 400);
    assert.match((await errorOf(response)).message, /api-version/);
    await assertNothingDelivered();
  });

  it('answers 405 to a GET on the events endpoint', async () => {
    const topic = await h.createTopic();

    const response = await fetch(`${h.eventGrid.topicEndpoint(topic)}?api-version=2018-01-01`);

    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST, OPTIONS');
  });
});
