import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { bodies, receiveCount, receiveNothing, receiveOne } from './support/receive.js';

describe('Service Bus scheduled messages', () => {
  const h = useHarness(startHarness);

  // Schedules are absolute times on the emulator's clock, which the tests move by hand.
  const inMs = (ms: number) => new Date(h.clock.now() + ms);
  const deleterOf = (queue: string) => h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });

  it('holds a scheduled message until its enqueue time and then delivers it with that time', async () => {
    const queue = h.createQueue();
    const at = inMs(60_000);
    const [sequenceNumber] = await h.client
      .createSender(queue)
      .scheduleMessages({ body: 'later', messageId: 'sched-1' }, at);
    const receiver = deleterOf(queue);

    assert.deepEqual(await receiveNothing(receiver), [], 'not visible before its time');
    h.clock.advance(59_999);
    assert.deepEqual(await receiveNothing(receiver), [], 'not visible 1 ms before its time');
    h.clock.advance(1);
    const message = await receiveOne(receiver);

    assert.equal(message.messageId, 'sched-1');
    assert.equal(message.body, 'later');
    assert.equal(message.scheduledEnqueueTimeUtc?.getTime(), at.getTime());
    assert.equal(message.sequenceNumber?.toString(), sequenceNumber?.toString());
    assert.equal(message.state, 'active');
  });

  it('returns one sequence number per message when several are scheduled at once', async () => {
    const queue = h.createQueue();
    const at = inMs(30_000);

    const sequenceNumbers = await h.client
      .createSender(queue)
      .scheduleMessages([{ body: 1 }, { body: 2 }, { body: 3 }], at);
    h.clock.advance(30_000);

    assert.equal(sequenceNumbers.length, 3);
    assert.equal(new Set(sequenceNumbers.map(String)).size, 3);
    assert.deepEqual(bodies(await receiveCount(deleterOf(queue), 3)), [1, 2, 3]);
  });

  it('shows a scheduled message to peek with state scheduled', async () => {
    const queue = h.createQueue();
    const [sequenceNumber] = await h.client
      .createSender(queue)
      .scheduleMessages({ body: 'peek me' }, inMs(60_000));

    const [peeked] = await h.client.createReceiver(queue).peekMessages(10);

    assert.equal(peeked?.body, 'peek me');
    assert.equal(peeked?.state, 'scheduled');
    assert.equal(peeked?.sequenceNumber?.toString(), sequenceNumber?.toString());
  });

  it('never delivers a message whose schedule was cancelled', async () => {
    const queue = h.createQueue();
    const sender = h.client.createSender(queue);
    const [cancelled] = await sender.scheduleMessages({ body: 'cancelled' }, inMs(60_000));
    await sender.scheduleMessages({ body: 'kept' }, inMs(60_000));

    await sender.cancelScheduledMessages(cancelled!);
    h.clock.advance(60_000);

    const receiver = deleterOf(queue);
    const received = await receiveCount(receiver, 1);
    assert.deepEqual(bodies([...received, ...(await receiveNothing(receiver))]), ['kept']);
  });

  it('cancels several scheduled messages in one call', async () => {
    const queue = h.createQueue();
    const sender = h.client.createSender(queue);
    const sequenceNumbers = await sender.scheduleMessages([{ body: 'a' }, { body: 'b' }], inMs(10_000));

    await sender.cancelScheduledMessages(sequenceNumbers);
    h.clock.advance(10_000);

    assert.deepEqual(await receiveNothing(deleterOf(queue)), []);
    assert.deepEqual(await h.client.createReceiver(queue).peekMessages(10), []);
  });

  it('holds a message sent with scheduledEnqueueTimeUtc until that time', async () => {
    const queue = h.createQueue();
    const at = inMs(45_000);
    await h.client.createSender(queue).sendMessages({ body: 'via link', scheduledEnqueueTimeUtc: at });
    const receiver = deleterOf(queue);

    assert.deepEqual(await receiveNothing(receiver), []);
    h.clock.advance(45_000);
    const message = await receiveOne(receiver);

    assert.equal(message.body, 'via link');
    assert.equal(message.scheduledEnqueueTimeUtc?.getTime(), at.getTime());
  });

  it('delivers at once a message scheduled in the past', async () => {
    const queue = h.createQueue();

    await h.client.createSender(queue).scheduleMessages({ body: 'overdue' }, inMs(-60_000));

    assert.equal((await receiveOne(deleterOf(queue))).body, 'overdue');
  });

  it('delivers scheduled messages in enqueue-time order', async () => {
    const queue = h.createQueue();
    const sender = h.client.createSender(queue);
    await sender.scheduleMessages({ body: 'third' }, inMs(30_000));
    await sender.scheduleMessages({ body: 'first' }, inMs(10_000));
    await sender.scheduleMessages({ body: 'second' }, inMs(20_000));

    h.clock.advance(10_000);
    const receiver = deleterOf(queue);
    const first = await receiveOne(receiver);
    h.clock.advance(10_000);
    const second = await receiveOne(receiver);
    h.clock.advance(10_000);
    const third = await receiveOne(receiver);

    assert.deepEqual(bodies([first, second, third]), ['first', 'second', 'third']);
  });
});
