import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../emulator/clock.js';
import { startEventGrid, type RunningEventGrid } from '../../emulator/event-grid/start-event-grid.js';
import { orderEventTypes } from '../../shared/application/contracts/message-types.js';
import type { OrderEventV1 } from '../../shared/application/contracts/order-events.js';
import { EventGridEventPublisher } from '../../shared/adapters/event-grid-event-publisher.js';
import { retryBudgets } from '../../shared/adapters/retry-budgets.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../emulator/event-grid/support/webhook-receiver.js';

const event: OrderEventV1 = {
  specversion: '1.0',
  id: '0190d5a0-0000-7000-8000-000000000001',
  source: '/orders',
  type: orderEventTypes.placed,
  subject: 'orders/order-1',
  time: '2025-03-01T10:00:00.000Z',
  datacontenttype: 'application/json',
  data: {
    orderId: 'order-1',
    customerId: 'customer-1',
    orderVersion: 1,
    currency: 'EUR',
    totalMinor: 250,
    placedAt: '2025-03-01T10:00:00.000Z',
    status: 'pending',
    lines: [{ sku: 'SKU-1', quantity: 2, unitPriceMinor: 125 }],
  },
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};

describe('EventGridEventPublisher on the emulator', () => {
  let eventGrid: RunningEventGrid;
  let receiver: WebhookReceiver;

  before(async () => {
    eventGrid = await startEventGrid({ port: 0, clock: new ManualClock() });
    receiver = await startWebhookReceiver();
    await eventGrid.createTopic({
      name: 'orders',
      inputSchema: 'CloudEventSchemaV1_0',
      key: Buffer.from('a local key').toString('base64'),
      subscriptions: [
        {
          name: 'all',
          properties: { destination: { endpointType: 'WebHook', properties: { endpointUrl: receiver.url } } },
        },
      ],
    });
  });
  after(async () => {
    await eventGrid.close();
    await receiver.close();
  });

  it('publishes the order event as a CloudEvent 1.0 with its id, subject and traceparent unchanged', async () => {
    const publisher = EventGridEventPublisher.connect({
      topicEndpoint: eventGrid.topicEndpoint('orders'),
      auth: { kind: 'key', key: Buffer.from('a local key').toString('base64') },
    });
    await publisher.publish(event);
    const [delivery] = await receiver.waitForNotifications(1);
    // One event per delivery: a CloudEvent on its own, or a batch of one.
    const body = JSON.parse(delivery?.body ?? '{}') as Record<string, unknown> | Record<string, unknown>[];
    const delivered = Array.isArray(body) ? body[0] : body;
    assert.deepEqual(
      {
        specversion: delivered?.['specversion'],
        id: delivered?.['id'],
        source: delivered?.['source'],
        type: delivered?.['type'],
        subject: delivered?.['subject'],
        time: delivered?.['time'],
        data: delivered?.['data'],
        traceparent: delivered?.['traceparent'],
      },
      {
        specversion: '1.0',
        id: event.id,
        source: event.source,
        type: event.type,
        subject: event.subject,
        time: event.time,
        data: event.data,
        traceparent: event.traceparent,
      },
    );
  });

  it('refuses to publish with a wrong key, so a misconfigured app fails loudly', async () => {
    const publisher = EventGridEventPublisher.connect({
      topicEndpoint: eventGrid.topicEndpoint('orders'),
      auth: { kind: 'key', key: Buffer.from('another key').toString('base64') },
    });
    await assert.rejects(publisher.publish(event), { statusCode: 401 });
  });

  it('gives up on a failing topic within its retry budget, leaving the entry to the sweeper', async () => {
    let requests = 0;
    const unavailable = createServer((request, response) => {
      requests += 1;
      request.resume();
      response.writeHead(503, { 'retry-after': '0' }).end();
    });
    unavailable.listen(0, '127.0.0.1');
    await once(unavailable, 'listening');
    try {
      const { port } = unavailable.address() as AddressInfo;
      const publisher = EventGridEventPublisher.connect({
        topicEndpoint: `http://127.0.0.1:${port}/api/events`,
        auth: { kind: 'key', key: Buffer.from('a local key').toString('base64') },
      });
      await assert.rejects(publisher.publish(event), { statusCode: 503 });
      assert.equal(requests, 1 + retryBudgets.http.maxRetries);
    } finally {
      unavailable.close();
    }
  });
});
