import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { receiveNothing, receiveOne } from './support/receive.js';

describe('Service Bus message time to live', () => {
  const h = useHarness(startHarness);

  const receiverOf = (queue: string) => h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
  const deadLetterReceiverOf = (queue: string) =>
    h.client.createReceiver(queue, { subQueueType: 'deadLetter', maxAutoLockRenewalDurationInMs: 0 });

  it('dead-letters an expired message with reason TTLExpiredException when DeadLetteringOnMessageExpiration is set', async () => {
    const queue = h.createQueue({ DeadLetteringOnMessageExpiration: true });
    await h.client
      .createSender(queue)
      .sendMessages({ body: 'short-lived', messageId: 'ttl-1', timeToLive: 10_000 });

    h.clock.advance(10_001);

    assert.deepEqual(await receiveNothing(receiverOf(queue)), []);
    const dead = await receiveOne(deadLetterReceiverOf(queue));
    assert.equal(dead.messageId, 'ttl-1');
    assert.equal(dead.body, 'short-lived');
    assert.equal(dead.deadLetterReason, 'TTLExpiredException');
  });

  it('drops an expired message when DeadLetteringOnMessageExpiration is not set', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'vanishes', timeToLive: 10_000 });

    h.clock.advance(10_001);

    assert.deepEqual(await receiveNothing(receiverOf(queue)), []);
    assert.deepEqual(await receiveNothing(deadLetterReceiverOf(queue)), []);
    assert.deepEqual(await receiverOf(queue).peekMessages(10), []);
  });

  it('delivers a message whose time to live has not yet elapsed', async () => {
    const queue = h.createQueue({ DeadLetteringOnMessageExpiration: true });
    await h.client.createSender(queue).sendMessages({ body: 'just in time', timeToLive: 10_000 });

    h.clock.advance(9_999);
    const message = await receiveOne(receiverOf(queue));

    assert.equal(message.body, 'just in time');
    assert.equal(message.timeToLive, 10_000);
    assert.equal(message.expiresAtUtc?.getTime(), (message.enqueuedTimeUtc?.getTime() ?? 0) + 10_000);
  });

  it('applies the entity DefaultMessageTimeToLive when the message sets none', async () => {
    const queue = h.createQueue({
      DefaultMessageTimeToLive: 'PT30S',
      DeadLetteringOnMessageExpiration: true,
    });
    const sender = h.client.createSender(queue);
    const receiver = receiverOf(queue);
    await sender.sendMessages({ body: 'default ttl, read early' });
    const early = await receiveOne(receiver);
    assert.equal(early.timeToLive, 30_000);
    assert.equal(early.expiresAtUtc?.getTime(), (early.enqueuedTimeUtc?.getTime() ?? 0) + 30_000);
    await receiver.completeMessage(early);

    await sender.sendMessages({ body: 'default ttl, read late' });
    h.clock.advance(30_001);

    assert.deepEqual(await receiveNothing(receiver), []);
    const dead = await receiveOne(deadLetterReceiverOf(queue));
    assert.equal(dead.body, 'default ttl, read late');
    assert.equal(dead.deadLetterReason, 'TTLExpiredException');
  });

  it('applies the entity default when it is shorter than the message time to live', async () => {
    const queue = h.createQueue({
      DefaultMessageTimeToLive: 'PT30S',
      DeadLetteringOnMessageExpiration: true,
    });
    await h.client.createSender(queue).sendMessages({ body: 'asks for an hour', timeToLive: 3_600_000 });

    h.clock.advance(30_001);

    assert.deepEqual(await receiveNothing(receiverOf(queue)), []);
    assert.equal((await receiveOne(deadLetterReceiverOf(queue))).deadLetterReason, 'TTLExpiredException');
  });

  it("caps a topic message's copy by its subscription's DefaultMessageTimeToLive, and dead-letters it on expiry", async () => {
    const topic = h.createTopic({
      subscriptions: [
        {
          Name: 'short',
          Properties: { DefaultMessageTimeToLive: 'PT10S', DeadLetteringOnMessageExpiration: true },
        },
        { Name: 'long' },
      ],
    });
    await h.client.createSender(topic).sendMessages({ body: 'for both' });
    h.clock.advance(11_000);

    const short = h.client.createReceiver(topic, 'short', { maxAutoLockRenewalDurationInMs: 0 });
    assert.deepEqual(await receiveNothing(short), []);
    const expired = await receiveOne(
      h.client.createReceiver(topic, 'short', {
        subQueueType: 'deadLetter',
        maxAutoLockRenewalDurationInMs: 0,
      }),
    );
    assert.equal(expired.deadLetterReason, 'TTLExpiredException');
    const kept = await receiveOne(
      h.client.createReceiver(topic, 'long', { maxAutoLockRenewalDurationInMs: 0 }),
    );
    assert.equal(kept.body, 'for both');
  });

  it('expires an abandoned message that waits in the queue past its time to live', async () => {
    const queue = h.createQueue({ DeadLetteringOnMessageExpiration: true });
    await h.client.createSender(queue).sendMessages({ body: 'abandoned then expired', timeToLive: 20_000 });
    const receiver = receiverOf(queue);
    await receiver.abandonMessage(await receiveOne(receiver));

    h.clock.advance(20_001);

    assert.deepEqual(await receiveNothing(receiver), []);
    assert.equal((await receiveOne(deadLetterReceiverOf(queue))).deadLetterReason, 'TTLExpiredException');
  });

  // Azure moves expired messages lazily, when a receiver pulls from the main entity: each test receives there first.
  it('keeps expired messages in $DeadLetterQueue without expiring them again', async () => {
    const queue = h.createQueue({ DeadLetteringOnMessageExpiration: true });
    await h.client.createSender(queue).sendMessages({ body: 'kept in dlq', timeToLive: 1_000 });
    h.clock.advance(1_001);
    assert.deepEqual(await receiveNothing(receiverOf(queue)), []);
    const dlq = deadLetterReceiverOf(queue);
    assert.equal((await dlq.peekMessages(1)).length, 1);

    h.clock.advance(24 * 3_600_000);

    assert.equal((await receiveOne(dlq)).body, 'kept in dlq');
  });
});
