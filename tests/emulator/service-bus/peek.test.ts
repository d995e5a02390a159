import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { bodies, receiveOne } from './support/receive.js';

describe('Service Bus peek (browse)', () => {
  const h = useHarness(startHarness);

  const receiverOf = (queue: string) => h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
  const fill = async (queue: string, count: number) =>
    h.client.createSender(queue).sendMessages(Array.from({ length: count }, (_, i) => ({ body: `m${i}` })));
  const sequenceOf = (messages: ReadonlyArray<{ sequenceNumber?: { toNumber(): number } }>) =>
    messages.map((m) => m.sequenceNumber?.toNumber());

  it('returns messages in sequence order without locking them or counting a delivery', async () => {
    const queue = h.createQueue();
    await fill(queue, 3);
    const receiver = receiverOf(queue);

    const peeked = await receiver.peekMessages(3);
    const received = await receiveOne(receiver);

    assert.deepEqual(bodies(peeked), ['m0', 'm1', 'm2']);
    assert.ok(peeked.every((m) => m.lockToken === undefined && m.state === 'active'));
    assert.equal(received.body, 'm0');
    assert.equal(received.deliveryCount, 0, 'peek did not count as a delivery');
  });

  it('returns at most maxMessageCount messages', async () => {
    const queue = h.createQueue();
    await fill(queue, 5);

    assert.deepEqual(bodies(await receiverOf(queue).peekMessages(2)), ['m0', 'm1']);
  });

  it('continues after the last peeked message when called again on the same receiver', async () => {
    const queue = h.createQueue();
    await fill(queue, 5);
    const receiver = receiverOf(queue);

    const first = await receiver.peekMessages(2);
    const second = await receiver.peekMessages(2);
    const third = await receiver.peekMessages(2);
    const fourth = await receiver.peekMessages(2);

    assert.deepEqual(
      [bodies(first), bodies(second), bodies(third), bodies(fourth)],
      [['m0', 'm1'], ['m2', 'm3'], ['m4'], []],
    );
  });

  it('starts at the given sequence number when fromSequenceNumber is set', async () => {
    const queue = h.createQueue();
    await fill(queue, 5);
    const all = await receiverOf(queue).peekMessages(5);
    const third = all[2]!.sequenceNumber!;

    const fromThird = await receiverOf(queue).peekMessages(10, { fromSequenceNumber: third });

    assert.deepEqual(bodies(fromThird), ['m2', 'm3', 'm4']);
    assert.deepEqual(sequenceOf(fromThird), sequenceOf(all.slice(2)));
  });

  it('returns an empty array when the entity holds no message', async () => {
    const queue = h.createQueue();

    assert.deepEqual(await receiverOf(queue).peekMessages(10), []);
  });

  it('includes locked and deferred messages with their state', async () => {
    const queue = h.createQueue();
    await fill(queue, 3);
    const receiver = receiverOf(queue);
    const locked = await receiveOne(receiver);
    const deferred = await receiveOne(receiver);
    await receiver.deferMessage(deferred);

    const peeked = await h.client.createReceiver(queue).peekMessages(10);

    assert.deepEqual(
      peeked.map((m): unknown[] => [m.body, m.state]),
      [
        ['m0', 'active'],
        ['m1', 'deferred'],
        ['m2', 'active'],
      ],
    );
    await receiver.completeMessage(locked);
  });

  it('skips messages that were completed', async () => {
    const queue = h.createQueue();
    await fill(queue, 3);
    const receiver = receiverOf(queue);
    await receiver.completeMessage(await receiveOne(receiver));

    assert.deepEqual(bodies(await h.client.createReceiver(queue).peekMessages(10)), ['m1', 'm2']);
  });

  it('browses $DeadLetterQueue like any entity', async () => {
    const queue = h.createQueue();
    await fill(queue, 2);
    const receiver = receiverOf(queue);
    await receiver.deadLetterMessage(await receiveOne(receiver), {
      deadLetterReason: 'r0',
      deadLetterErrorDescription: 'test',
    });
    await receiver.deadLetterMessage(await receiveOne(receiver), {
      deadLetterReason: 'r1',
      deadLetterErrorDescription: 'test',
    });

    const peeked = await h.client.createReceiver(queue, { subQueueType: 'deadLetter' }).peekMessages(10);

    assert.deepEqual(
      peeked.map((m): unknown[] => [m.body, m.deadLetterReason]),
      [
        ['m0', 'r0'],
        ['m1', 'r1'],
      ],
    );
  });

  it('returns the same messages from a subscription as were sent to its topic', async () => {
    const topic = h.createTopic({ subscriptions: [{ Name: 'browse' }] });
    await fill(topic, 2);

    assert.deepEqual(bodies(await h.client.createReceiver(topic, 'browse').peekMessages(10)), ['m0', 'm1']);
  });
});
