import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stockMessageTypes } from '../../shared/application/contracts/message-types.js';
import { messageIds } from '../../shared/application/messaging/message-ids.js';
import { ServiceBusCommandSender } from '../../shared/adapters/service-bus-command-sender.js';
import { ServiceBusInvalidMessageSink } from '../../shared/adapters/service-bus-invalid-message-sink.js';
import { ServiceBusReplySender } from '../../shared/adapters/service-bus-reply-sender.js';
import { ServiceBusSenders } from '../../shared/adapters/service-bus/service-bus-senders.js';
import { startHarness, type ServiceBusHarness } from '../emulator/service-bus/support/harness.js';
import { receiveCount, receiveOne } from '../emulator/service-bus/support/receive.js';

const trace = {
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  tracestate: 'vendor=1',
};

describe('Service Bus adapters on the emulator', () => {
  let harness: ServiceBusHarness;
  let senders: ServiceBusSenders;

  before(async () => {
    harness = await startHarness();
    senders = ServiceBusSenders.connect({
      kind: 'connectionString',
      connectionString: harness.emulator.connectionString,
    });
  });
  after(async () => {
    await senders.close();
    await harness.close();
  });

  it('sends ReserveStock with the derived MessageId, its type as Subject, the reply address and the trace', async () => {
    const queue = harness.createQueue({ RequiresDuplicateDetection: true });
    await new ServiceBusCommandSender(senders, { stockCommands: queue }).send({
      type: stockMessageTypes.reserveStock,
      messageId: messageIds.reserveStock('order-1'),
      body: { orderId: 'order-1', lines: [{ sku: 'SKU-1', quantity: 2 }] },
      replyTo: 'stock-replies',
      replyToSessionId: 'order-1',
      trace,
    });
    const message = await receiveOne(
      harness.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }),
    );
    assert.deepEqual(
      {
        body: message.body as unknown,
        messageId: message.messageId,
        subject: message.subject,
        contentType: message.contentType,
        replyTo: message.replyTo,
        replyToSessionId: message.replyToSessionId,
        properties: message.applicationProperties,
      },
      {
        body: { orderId: 'order-1', lines: [{ sku: 'SKU-1', quantity: 2 }] },
        messageId: 'order-1:reserve-stock',
        subject: stockMessageTypes.reserveStock,
        contentType: 'application/json',
        replyTo: 'stock-replies',
        replyToSessionId: 'order-1',
        properties: trace,
      },
    );
  });

  it('lets duplicate detection drop a command sent again after a crash', async () => {
    const queue = harness.createQueue({ RequiresDuplicateDetection: true });
    const sender = new ServiceBusCommandSender(senders, { stockCommands: queue });
    const command = {
      type: stockMessageTypes.releaseStock,
      messageId: messageIds.releaseStock('order-2'),
      body: { orderId: 'order-2' },
    } as const;
    await sender.send(command);
    await sender.send(command);
    const received = await receiveCount(
      harness.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }),
      2,
      {
        timeoutMs: 1_000,
      },
    );
    assert.deepEqual(
      received.map((message) => message.messageId),
      ['order-2:release-stock'],
    );
  });

  it("sends a reply in the command's session, correlated by the command's MessageId", async () => {
    const queue = harness.createQueue({ RequiresSession: true });
    await new ServiceBusReplySender(senders).send({
      type: stockMessageTypes.reserveStockResult,
      messageId: messageIds.reserveStockResult('order-3'),
      to: queue,
      sessionId: 'order-3',
      correlationId: messageIds.reserveStock('order-3'),
      body: { orderId: 'order-3', outcome: 'reserved' },
      trace,
    });
    const receiver = await harness.client.acceptSession(queue, 'order-3', {
      receiveMode: 'receiveAndDelete',
    });
    const message = await receiveOne(receiver);
    await receiver.close();
    assert.equal(message.sessionId, 'order-3');
    assert.equal(message.correlationId, 'order-3:reserve-stock');
    assert.equal(message.subject, stockMessageTypes.reserveStockResult);
    assert.deepEqual(message.body, { orderId: 'order-3', outcome: 'reserved' });
    assert.equal(message.applicationProperties?.['traceparent'], trace.traceparent);
  });

  it('parks an invalid message once, however often, with its reason in the dead-letter properties', async () => {
    const queue = harness.createQueue({ RequiresDuplicateDetection: true });
    const sink = new ServiceBusInvalidMessageSink(senders, queue);
    const invalid = {
      source: 'stock-commands',
      reason: 'unknown_sku',
      description: 'The catalogue has no SKU NOPE-1.',
      body: { orderId: 'order-4', lines: [{ sku: 'NOPE-1', quantity: 1 }] },
      messageId: 'order-4:reserve-stock',
      type: stockMessageTypes.reserveStock,
      replyTo: 'stock-replies',
      replyToSessionId: 'order-4',
      trace,
    } as const;
    await sink.park(invalid);
    await sink.park(invalid);
    const received = await receiveCount(
      harness.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }),
      2,
      {
        timeoutMs: 1_000,
      },
    );
    assert.equal(received.length, 1);
    assert.deepEqual(received[0]?.body, invalid.body);
    assert.deepEqual(received[0]?.applicationProperties, {
      DeadLetterReason: 'unknown_sku',
      DeadLetterErrorDescription: 'The catalogue has no SKU NOPE-1.',
      DeadLetterSource: 'stock-commands',
      OriginalMessageId: 'order-4:reserve-stock',
      OriginalReplyTo: 'stock-replies',
      OriginalReplyToSessionId: 'order-4',
      ...trace,
    });
  });
});
