import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { systemClock } from '../../../emulator/clock.js';
import { startEventGrid } from '../../../emulator/event-grid/start-event-grid.js';
import { startEventGridHarness, topicKey, uniqueName } from './support/harness.js';
import { eventually } from './support/eventually.js';
import { keyClient } from './support/sdk.js';
import { answerNotifications, startWebhookReceiver } from './support/webhook-receiver.js';

describe('Event Grid emulator lifecycle and time scale', () => {
  it('closes idempotently and stops listening', async () => {
    const h = await startEventGridHarness();
    const port = Number(new URL(h.eventGrid.url).port);

    await Promise.all([h.close(), h.eventGrid.close()]);
    await h.eventGrid.close();

    const socket = connect(port, '127.0.0.1');
    const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException];
    assert.equal(error.code, 'ECONNREFUSED');
  });

  it('aborts a delivery in flight and cancels its retries when closed', async () => {
    const h = await startEventGridHarness();
    const receiver = await h.startReceiver(answerNotifications(() => undefined));
    const topic = await h.createTopic();
    await h.subscribe(topic, receiver);
    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
    ]);
    await receiver.waitForNotifications(1);
    assert.equal(h.eventGrid.describe().pendingDeliveries[0]?.state, 'in-flight');

    await h.close();
    h.clock.advance(24 * 60 * 60_000);

    assert.deepEqual(h.eventGrid.describe().pendingDeliveries, []);
    assert.equal(receiver.notifications().length, 1);
  });

  it('compresses the retry schedule by retryTimeScale on the real clock', async () => {
    const eventGrid = await startEventGrid({ port: 0, clock: systemClock, retryTimeScale: 1000 });
    const receiver = await startWebhookReceiver(answerNotifications((n) => (n < 2 ? 500 : 200)));
    try {
      const topic = uniqueName('scaled');
      await eventGrid.createTopic({ name: topic, key: topicKey });
      await eventGrid.createSubscription(topic, {
        name: 'scaled',
        properties: { destination: { endpointType: 'WebHook', properties: { endpointUrl: receiver.url } } },
      });

      await keyClient(eventGrid, topic, 'EventGrid', topicKey).send([
        { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
      ]);

      // 10 s and 30 s of Azure's schedule take 10 ms and 30 ms here.
      const deliveries = await receiver.waitForNotifications(3, 5_000);
      assert.deepEqual(
        deliveries.map((delivery) => delivery.headers['aeg-delivery-count']),
        ['0', '1', '2'],
      );
      await eventually(() => eventGrid.describe().pendingDeliveries.length === 0, 'the delivery to complete');
    } finally {
      await eventGrid.close();
      await receiver.close();
    }
  });

  it('scales the event time-to-live with the retry schedule', async () => {
    const h = await startEventGridHarness({ retryTimeScale: 100 });
    try {
      const receiver = await h.startReceiver(answerNotifications(() => 500));
      const topic = await h.createTopic();
      await h.subscribe(topic, receiver, {
        retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1 },
      });
      await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
        { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
      ]);
      await receiver.waitForNotifications(1);

      const pending = await eventually(
        () => h.eventGrid.describe().pendingDeliveries.find((d) => d.state === 'waiting-to-retry'),
        'the retry to be scheduled',
      );

      assert.equal(Date.parse(pending.expiryTime) - Date.parse(pending.nextAttemptTime ?? ''), 600 - 100);
    } finally {
      await h.close();
    }
  });

  it('refuses a retryTimeScale that is not a positive number', async () => {
    await assert.rejects(startEventGridHarness({ retryTimeScale: 0 }), RangeError);
  });
});
