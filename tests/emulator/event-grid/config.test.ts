import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../../emulator/clock.js';
import type { EventGridConfigInput } from '../../../emulator/event-grid/config/event-grid-config.js';
import { EventGridConfigError, startEventGrid } from '../../../emulator/event-grid/start-event-grid.js';
import { startEventGridHarness, topicKey, uniqueName, type EventGridHarness } from './support/harness.js';
import { keyClient } from './support/sdk.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const webhook = (endpointUrl: string) => ({ endpointType: 'WebHook' as const, properties: { endpointUrl } });

describe('Event Grid configuration (UserConfig.EventGrid)', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  after(() => receiver.close());

  it('reports every problem of a config in one EventGridConfigError before listening', async () => {
    const config = {
      Topics: [
        {
          name: 'x',
          inputSchema: 'CustomEventSchema',
          subscriptions: [
            { name: 'no-properties' },
            {
              name: 'bad-retry',
              properties: { destination: webhook(receiver.url), retryPolicy: { maxDeliveryAttempts: 31 } },
            },
            {
              name: 'to-function',
              properties: { destination: { endpointType: 'AzureFunction', properties: { resourceId: 'f' } } },
            },
            {
              name: 'dead-letters',
              properties: {
                destination: webhook(receiver.url),
                deadLetterDestination: {
                  endpointType: 'StorageBlob',
                  properties: { blobContainerName: 'Bad_Name' },
                },
              },
            },
            {
              name: 'typo',
              properties: {
                destination: webhook(receiver.url),
                filter: { advancedFilters: [{ operatorType: 'NumberBetween', key: 'data.n', value: 1 }] },
                eventDeliverySchma: 'EventGridSchema',
              },
            },
          ],
        },
      ],
    };

    const started = startEventGrid({ config, port: 0, clock: new ManualClock() });

    await assert.rejects(started, (error: unknown) => {
      assert.ok(error instanceof EventGridConfigError);
      const problems = error.problems.join('\n');
      for (const path of [
        'Topics[0].name',
        'Topics[0].inputSchema',
        'subscriptions[0].properties: is required',
        'retryPolicy.maxDeliveryAttempts',
        'AzureFunction needs the functionsHostUrl option',
        'needs the deadLetterStorage option',
        'blobContainerName',
        'advancedFilters[0].operatorType',
        'eventDeliverySchma: is not a known property',
      ]) {
        assert.ok(problems.includes(path), `expected a problem about ${path} in:\n${problems}`);
      }
      return true;
    });
  });

  it('refuses Event Grid schema delivery from a CloudEvents topic, as Azure does', async () => {
    const config: EventGridConfigInput = {
      Topics: [
        {
          name: 'cloud-topic',
          inputSchema: 'CloudEventSchemaV1_0',
          subscriptions: [
            {
              name: 'legacy',
              properties: { destination: webhook(receiver.url), eventDeliverySchema: 'EventGridSchema' },
            },
          ],
        },
      ],
    };

    await assert.rejects(
      startEventGrid({ config, port: 0, clock: new ManualClock() }),
      /delivers only CloudEventSchemaV1_0/,
    );
  });

  it('starts with the configured topics, validates their webhooks and applies Azure defaults', async () => {
    const topic = uniqueName('configured');
    const config: EventGridConfigInput = {
      Topics: [
        {
          name: topic,
          key: topicKey,
          subscriptions: [{ name: 'audit', properties: { destination: webhook(receiver.url) } }],
        },
      ],
    };
    const eventGrid = await startEventGrid({ config, port: 0, clock: new ManualClock() });
    try {
      const [described] = eventGrid.describe().topics;
      assert.equal(described?.inputSchema, 'EventGridSchema');
      assert.equal(described?.endpoint, eventGrid.topicEndpoint(topic));
      const subscription = described?.subscriptions[0];
      assert.equal(subscription?.provisioningState, 'Succeeded');
      assert.equal(subscription?.eventDeliverySchema, 'EventGridSchema');
      assert.equal(subscription?.maxEventsPerBatch, 1);
      assert.equal(subscription?.preferredBatchSizeInKilobytes, 64);
      assert.deepEqual(subscription?.retryPolicy, {
        maxDeliveryAttempts: 30,
        eventTimeToLiveInMinutes: 1440,
      });
      const before = receiver.notifications().length;
      await keyClient(eventGrid, topic, 'EventGrid', topicKey).send([
        { eventType: 'T', subject: 's', dataVersion: '1', data: {} },
      ]);
      await receiver.waitForNotifications(before + 1);
    } finally {
      await eventGrid.close();
    }
  });

  it('keeps running when a configured webhook fails its handshake, showing the subscription as Failed', async () => {
    const down = await startWebhookReceiver(() => ({ status: 503 }));
    const config: EventGridConfigInput = {
      Topics: [
        {
          name: uniqueName('t'),
          subscriptions: [{ name: 'down', properties: { destination: webhook(down.url) } }],
        },
      ],
    };
    const eventGrid = await startEventGrid({ config, port: 0, clock: new ManualClock() });
    try {
      const subscription = eventGrid.describe().topics[0]?.subscriptions[0];
      assert.equal(subscription?.provisioningState, 'Failed');
      assert.match(subscription?.error ?? '', /response code 503/);
    } finally {
      await eventGrid.close();
      await down.close();
    }
  });

  it('takes the function name from the last segment of resourceId, so a bare name works too', async () => {
    const eventGrid = await startEventGrid({
      port: 0,
      clock: new ManualClock(),
      functionsHostUrl: 'http://127.0.0.1:7071/',
      config: {
        Topics: [
          {
            name: 'functions-topic',
            subscriptions: [
              {
                name: 'by-resource-id',
                properties: {
                  destination: {
                    endpointType: 'AzureFunction',
                    properties: {
                      resourceId:
                        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/functions/onOrderPlaced',
                    },
                  },
                },
              },
              {
                name: 'by-name',
                properties: {
                  destination: { endpointType: 'AzureFunction', properties: { resourceId: 'reserveStock' } },
                },
              },
            ],
          },
        ],
      },
    });
    try {
      assert.deepEqual(
        eventGrid.describe().topics[0]?.subscriptions.map((s) => s.endpointUrl),
        [
          'http://127.0.0.1:7071/runtime/webhooks/eventgrid?functionName=onOrderPlaced',
          'http://127.0.0.1:7071/runtime/webhooks/eventgrid?functionName=reserveStock',
        ],
      );
    } finally {
      await eventGrid.close();
    }
  });
});

