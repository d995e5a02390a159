import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { bodies, receiveCount, receiveNothing } from './support/receive.js';

describe('Service Bus duplicate detection', () => {
  const h = useHarness(startHarness);

  const drain = async (queue: string, expected: number) => {
    const receiver = h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });
    const received = await receiveCount(receiver, expected);
    const extra = await receiveNothing(receiver);
    return bodies([...received, ...extra]);
  };

  it('accepts and silently drops a second message with the same MessageId inside the window', async () => {
    const queue = h.createQueue({
      RequiresDuplicateDetection: true,
      DuplicateDetectionHistoryTimeWindow: 'PT10M',
    });
    const sender = h.client.createSender(queue);

    await sender.sendMessages({ body: 'first', messageId: 'dup-1' });
    await sender.sendMessages({ body: 'second', messageId: 'dup-1' });

    assert.deepEqual(await drain(queue, 1), ['first']);
  });

  it('keeps messages with different MessageIds', async () => {
    const queue = h.createQueue({ RequiresDuplicateDetection: true });
    const sender = h.client.createSender(queue);

    await sender.sendMessages({ body: 'a', messageId: 'id-a' });
    await sender.sendMessages({ body: 'b', messageId: 'id-b' });

    assert.deepEqual(await drain(queue, 2), ['a', 'b']);
  });

  it('drops a duplicate sent after the original was already completed', async () => {
    const queue = h.createQueue({ RequiresDuplicateDetection: true });
    const sender = h.client.createSender(queue);
    await sender.sendMessages({ body: 'original', messageId: 'dup-completed' });
    assert.deepEqual(await drain(queue, 1), ['original']);

    await sender.sendMessages({ body: 'retry of original', messageId: 'dup-completed' });

    assert.deepEqual(await drain(queue, 0), []);
  });

  it('accepts the same MessageId again once the window has passed', async () => {
    const queue = h.createQueue({
      RequiresDuplicateDetection: true,
      DuplicateDetectionHistoryTimeWindow: 'PT1M',
    });
    const sender = h.client.createSender(queue);
    await sender.sendMessages({ body: 'first', messageId: 'dup-window' });

    h.clock.advance(59_000);
    await sender.sendMessages({ body: 'inside the window', messageId: 'dup-window' });
    h.clock.advance(1_001);
    await sender.sendMessages({ body: 'after the window', messageId: 'dup-window' });

    assert.deepEqual(await drain(queue, 2), ['first', 'after the window']);
  });

  it('applies the default 10 minute window when the queue sets none', async () => {
    const queue = h.createQueue({ RequiresDuplicateDetection: true });
    const sender = h.client.createSender(queue);
    await sender.sendMessages({ body: 'first', messageId: 'dup-default' });

    h.clock.advance(10 * 60_000 - 1_000);
    await sender.sendMessages({ body: 'inside the window', messageId: 'dup-default' });
    h.clock.advance(2_000);
    await sender.sendMessages({ body: 'after the window', messageId: 'dup-default' });

    assert.deepEqual(await drain(queue, 2), ['first', 'after the window']);
  });

  it('drops duplicates inside one batch and against earlier sends', async () => {
    const queue = h.createQueue({ RequiresDuplicateDetection: true });
    const sender = h.client.createSender(queue);
    await sender.sendMessages({ body: 'earlier', messageId: 'x' });

    await sender.sendMessages([
      { body: 'x again', messageId: 'x' },
      { body: 'y', messageId: 'y' },
      { body: 'y again', messageId: 'y' },
      { body: 'z', messageId: 'z' },
    ]);

    assert.deepEqual(await drain(queue, 3), ['earlier', 'y', 'z']);
  });

  it('keeps every copy when RequiresDuplicateDetection is off', async () => {
    const queue = h.createQueue();
    const sender = h.client.createSender(queue);

    await sender.sendMessages({ body: 1, messageId: 'same' });
    await sender.sendMessages({ body: 2, messageId: 'same' });

    assert.deepEqual(await drain(queue, 2), [1, 2]);
  });

  it('drops a duplicate sent to a topic before it reaches any subscription', async () => {
    const topic = h.createTopic({
      properties: { RequiresDuplicateDetection: true },
      subscriptions: [{ Name: 'all' }],
    });
    const sender = h.client.createSender(topic);

    await sender.sendMessages({ body: 'once', messageId: 'topic-dup' });
    await sender.sendMessages({ body: 'twice', messageId: 'topic-dup' });

    const receiver = h.client.createReceiver(topic, 'all', { receiveMode: 'receiveAndDelete' });
    const received = await receiveCount(receiver, 1);
    assert.deepEqual(bodies([...received, ...(await receiveNothing(receiver))]), ['once']);
  });
});
