import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SubscriptionValidationError } from '../../../emulator/event-grid/start-event-grid.js';
import { startEventGridHarness, topicKey, uniqueName, type EventGridHarness } from './support/harness.js';
import { keyClient } from './support/sdk.js';

interface ValidationEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  metadataVersion: string;
  dataVersion: string;
  data: { validationCode: string; validationUrl: string };
}

describe('Event Grid subscription validation handshake', () => {
  let h: EventGridHarness;
  before(async () => {
    h = await startEventGridHarness();
  });
  after(() => h.close());

  const stateOf = (topic: string, subscription: string) =>
    h.eventGrid
      .describe()
      .topics.find((t) => t.name === topic)
      ?.subscriptions.find((s) => s.name === subscription)?.provisioningState;

  it('sends a SubscriptionValidationEvent and succeeds when the webhook echoes the code', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver();

    const subscription = await h.subscribe(topic, receiver);

    const [handshake] = receiver.requests;
    assert.equal(handshake?.method, 'POST');
    assert.equal(handshake?.headers['aeg-event-type'], 'SubscriptionValidation');
    assert.equal(handshake?.headers['aeg-subscription-name'], subscription.toUpperCase());
    const [event] = JSON.parse(handshake?.body ?? '') as ValidationEvent[];
    assert.equal(event?.eventType, 'Microsoft.EventGrid.SubscriptionValidationEvent');
    assert.equal(event?.metadataVersion, '1');
    assert.match(event?.data.validationCode ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(stateOf(topic, subscription), 'Succeeded');
  });

  it('delivers nothing until the endpoint calls the validation URL, then delivers', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver(() => ({ status: 200 }));
    const subscription = await h.subscribe(topic, receiver);
    assert.equal(stateOf(topic, subscription), 'AwaitingManualAction');
    const publisher = keyClient(h.eventGrid, topic, 'EventGrid', topicKey);
    await publisher.send([{ id: 'before', eventType: 'T', subject: 's', dataVersion: '1', data: {} }]);

    const [event] = JSON.parse(receiver.requests[0]?.body ?? '') as ValidationEvent[];
    const confirmation = await fetch(event?.data.validationUrl ?? '');
    assert.equal(confirmation.status, 200);
    await publisher.send([{ id: 'after', eventType: 'T', subject: 's', dataVersion: '1', data: {} }]);

    const [delivery] = await receiver.waitForNotifications(1);
    assert.equal((JSON.parse(delivery?.body ?? '') as { id: string }[])[0]?.id, 'after');
    assert.equal(stateOf(topic, subscription), 'Succeeded');
  });

  it('fails the subscription when the validation URL is not called within 5 minutes', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver(() => ({ status: 200 }));
    const subscription = await h.subscribe(topic, receiver);

    h.clock.advance(5 * 60_000);

    assert.equal(stateOf(topic, subscription), 'Failed');
  });

  it('rejects the subscription when the webhook answers the handshake with 202', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver(() => ({ status: 202 }));

    await assert.rejects(h.subscribe(topic, receiver), (error: unknown) => {
      assert.ok(error instanceof SubscriptionValidationError);
      assert.match(error.message, /response code 202/);
      return true;
    });
  });

  it('rejects the subscription when the webhook echoes another validation code', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver(() => ({
      status: 200,
      body: JSON.stringify({ validationResponse: 'guess' }),
    }));

    await assert.rejects(h.subscribe(topic, receiver), /validationResponse does not match/);
  });

  it('keeps a failed subscription from receiving events', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver(() => ({ status: 500 }));
    await assert.rejects(h.subscribe(topic, receiver), SubscriptionValidationError);
    const healthy = await h.startReceiver();
    await h.subscribe(topic, healthy);

    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
    ]);

    await healthy.waitForNotifications(1);
    assert.equal(receiver.notifications().length, 0);
  });

  it('uses the CloudEvents OPTIONS handshake for a CloudEvents delivery schema', async () => {
    const topic = await h.createTopic({ inputSchema: 'CloudEventSchemaV1_0' });
    const receiver = await h.startReceiver();

    const subscription = await h.subscribe(topic, receiver);

    assert.equal(receiver.requests[0]?.method, 'OPTIONS');
    assert.equal(receiver.requests[0]?.headers['webhook-request-origin'], 'eventgrid.azure.net');
    assert.equal(stateOf(topic, subscription), 'Succeeded');
  });

  it('rejects a CloudEvents subscription whose endpoint does not allow the origin', async () => {
    const topic = await h.createTopic({ inputSchema: 'CloudEventSchemaV1_0' });
    const receiver = await h.startReceiver(() => ({ status: 200 }));

    await assert.rejects(h.subscribe(topic, receiver), /WebHook-Allowed-Origin/);
  });

  it('validates again when a subscription is updated to a new endpoint', async () => {
    const topic = await h.createTopic();
    const first = await h.startReceiver();
    const second = await h.startReceiver();
    const name = uniqueName('sub');
    const put = (url: string) =>
      h.eventGrid.createSubscription(topic, {
        name,
        properties: { destination: { endpointType: 'WebHook', properties: { endpointUrl: url } } },
      });
    await put(first.url);

    await put(second.url);

    assert.equal(second.requests[0]?.headers['aeg-event-type'], 'SubscriptionValidation');
    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
    ]);
    await second.waitForNotifications(1);
    assert.equal(first.notifications().length, 0);
  });
});