describe('Event Grid admin routes', () => {
  let h: EventGridHarness;
  let receiver: WebhookReceiver;
  before(async () => {
    h = await startEventGridHarness();
    receiver = await h.startReceiver();
  });
  after(() => h.close());

  const route = (method: string, path: string) => {
    const found = h.eventGrid.adminRoutes.find((r) => r.method === method && r.path === path);
    assert.ok(found, `${method} ${path}`);
    return found;
  };

  it('creates a topic and a subscription and lists them with pending deliveries and dead-letters', async () => {
    const topic = uniqueName('admin');

    const created = await route('PUT', '/event-grid/topics/:topic').handle({
      params: { topic },
      body: { key: topicKey },
    });
    const subscribed = await route(
      'PUT',
      '/event-grid/topics/:topic/eventSubscriptions/:subscription',
    ).handle({
      params: { topic, subscription: 'audit' },
      body: { properties: { destination: webhook(receiver.url) } },
    });
    const listed = await route('GET', '/event-grid').handle({ params: {}, body: undefined });

    assert.equal(created.status, 200);
    assert.equal(subscribed.status, 200);
    assert.equal((subscribed.body as { provisioningState: string }).provisioningState, 'Succeeded');
    const description = listed.body as ReturnType<typeof h.eventGrid.describe>;
    assert.ok(
      description.topics.some((t) => t.name === topic && t.subscriptions.some((s) => s.name === 'audit')),
    );
    assert.ok(Array.isArray(description.pendingDeliveries));
    assert.ok(Array.isArray(description.deadLetters));
  });

  it('answers 400 with an RFC 9457 problem listing the problems of an invalid subscription', async () => {
    const topic = await h.createTopic();

    const response = await route('PUT', '/event-grid/topics/:topic/eventSubscriptions/:subscription').handle({
      params: { topic, subscription: 'bad' },
      body: {
        properties: { destination: webhook('not a url'), retryPolicy: { eventTimeToLiveInMinutes: 0 } },
      },
    });

    assert.equal(response.status, 400);
    const problem = response.body as { title: string; status: number; errors: string[] };
    assert.equal(problem.status, 400);
    assert.equal(problem.errors.length, 2);
  });

  it('answers 404 for a subscription on a topic that does not exist', async () => {
    const response = await route('PUT', '/event-grid/topics/:topic/eventSubscriptions/:subscription').handle({
      params: { topic: 'missing-topic', subscription: 'audit' },
      body: { properties: { destination: webhook(receiver.url) } },
    });

    assert.equal(response.status, 404);
  });
});
