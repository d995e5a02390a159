import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { orderEventTypes } from '../../shared/application/contracts/message-types.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../emulator/event-grid/support/webhook-receiver.js';
import { startLocalStack, type LocalStack } from './support/local-stack.js';
import { OrdersApi } from './support/orders-api.js';
import { pollUntil } from './support/poll.js';
import { newCustomerId, stackState } from './support/stack-state.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;

describe('the trace context of an order across every hop', () => {
  let stack: LocalStack;
  let receiver: WebhookReceiver;

  before(async () => {
    stack = await startLocalStack();
    // Another subscriber on the orders topic, which sees the events exactly as the app's subscribers do.
    receiver = await startWebhookReceiver();
    await stack.emulator.eventGrid.createSubscription('orders', {
      name: 'trace-probe',
      properties: { destination: { endpointType: 'WebHook', properties: { endpointUrl: receiver.url } } },
    });
  });
  after(async () => {
    await stack.close();
    await receiver.close();
  });

  it("carries the caller's trace from the POST through the command, the reply and both events", async () => {
    const [sku] = await stackState(stack).seedStock(5);
    const placed = await new OrdersApi(stack.api).place(
      { customerId: newCustomerId(), currency: 'EUR', lines: [{ sku, quantity: 1, unitPriceMinor: 100 }] },
      { waitSeconds: 20, headers: { traceparent } },
    );
    assert.equal(placed.body.status, 'confirmed');

    // OrderPlaced comes straight from the request; OrderConfirmed only after the command, the worker, the reply
    // and the reply handler each passed the trace on.
    const eventsOfOrder = () =>
      receiver
        .notifications()
        .flatMap((request) => [JSON.parse(request.body) as Record<string, unknown>].flat())
        .filter((event) => event['subject'] === `orders/${placed.body.id}`);
    const events = await pollUntil(
      () => Promise.resolve(eventsOfOrder()),
      (found) => found.length >= 2,
    );
    const traces = new Map(events.map((event) => [String(event['type']), String(event['traceparent'])]));
    assert.match(traces.get(orderEventTypes.placed) ?? '', new RegExp(`^00-${traceId}-`));
    assert.match(traces.get(orderEventTypes.confirmed) ?? '', new RegExp(`^00-${traceId}-`));
  });
});
