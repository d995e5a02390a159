import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { receiveNothing, receiveOne } from './support/receive.js';

describe('Service Bus settlement', () => {
  const h = useHarness(startHarness);

  const receiverOf = (queue: string) => h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
  const deadLetterReceiverOf = (queue: string) =>
    h.client.createReceiver(queue, { subQueueType: 'deadLetter', maxAutoLockRenewalDurationInMs: 0 });

  it('redelivers an abandoned message with deliveryCount 1 and the modified properties merged in', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({
      body: 'retry me',
      messageId: 'abandon-1',
      applicationProperties: { origin: 'test', attempt: 0 },
    });
    const receiver = receiverOf(queue);

    const first = await receiveOne(receiver);
    await receiver.abandonMessage(first, { attempt: 1, reason: 'transient' });
    const second = await receiveOne(receiver);

    assert.equal(second.messageId, 'abandon-1');
    assert.equal(second.body, 'retry me');
    assert.equal(second.deliveryCount, 1);
    assert.notEqual(second.lockToken, first.lockToken);
    assert.deepEqual(second.applicationProperties, { origin: 'test', attempt: 1, reason: 'transient' });
    assert.equal(second.sequenceNumber?.toString(), first.sequenceNumber?.toString());
    await receiver.completeMessage(second);
  });

  it('moves a dead-lettered message to $DeadLetterQueue with its reason, description and extra properties', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({
      body: { order: 7 },
      messageId: 'dlq-1',
      subject: 'OrderPlaced',
      applicationProperties: { tenant: 'a' },
    });
    const receiver = receiverOf(queue);

    await receiver.deadLetterMessage(await receiveOne(receiver), {
      deadLetterReason: 'ValidationFailed',
      deadLetterErrorDescription: 'quantity must be positive',
      checkedBy: 'validator',
    });
    const dead = await receiveOne(deadLetterReceiverOf(queue));

    assert.deepEqual(await receiveNothing(receiver), [], 'the message left the queue');
    assert.equal(dead.messageId, 'dlq-1');
    assert.deepEqual(dead.body, { order: 7 });
    assert.equal(dead.subject, 'OrderPlaced');
    assert.equal(dead.deadLetterReason, 'ValidationFailed');
    assert.equal(dead.deadLetterErrorDescription, 'quantity must be positive');
    assert.equal(dead.applicationProperties?.['tenant'], 'a');
    assert.equal(dead.applicationProperties?.['checkedBy'], 'validator');
    assert.equal(dead.applicationProperties?.['DeadLetterReason'], 'ValidationFailed');
    assert.equal(dead.applicationProperties?.['DeadLetterErrorDescription'], 'quantity must be positive');
  });

  it('removes a message from $DeadLetterQueue when it is completed there', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'poison' });
    const receiver = receiverOf(queue);
    await receiver.deadLetterMessage(await receiveOne(receiver), {
      deadLetterReason: 'Poison',
      deadLetterErrorDescription: 'test',
    });
    const dlq = deadLetterReceiverOf(queue);

    await dlq.completeMessage(await receiveOne(dlq));

    assert.deepEqual(await receiveNothing(dlq), []);
    assert.deepEqual(await dlq.peekMessages(10), []);
  });

  it('dead-letters a message without reason when deadLetterMessage has no options', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'plain' });
    const receiver = receiverOf(queue);

    await receiver.deadLetterMessage(await receiveOne(receiver));
    const dead = await receiveOne(deadLetterReceiverOf(queue));

    assert.equal(dead.body, 'plain');
    // The SDK sends DeadLetterReason: null in the disposition; that is no reason, not the text 'null'.
    assert.equal(dead.deadLetterReason ?? undefined, undefined);
    assert.equal(dead.deadLetterErrorDescription ?? undefined, undefined);
  });

  it('keeps a deferred message out of normal receives and returns it by sequence number with deliveryCount 1', async () => {
    const queue = h.createQueue();
    await h.client
      .createSender(queue)
      .sendMessages([{ body: 'deferred', messageId: 'defer-1' }, { body: 'next' }]);
    const receiver = receiverOf(queue);

    const first = await receiveOne(receiver);
    assert.equal(first.body, 'deferred');
    await receiver.deferMessage(first, { deferredBy: 'test' });
    const next = await receiveOne(receiver);
    assert.equal(next.body, 'next', 'the deferred message is skipped');
    await receiver.completeMessage(next);
    assert.deepEqual(await receiveNothing(receiver), []);

    const [deferred] = await receiver.receiveDeferredMessages(first.sequenceNumber!);

    assert.ok(deferred, 'the deferred message is returned');
    assert.equal(deferred.messageId, 'defer-1');
    assert.equal(deferred.body, 'deferred');
    assert.equal(deferred.state, 'deferred');
    assert.equal(deferred.deliveryCount, 1);
    assert.equal(deferred.applicationProperties?.['deferredBy'], 'test');
    assert.ok(deferred.lockToken, 'a deferred message received in peek-lock has a lock');
    await receiver.completeMessage(deferred);
  });

  it('fails with MessageNotFound when a completed deferred message is asked for again', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'once' });
    const receiver = receiverOf(queue);
    const message = await receiveOne(receiver);
    await receiver.deferMessage(message);
    const [deferred] = await receiver.receiveDeferredMessages([message.sequenceNumber!]);
    await receiver.completeMessage(deferred!);

    await assert.rejects(receiver.receiveDeferredMessages([message.sequenceNumber!]), {
      code: 'MessageNotFound',
    });
  });

  it('fails with MessageNotFound when the sequence number belongs to an active message', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'active' });
    const receiver = receiverOf(queue);
    const [peeked] = await receiver.peekMessages(1);

    await assert.rejects(receiver.receiveDeferredMessages(peeked!.sequenceNumber!), {
      code: 'MessageNotFound',
    });
  });

  it('dead-letters a deferred message through $management', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'defer then dead-letter' });
    const receiver = receiverOf(queue);
    const message = await receiveOne(receiver);
    await receiver.deferMessage(message);
    const [deferred] = await receiver.receiveDeferredMessages(message.sequenceNumber!);

    await receiver.deadLetterMessage(deferred!, {
      deadLetterReason: 'GaveUp',
      deadLetterErrorDescription: 'after defer',
    });
    const dead = await receiveOne(deadLetterReceiverOf(queue));

    assert.equal(dead.body, 'defer then dead-letter');
    assert.equal(dead.deadLetterReason, 'GaveUp');
    assert.equal(dead.deadLetterErrorDescription, 'after defer');
  });

  it('returns a deferred message to the deferred set when it is abandoned', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'stay deferred' });
    const receiver = receiverOf(queue);
    const message = await receiveOne(receiver);
    await receiver.deferMessage(message);
    const [deferred] = await receiver.receiveDeferredMessages(message.sequenceNumber!);

    await receiver.abandonMessage(deferred!);

    assert.deepEqual(await receiveNothing(receiver), []);
    const [again] = await receiver.receiveDeferredMessages(message.sequenceNumber!);
    assert.equal(again?.body, 'stay deferred');
    assert.equal(again?.deliveryCount, 2);
    await receiver.completeMessage(again);
  });

  it('removes a deferred message when it is received in receiveAndDelete mode', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'defer and delete' });
    const receiver = receiverOf(queue);
    const message = await receiveOne(receiver);
    await receiver.deferMessage(message);
    const deleter = h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });

    const [deferred] = await deleter.receiveDeferredMessages(message.sequenceNumber!);

    assert.equal(deferred?.body, 'defer and delete');
    await assert.rejects(deleter.receiveDeferredMessages(message.sequenceNumber!), {
      code: 'MessageNotFound',
    });
  });

  it('completes a message through $management when its receiving link has been closed', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'settle after close' });
    const receiver = receiverOf(queue);
    const message = await receiveOne(receiver);
    await receiver.close();

    await h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 }).completeMessage(message);

    assert.deepEqual(await h.client.createReceiver(queue).peekMessages(10), []);
  });
});
