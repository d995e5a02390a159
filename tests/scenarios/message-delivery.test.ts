import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { odata } from '@azure/data-tables';
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { orderEventTypes, stockMessageTypes } from '../../shared/application/contracts/message-types.js';
import { messageIds } from '../../shared/application/messaging/message-ids.js';
import { orderIntegrationEvent } from '../../shared/application/outbox/order-integration-event.js';
import { sdkCloudEventOf } from '../../shared/adapters/event-grid-event-publisher.js';
import { defaultEntityNames } from '../../shared/config/load-config.js';
import type { ConfirmedOrder } from '../../shared/domain/order.js';
import { startLocalStack, type LocalStack } from './support/local-stack.js';
import { OrdersApi } from './support/orders-api.js';
import { outcomeOf } from './support/outcomes.js';
import { pollUntil } from './support/poll.js';
import { newCustomerId, stackState } from './support/stack-state.js';

// At-least-once delivery, on every path: a command delivered twice, a command that can never succeed, an event
// pushed twice. Each must change the system exactly as much as one good delivery would.

describe('deliveries through the local stack', () => {
  let stack: LocalStack;
  let api: OrdersApi;
  let state: ReturnType<typeof stackState>;
  let serviceBus: ServiceBusClient;

  before(async () => {
    stack = await startLocalStack();
    api = new OrdersApi(stack.api);
    state = stackState(stack);
    serviceBus = new ServiceBusClient(stack.emulator.connectionString);
  });
  after(async () => {
    await serviceBus.close();
    await stack.close();
  });

  async function confirmedOrder(quantity: number) {
    const [sku] = await state.seedStock(10);
    const customerId = newCustomerId();
    const placed = await api.place(
      { customerId, currency: 'EUR', lines: [{ sku, quantity, unitPriceMinor: 500 }] },
      { waitSeconds: 20 },
    );
    assert.equal(placed.body.status, 'confirmed');
    return { sku: sku ?? '', customerId, orderId: placed.body.id };
  }

  it('reserves stock once when a ReserveStock command is delivered a second time', async () => {
    const { sku, orderId } = await confirmedOrder(3);
    assert.equal(await state.available(sku), 7);

    // The same command again, as a redelivery after a lost lock or a resend past the duplicate-detection window
    // brings it: same body and reply address; a MessageId the broker has not seen, so it is not dropped on arrival.
    const redeliveredId = `${messageIds.reserveStock(orderId)}:redelivered`;
    await serviceBus.createSender(defaultEntityNames.stockCommandsQueue).sendMessages({
      body: { orderId, lines: [{ sku, quantity: 3 }] },
      messageId: redeliveredId,
      subject: stockMessageTypes.reserveStock,
      contentType: 'application/json',
      replyTo: defaultEntityNames.stockRepliesQueue,
      replyToSessionId: orderId,
    });

    assert.match(
      await outcomeOf(stack.logs, 'handleStockCommand', `message ${redeliveredId}`),
      /^Outcome: answered_again /,
    );
    assert.equal(await state.available(sku), 7);
    assert.equal((await api.get(orderId)).body.status, 'confirmed');
  });

  it('parks a command that can never succeed on the invalid-messages queue, with its reason, at its first delivery', async () => {
    const poisonId = `poison-${newCustomerId()}`;
    await serviceBus.createSender(defaultEntityNames.stockCommandsQueue).sendMessages({
      body: '{"orderId": 42, "lines": "all of them"',
      messageId: poisonId,
      subject: stockMessageTypes.reserveStock,
      replyTo: defaultEntityNames.stockRepliesQueue,
      replyToSessionId: 'order-x',
    });

    assert.match(
      await outcomeOf(stack.logs, 'handleStockCommand', `message ${poisonId}`),
      /^Parked as invalid \(malformed_message\)/,
    );
    const [parked] = await receiveParked(poisonId);
    assert.equal(parked?.applicationProperties?.['DeadLetterReason'], 'malformed_message');
    assert.equal(parked?.applicationProperties?.['DeadLetterSource'], defaultEntityNames.stockCommandsQueue);
    assert.equal(parked?.applicationProperties?.['OriginalReplyToSessionId'], 'order-x');
    assert.equal(parked?.body, '{"orderId": 42, "lines": "all of them"');
    const deadLettered = await serviceBus
      .createReceiver(defaultEntityNames.stockCommandsQueue, { subQueueType: 'deadLetter' })
      .peekMessages(10);
    assert.deepEqual(
      deadLettered.filter((message) => message.messageId === poisonId),
      [],
      'parked, not left to exhaust its deliveries',
    );
  });

  it('changes nothing when a domain event is pushed again', async () => {
    const { customerId, orderId } = await confirmedOrder(1);
    const entry = await pollUntil(
      () => state.history.get({ customerId, orderId }),
      (found) => found?.status === 'confirmed',
    );
    assert.equal(entry?.status, 'confirmed');
    const eventId = entry?.lastEventId ?? '';
    await outcomeOf(stack.logs, 'notifyCustomer', `event ${eventId}`);

    // The very event Event Grid delivered, pushed again: same id, same order version.
    const order = (await state.orders.get(orderId)) as ConfirmedOrder;
    const event = orderIntegrationEvent({ type: 'OrderConfirmed', order }, { id: eventId });
    const publisher = new EventGridPublisherClient(
      stack.settings['EventGridConnection__topicEndpointUri'] ?? '',
      'CloudEvent',
      new AzureKeyCredential('local-emulator-key'),
      { allowInsecureConnection: true },
    );
    await publisher.send([sdkCloudEventOf(event)]);

    assert.match(
      await outcomeOf(stack.logs, 'projectOrderHistory', `event ${eventId}`, (line) =>
        line.includes('unchanged'),
      ),
      /^Outcome: unchanged /,
    );
    assert.match(
      await outcomeOf(stack.logs, 'notifyCustomer', `event ${eventId}`, (line) =>
        line.includes('already_sent'),
      ),
      /^Outcome: already_sent /,
    );
    assert.deepEqual(await state.history.get({ customerId, orderId }), entry);
    let confirmations = 0;
    const filter = odata`PartitionKey eq ${customerId}`;
    for await (const row of state.notifications.listEntities<{ Subject: string }>({
      queryOptions: { filter },
    })) {
      if (row.Subject.endsWith('is confirmed')) confirmations += 1;
    }
    assert.equal(confirmations, 1);
  });

  it('parks a reply it cannot read, from its session queue, and leaves the order as it was', async () => {
    const replyId = `bad-reply-${newCustomerId()}`;
    await serviceBus.createSender(defaultEntityNames.stockRepliesQueue).sendMessages({
      body: { orderId: 'order-y', outcome: 'maybe' },
      messageId: replyId,
      sessionId: 'order-y',
      correlationId: messageIds.reserveStock('order-y'),
      subject: stockMessageTypes.reserveStockResult,
    });
    assert.match(
      await outcomeOf(stack.logs, 'applyStockReply', `message ${replyId}`),
      /^Parked as invalid \(malformed_message\)/,
    );
    const [parked] = await receiveParked(replyId);
    assert.equal(parked?.applicationProperties?.['DeadLetterSource'], defaultEntityNames.stockRepliesQueue);
    assert.equal(parked?.applicationProperties?.['OriginalSessionId'], 'order-y');
  });

  it('parks an order event whose data breaks its contract, once for each subscriber', async () => {
    const eventId = `bad-event-${newCustomerId()}`;
    const publisher = new EventGridPublisherClient(
      stack.settings['EventGridConnection__topicEndpointUri'] ?? '',
      'CloudEvent',
      new AzureKeyCredential('local-emulator-key'),
      { allowInsecureConnection: true },
    );
    await publisher.send([
      {
        id: eventId,
        source: '/orders',
        type: orderEventTypes.confirmed,
        subject: 'orders/order-z',
        data: { orderId: 'order-z', orderVersion: 'two' },
      },
    ]);
    for (const subscriber of ['projectOrderHistory', 'notifyCustomer']) {
      assert.match(
        await outcomeOf(stack.logs, subscriber, `event ${eventId}`),
        /^Parked as invalid \(malformed_message\)/,
      );
    }
    const sources = (await receiveParked(eventId, 2)).map(
      (message) => message.applicationProperties?.['DeadLetterSource'],
    );
    assert.deepEqual(sources.sort(), ['event-grid/notifyCustomer', 'event-grid/projectOrderHistory']);
  });

  /** Takes parked messages off the queue until `count` of them came from the message or event with this id. */
  async function receiveParked(originalMessageId: string, count = 1): Promise<ServiceBusReceivedMessage[]> {
    const receiver = serviceBus.createReceiver(defaultEntityNames.invalidMessagesQueue, {
      receiveMode: 'receiveAndDelete',
    });
    const found: ServiceBusReceivedMessage[] = [];
    try {
      const deadline = Date.now() + 10_000;
      while (found.length < count && Date.now() < deadline) {
        const received = await receiver.receiveMessages(10, { maxWaitTimeInMs: 500 });
        found.push(
          ...received.filter(
            (message) => message.applicationProperties?.['OriginalMessageId'] === originalMessageId,
          ),
        );
      }
      return found;
    } finally {
      await receiver.close();
    }
  }
});
