import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningHost } from '../../host/start-host.js';
import { fixtureEvents } from '../fixtures/host-apps/support/fixture-events.js';
import { startFixtureHost } from './support/fixture-host.js';
import { nextEvents } from './support/wait-for.js';

interface Received {
  event: Record<string, unknown>;
  triggerMetadata: Record<string, unknown>;
  traceParent: string;
}

const eventGridEvent = (id: string, subject = 'orders/1') => ({
  id,
  topic: '/subscriptions/0000/resourceGroups/orders/providers/Microsoft.EventGrid/topics/orders',
  subject,
  eventType: 'Orders.OrderPlaced.v1',
  eventTime: '2026-01-01T10:00:00.000Z',
  data: { orderId: id, total: 12.5 },
  dataVersion: '1.0',
  metadataVersion: '1',
});

const cloudEvent = {
  specversion: '1.0',
  type: 'Orders.OrderPlaced.v1',
  source: '/orders',
  id: 'ce-1',
  time: '2026-01-01T10:00:00Z',
  subject: 'orders/7',
  datacontenttype: 'application/json',
  data: { orderId: '7' },
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

describe('the Event Grid webhook', () => {
  let host: RunningHost;
  const others: RunningHost[] = [];

  before(async () => {
    ({ host } = await startFixtureHost('event-grid-app'));
  });

  after(async () => {
    await Promise.all([host, ...others].map((running) => running.close()));
  });

  const webhook = (query: string): string => `${host.url}/runtime/webhooks/eventgrid?${query}`;
  const keyed = (functionName = 'onOrderEvent'): string =>
    webhook(`functionName=${functionName}&code=${encodeURIComponent(host.keys.eventGrid)}`);
  const notify = (body: unknown, url = keyed()): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers the subscription validation handshake with the validation code, without running the function', async () => {
    const validation = {
      ...eventGridEvent('validation'),
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      data: {
        validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6',
        validationUrl: 'https://example.invalid',
      },
    };
    const response = await fetch(keyed(), {
      method: 'POST',
      headers: { 'aeg-event-type': 'SubscriptionValidation' },
      body: JSON.stringify([validation]),
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
  });

  for (const [origin, allowed] of [
    ['eventgrid.azure.net', 'eventgrid.azure.net'],
    ['eventgrid.azure.us', 'eventgrid.azure.us'],
    ['elsewhere.example', 'eventgrid.azure.net'],
  ]) {
    it(`allows ${allowed} in the CloudEvents handshake when the request origin is ${origin}`, async () => {
      const response = await fetch(keyed(), {
        method: 'OPTIONS',
        headers: { 'WebHook-Request-Origin': origin! },
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('webhook-allowed-origin'), allowed);
    });
  }

  it('runs the function once per event of an Event Grid schema batch and answers 202', async () => {
    const received = nextEvents<Received>(fixtureEvents, 'event', 2);
    const events = [eventGridEvent('1'), eventGridEvent('2')];
    const response = await notify(events);
    assert.equal(response.status, 202);
    const byId = (await received).sort((a, b) => String(a.event.id).localeCompare(String(b.event.id)));
    assert.deepEqual(
      byId.map((invocation) => invocation.event),
      events,
    );
    assert.deepEqual(byId[0]!.triggerMetadata, { data: { orderId: '1', total: 12.5 } });
  });

  it("runs the function for a single CloudEvents event, continuing the event's trace", async () => {
    const received = nextEvents<Received>(fixtureEvents, 'event', 1);
    const response = await notify(cloudEvent);
    assert.equal(response.status, 202);
    const [invocation] = await received;
    assert.deepEqual(invocation!.event, cloudEvent);
    assert.match(invocation!.traceParent, /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  });

  it('answers 500 when any event of the batch fails, after running every event', async () => {
    const received = nextEvents<Received>(fixtureEvents, 'event', 2);
    const response = await notify([eventGridEvent('3'), eventGridEvent('4', 'fail')]);
    assert.equal((await received).length, 2);
    assert.equal(response.status, 500);
    assert.equal(await response.text(), 'Exception while executing function: Functions.onOrderEvent');
  });

  it('answers 404 naming the function when no Event Grid function has that name', async () => {
    const response = await notify([eventGridEvent('5')], keyed('noSuchFunction'));
    assert.equal(response.status, 404);
    assert.equal(await response.text(), "cannot find function: 'noSuchFunction'");
  });

  it('answers 400 without an aeg-event-type header and 202 to Unsubscribe', async () => {
    assert.equal((await fetch(keyed(), { method: 'POST', body: '[]' })).status, 400);
    const unsubscribe = await fetch(keyed(), {
      method: 'POST',
      headers: { 'aeg-event-type': 'Unsubscribe' },
      body: '[]',
    });
    assert.equal(unsubscribe.status, 202);
  });

  it('answers 401 without the eventgrid_extension system key or the master key', async () => {
    assert.equal((await notify([], webhook('functionName=onOrderEvent'))).status, 401);
    const withHostKey = webhook(`functionName=onOrderEvent&code=${encodeURIComponent(host.keys.host)}`);
    assert.equal((await notify([], withHostKey)).status, 401);
    const withMasterKey = webhook(`functionName=onOrderEvent&code=${encodeURIComponent(host.keys.master)}`);
    assert.equal((await notify([], withMasterKey)).status, 202);
  });

  it('accepts notifications without a key when keys are not enforced, as func start does', async () => {
    const { host: open } = await startFixtureHost('event-grid-app', { enforceKeys: false });
    others.push(open);
    const received = nextEvents<Received>(fixtureEvents, 'event', 1);
    const response = await notify(
      [eventGridEvent('6')],
      `${open.url}/runtime/webhooks/eventgrid?functionName=onOrderEvent`,
    );
    assert.equal(response.status, 202);
    assert.equal((await received)[0]!.event.id, '6');
  });

  it('lists the webhook URL of each Event Grid function', () => {
    const summary = host.functions.find((fn) => fn.name === 'onOrderEvent');
    assert.deepEqual(summary, {
      name: 'onOrderEvent',
      trigger: 'eventGridTrigger',
      url: `${host.url}/runtime/webhooks/eventgrid?functionName=onOrderEvent`,
      running: true,
    });
  });
});
