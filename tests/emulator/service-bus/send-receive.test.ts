import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { bodies, receiveCount, receiveNothing, receiveOne } from './support/receive.js';

describe('Service Bus send and receive', () => {
  const h = useHarness(startHarness);

  it('delivers a single message with its sequence number, enqueued time and a 60 s lock when sent to a queue', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'hello', messageId: 'single-1' });

    const receiver = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    const message = await receiveOne(receiver);

    assert.equal(message.body, 'hello');
    assert.equal(message.messageId, 'single-1');
    assert.equal(message.deliveryCount, 0);
    assert.equal(message.state, 'active');
    assert.ok(message.sequenceNumber !== undefined, 'sequenceNumber is set');
    assert.ok(message.lockToken, 'lockToken is set');
    assert.equal(message.enqueuedTimeUtc?.getTime(), h.clock.now());
    assert.equal(message.lockedUntilUtc?.getTime(), h.clock.now() + 60_000);
    await receiver.completeMessage(message);
  });

  it('delivers every message in send order when an array is sent as one batch', async () => {
    const queue = h.createQueue();
    const sent = Array.from({ length: 10 }, (_, i) => ({ body: `array-${i}` }));
    await h.client.createSender(queue).sendMessages(sent);

    const received = await receiveCount(
      h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }),
      10,
    );

    assert.deepEqual(
      bodies(received),
      sent.map((m) => m.body),
    );
  });

  it('delivers every message in order when a ServiceBusMessageBatch is sent', async () => {
    const queue = h.createQueue();
    const sender = h.client.createSender(queue);
    const batch = await sender.createMessageBatch();
    for (let i = 0; i < 25; i += 1) {
      assert.equal(batch.tryAddMessage({ body: { index: i }, messageId: `batch-${i}` }), true);
    }
    await sender.sendMessages(batch);

    const received = await receiveCount(
      h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }),
      25,
    );

    assert.deepEqual(
      received.map((m) => m.messageId),
      Array.from({ length: 25 }, (_, i) => `batch-${i}`),
    );
    assert.deepEqual(
      received.map((m): unknown => m.body),
      Array.from({ length: 25 }, (_, i) => ({ index: i })),
    );
  });

  it('assigns strictly increasing sequence numbers across single and batch sends', async () => {
    const queue = h.createQueue();
    const sender = h.client.createSender(queue);
    await sender.sendMessages({ body: 0 });
    await sender.sendMessages([{ body: 1 }, { body: 2 }, { body: 3 }]);
    await sender.sendMessages({ body: 4 });

    const received = await receiveCount(
      h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }),
      5,
    );

    assert.deepEqual(bodies(received), [0, 1, 2, 3, 4]);
    const sequence = received.map((m) => m.sequenceNumber?.toNumber() ?? Number.NaN);
    for (let i = 1; i < sequence.length; i += 1) {
      assert.ok(sequence[i]! > sequence[i - 1]!, `sequence numbers increase: ${sequence.join(', ')}`);
    }
  });

  it('removes a message when it is completed', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'complete me' });
    const receiver = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });

    await receiver.completeMessage(await receiveOne(receiver));

    assert.deepEqual(await receiveNothing(receiver), []);
    assert.deepEqual(await receiver.peekMessages(10), []);
  });

  it('hides a locked message from a second receiver when the first holds its lock', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'only once' });
    const first = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    const second = h.createClient().createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });

    const message = await receiveOne(first);

    assert.deepEqual(await receiveNothing(second), []);
    await first.completeMessage(message);
  });

  it('delivers no more messages than requested when more are available', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages(Array.from({ length: 5 }, (_, i) => ({ body: i })));
    const first = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    const second = h.createClient().createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });

    const two = await first.receiveMessages(2, { maxWaitTimeInMs: 2_000 });
    const rest = await receiveCount(second, 3);

    assert.equal(two.length, 2);
    assert.deepEqual(bodies([...two, ...rest]).sort(), [0, 1, 2, 3, 4]);
    assert.deepEqual(await receiveNothing(second), [], 'no message was locked beyond the credit given');
  });

  it('removes the message on delivery and gives no lock token when receiving in receiveAndDelete mode', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'gone on delivery' });
    const receiver = h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });

    const message = await receiveOne(receiver);

    assert.equal(message.body, 'gone on delivery');
    assert.equal(message.lockToken, undefined);
    assert.equal(message.deliveryCount, 0);
    const other = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    assert.deepEqual(await receiveNothing(other), []);
    assert.deepEqual(await other.peekMessages(10), []);
  });

  it('delivers messages sent while a receiver is already waiting', async () => {
    const queue = h.createQueue();
    const receiver = h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });

    const waiting = receiver.receiveMessages(1, { maxWaitTimeInMs: 10_000 });
    await h.client.createSender(queue).sendMessages({ body: 'late' });

    assert.deepEqual(bodies(await waiting), ['late']);
  });

  it('keeps the messages of one queue away from another queue', async () => {
    const a = h.createQueue();
    const b = h.createQueue();
    await h.client.createSender(a).sendMessages({ body: 'for a' });

    assert.deepEqual(
      await receiveNothing(h.client.createReceiver(b, { receiveMode: 'receiveAndDelete' })),
      [],
    );
    assert.deepEqual(
      bodies(await receiveCount(h.client.createReceiver(a, { receiveMode: 'receiveAndDelete' }), 1)),
      ['for a'],
    );
  });
});
