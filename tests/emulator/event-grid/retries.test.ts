import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEventGridHarness, topicKey, type EventGridHarness } from './support/harness.js';
import { eventually } from './support/eventually.js';
import { keyClient } from './support/sdk.js';
import {
  answerNotifications,
  startWebhookReceiver,
  type WebhookReceiver,
} from './support/webhook-receiver.js';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** A topic subscribed by an Azure Function destination, and one event published to it. */
async function publishToFunction(
  h: EventGridHarness,
  functionName: string,
  eventId?: string,
): Promise<string> {
  const topic = await h.createTopic();
  await h.eventGrid.createSubscription(topic, {
    name: 'to-function',
    properties: {
      destination: {
        endpointType: 'AzureFunction',
        properties: {
          resourceId: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/app/functions/${functionName}`,
        },
      },
    },
  });
  await publishTo(h, topic, eventId);
  return topic;
}

async function publishTo(h: EventGridHarness, topic: string, id: string = randomUUID()): Promise<void> {
  await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
    { id, eventType: 'T', subject: 's', dataVersion: '1', data: {} },
  ]);
}

const pendingOf = (h: EventGridHarness, topic: string) =>
  h.eventGrid.describe().pendingDeliveries.find((d) => d.topic === topic);

/** The topic's delivery once a failed attempt has settled and its retry is scheduled. */
const waitingToRetry = (h: EventGridHarness, topic: string) =>
  eventually(
    () => pendingOf(h, topic)?.state === 'waiting-to-retry' && pendingOf(h, topic),
    'the failed attempt to settle',
  );

describe('Event Grid delivery retries, on the manual clock', () => {
  let h: EventGridHarness;
  before(async () => {
    h = await startEventGridHarness();
  });
  after(() => h.close());

  const undeliveredOf = (topic: string) =>
    h.eventGrid.describe().deadLetters.filter((d) => d.topic === topic);

  async function failingSubscription(statusOf: (n: number) => number | undefined, properties = {}) {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver(answerNotifications(statusOf));
    await h.subscribe(topic, receiver, properties);
    return { topic, receiver };
  }

  it('retries a 500 after 10 seconds and not before, counting the attempt in aeg-delivery-count', async () => {
    const { topic, receiver } = await failingSubscription((n) => (n === 0 ? 500 : 200));
    await publishTo(h, topic, 'retried');
    await receiver.waitForNotifications(1);
    const waiting = await waitingToRetry(h, topic);
    assert.equal(Date.parse(waiting.nextAttemptTime ?? ''), h.clock.now() + 10 * second);
    assert.equal(waiting.lastHttpStatusCode, 500);

    h.clock.advance(10 * second - 1);
    assert.equal(pendingOf(h, topic)?.attempts, 1);
    h.clock.advance(1);

    const deliveries = await receiver.waitForNotifications(2);
    assert.equal(deliveries[1]?.headers['aeg-delivery-count'], '1');
    await eventually(() => pendingOf(h, topic) === undefined, 'the delivery to complete');
  });

  it('waits 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h and then 12 h between attempts', async () => {
    const { topic, receiver } = await failingSubscription(() => 500, {
      retryPolicy: { maxDeliveryAttempts: 12, eventTimeToLiveInMinutes: 1440 },
    });
    await publishTo(h, topic, 'scheduled');
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 10; attempt++) {
      await receiver.waitForNotifications(attempt);
      const pending = await waitingToRetry(h, topic);
      const wait = Date.parse(pending.nextAttemptTime ?? '') - h.clock.now();
      waits.push(wait);
      h.clock.advance(wait);
    }

    assert.deepEqual(waits, [
      10 * second,
      30 * second,
      minute,
      5 * minute,
      10 * minute,
      30 * minute,
      hour,
      3 * hour,
      6 * hour,
      12 * hour,
    ]);
  });

  it('waits at least 30 seconds before retrying a 503', async () => {
    const { topic, receiver } = await failingSubscription(() => 503);
    await publishTo(h, topic, 'busy');
    await receiver.waitForNotifications(1);

    const pending = await waitingToRetry(h, topic);

    assert.equal(Date.parse(pending.nextAttemptTime ?? '') - h.clock.now(), 30 * second);
  });

  it('gives up with MaxDeliveryAttemptsExceeded after maxDeliveryAttempts attempts', async () => {
    const { topic, receiver } = await failingSubscription(() => 500, {
      retryPolicy: { maxDeliveryAttempts: 2, eventTimeToLiveInMinutes: 1440 },
    });
    await publishTo(h, topic, 'exhausted');
    await receiver.waitForNotifications(1);
    await waitingToRetry(h, topic);
    h.clock.advance(10 * second);
    await receiver.waitForNotifications(2);

    const [dropped] = await eventually(
      () => undeliveredOf(topic).length > 0 && undeliveredOf(topic),
      'the drop',
    );
    assert.equal(dropped?.eventId, 'exhausted');
    assert.equal(dropped?.deadLetterReason, 'MaxDeliveryAttemptsExceeded');
    assert.equal(dropped?.deliveryAttempts, 2);
    assert.equal(dropped?.lastDeliveryOutcome, 'InternalServerError');
    assert.equal(dropped?.state, 'dropped');
    assert.equal(pendingOf(h, topic), undefined);
  });

  it('gives up with TimeToLiveExceeded when the next retry would come after the event time-to-live', async () => {
    const { topic, receiver } = await failingSubscription(() => 500, {
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1 },
    });
    await publishTo(h, topic, 'expired');
    for (const wait of [10 * second, 30 * second]) {
      await receiver.waitForNotifications(receiver.notifications().length + 1);
      await waitingToRetry(h, topic);
      h.clock.advance(wait);
    }
    await receiver.waitForNotifications(3);
    await eventually(() => pendingOf(h, topic)?.state === 'waiting-for-expiry', 'the wait for expiry');

    h.clock.advance(20 * second);

    const [dropped] = undeliveredOf(topic);
    assert.equal(dropped?.deadLetterReason, 'TimeToLiveExceeded');
    assert.equal(dropped?.deliveryAttempts, 3);
  });

  for (const [status, reason] of [
    [400, 'UndeliverableDueToHttpBadRequest'],
    [401, 'UndeliverableDueToHttpUnauthorized'],
    [403, 'UndeliverableDueToHttpForbidden'],
    [413, 'UndeliverableDueToHttpRequestEntityTooLarge'],
  ] as const) {
    it(`does not retry a webhook that answers ${status}`, async () => {
      const { topic, receiver } = await failingSubscription(() => status);
      await publishTo(h, topic, `refused-${status}`);
      await receiver.waitForNotifications(1);

      const [dropped] = await eventually(
        () => undeliveredOf(topic).length > 0 && undeliveredOf(topic),
        'the drop',
      );

      assert.equal(dropped?.deadLetterReason, reason);
      assert.equal(dropped?.deliveryAttempts, 1);
      assert.equal(dropped?.lastHttpStatusCode, status);
      h.clock.advance(hour);
      assert.equal(receiver.notifications().length, 1);
    });
  }

  it('waits at least 5 minutes before retrying a 404', async () => {
    const { topic, receiver } = await failingSubscription((n) => (n === 0 ? 404 : 200));
    await publishTo(h, topic, 'not-found');
    await receiver.waitForNotifications(1);

    const pending = await waitingToRetry(h, topic);

    assert.equal(Date.parse(pending.nextAttemptTime ?? '') - h.clock.now(), 5 * minute);
  });

  it('retries an endpoint that does not answer within 30 seconds', async () => {
    const { topic, receiver } = await failingSubscription((n) => (n === 0 ? undefined : 200));
    await publishTo(h, topic, 'slow');
    await receiver.waitForNotifications(1);
    assert.equal(pendingOf(h, topic)?.state, 'in-flight');

    h.clock.advance(30 * second);
    const pending = await waitingToRetry(h, topic);
    assert.equal(pending.lastDeliveryOutcome, 'TimedOut');
    h.clock.advance(10 * second);

    await receiver.waitForNotifications(2);
  });
});

describe('Event Grid delivery retries to an Azure Function', () => {
  let h: EventGridHarness;
  let functionsHost: WebhookReceiver;
  /** The fake host answers each function with the status its name asks for, as the host's route would. */
  const statusByFunction: Record<string, number> = { unauthorizedFunction: 401, forbiddenFunction: 403 };
  before(async () => {
    functionsHost = await startWebhookReceiver((request) => {
      const name = new URL(request.path, 'http://host').searchParams.get('functionName') ?? '';
      return { status: statusByFunction[name] ?? 404 };
    });
    h = await startEventGridHarness({ functionsHostUrl: new URL(functionsHost.url).origin });
  });
  after(async () => {
    await h.close();
    await functionsHost.close();
  });

  it('posts to the host webhook route without a handshake and retries a 401 after 5 minutes', async () => {
    const topic = await publishToFunction(h, 'unauthorizedFunction');

    const [delivery] = await functionsHost.waitForNotifications(1);
    assert.equal(delivery?.path, '/runtime/webhooks/eventgrid?functionName=unauthorizedFunction');
    assert.equal(functionsHost.requests.length, 1);
    const pending = await waitingToRetry(h, topic);
    assert.equal(Date.parse(pending.nextAttemptTime ?? '') - h.clock.now(), 5 * minute);
  });

  it('does not retry a function that answers 403', async () => {
    const topic = await publishToFunction(h, 'forbiddenFunction');

    const dropped = await eventually(
      () => h.eventGrid.describe().deadLetters.find((d) => d.topic === topic),
      'the drop',
    );

    assert.equal(dropped.deadLetterReason, 'UndeliverableDueToHttpForbidden');
  });
});

describe('Event Grid delivery to a Functions host that connects later', () => {
  it('delivers on a retry, with the key, an event published before the host was connected', async () => {
    const h = await startEventGridHarness({ functionsHostLater: true });
    const functionsHost = await startWebhookReceiver(() => ({ status: 200 }));
    try {
      const topic = await publishToFunction(h, 'late', 'early');
      // The first attempt has nowhere to go; the retry goes to the host connected meanwhile.
      await waitingToRetry(h, topic);
      h.eventGrid.connectFunctionsHost({ url: new URL(functionsHost.url).origin, key: 'system-key' });
      h.clock.advance(10 * second);

      const [delivery] = await functionsHost.waitForNotifications(1);
      assert.equal(delivery?.path, '/runtime/webhooks/eventgrid?functionName=late&code=system-key');
      assert.match(delivery?.body ?? '', /"early"/);
    } finally {
      await h.close();
      await functionsHost.close();
    }
  });
});
