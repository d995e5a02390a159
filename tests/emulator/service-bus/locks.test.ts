import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import { startHarness, uniqueName } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { receiveNothing, receiveOne } from './support/receive.js';

describe('Service Bus message locks and delivery count', () => {
  const h = useHarness(startHarness);

  // Auto-renewal runs on the SDK's real clock; these tests drive lock time with the emulator's manual clock only.
  const receiverOf = (queue: string) => h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
  const deadLetterReceiverOf = (queue: string) =>
    h.client.createReceiver(queue, { subQueueType: 'deadLetter', maxAutoLockRenewalDurationInMs: 0 });

  it('locks a message until now plus the entity LockDuration when it is received in peek-lock mode', async () => {
    const queue = h.createQueue({ LockDuration: 'PT10S' });
    await h.client.createSender(queue).sendMessages({ body: 'locked' });

    const message = await receiveOne(receiverOf(queue));

    assert.equal(message.lockedUntilUtc?.getTime(), h.clock.now() + 10_000);
  });

  it('refuses a queue whose LockDuration is longer than 5 minutes', () => {
    assert.throws(() =>
      h.emulator.serviceBus.createQueue({ Name: uniqueName('q'), Properties: { LockDuration: 'PT10M' } }),
    );
  });

  it('does not redeliver a message before its lock expires', async () => {
    const queue = h.createQueue({ LockDuration: 'PT10S' });
    await h.client.createSender(queue).sendMessages({ body: 'still locked' });
    const receiver = receiverOf(queue);
    const message = await receiveOne(receiver);

    h.clock.advance(9_999);

    assert.deepEqual(await receiveNothing(receiverOf(queue)), []);
    await receiver.completeMessage(message);
  });

  it('redelivers a message with deliveryCount 1 and a new lock token when its lock expires', async () => {
    const queue = h.createQueue({ LockDuration: 'PT10S' });
    await h.client.createSender(queue).sendMessages({ body: 'expire me', messageId: 'expire-1' });
    const receiver = receiverOf(queue);
    const first = await receiveOne(receiver);

    h.clock.advance(10_001);
    const second = await receiveOne(receiver);

    assert.equal(first.deliveryCount, 0);
    assert.equal(second.messageId, 'expire-1');
    assert.equal(second.deliveryCount, 1);
    assert.notEqual(second.lockToken, first.lockToken);
    assert.equal(second.lockedUntilUtc?.getTime(), h.clock.now() + 10_000);
    await receiver.completeMessage(second);
  });

  it('extends the lock by LockDuration from now when renewMessageLock is called', async () => {
    const queue = h.createQueue({ LockDuration: 'PT10S' });
    await h.client.createSender(queue).sendMessages({ body: 'renew me' });
    const receiver = receiverOf(queue);
    const message = await receiveOne(receiver);

    h.clock.advance(6_000);
    const lockedUntil = await receiver.renewMessageLock(message);

    assert.equal(lockedUntil.getTime(), h.clock.now() + 10_000);
    assert.equal(message.lockedUntilUtc?.getTime(), lockedUntil.getTime());
    h.clock.advance(8_000); // past the first lock (10 s), inside the renewed one (16 s)
    assert.deepEqual(await receiveNothing(receiverOf(queue)), [], 'the renewed message is not redelivered');
    await receiver.completeMessage(message);
    assert.deepEqual(await receiver.peekMessages(10), []);
  });

  const settlements: Array<{
    name: string;
    settle: (r: ServiceBusReceiver, m: ServiceBusReceivedMessage) => Promise<unknown>;
  }> = [
    { name: 'completeMessage', settle: (r, m) => r.completeMessage(m) },
    { name: 'abandonMessage', settle: (r, m) => r.abandonMessage(m) },
    { name: 'deferMessage', settle: (r, m) => r.deferMessage(m) },
    {
      name: 'deadLetterMessage',
      settle: (r, m) =>
        r.deadLetterMessage(m, { deadLetterReason: 'late', deadLetterErrorDescription: 'test' }),
    },
    { name: 'renewMessageLock', settle: (r, m) => r.renewMessageLock(m) },
  ];
  for (const { name, settle } of settlements) {
    it(`fails with MessageLockLost when ${name} is called after the lock expired`, async () => {
      const queue = h.createQueue({ LockDuration: 'PT5S' });
      await h.client.createSender(queue).sendMessages({ body: `late ${name}` });
      const receiver = receiverOf(queue);
      const message = await receiveOne(receiver);

      h.clock.advance(5_001);

      await assert.rejects(settle(receiver, message), { code: 'MessageLockLost' });
      const again = await receiveOne(receiverOf(queue));
      assert.equal(again.body, `late ${name}`, 'the message is still available to others');
      assert.equal(again.deliveryCount, 1);
    });
  }

  it('fails with MessageLockLost when the first delivery is completed after the message was redelivered', async () => {
    const queue = h.createQueue({ LockDuration: 'PT5S' });
    await h.client.createSender(queue).sendMessages({ body: 'two tokens' });
    const receiver = receiverOf(queue);
    const first = await receiveOne(receiver);
    h.clock.advance(5_001);
    const second = await receiveOne(receiver);

    await assert.rejects(receiver.completeMessage(first), { code: 'MessageLockLost' });
    await receiver.completeMessage(second);
    assert.deepEqual(await receiver.peekMessages(10), []);
  });

  it('fails with MessageLockLost when an expired lock is settled through $management after the link closed', async () => {
    const queue = h.createQueue({ LockDuration: 'PT5S' });
    await h.client.createSender(queue).sendMessages({ body: 'settle late via management' });
    const receiver = receiverOf(queue);
    const message = await receiveOne(receiver);
    await receiver.close();

    h.clock.advance(5_001);

    await assert.rejects(receiverOf(queue).completeMessage(message), { code: 'MessageLockLost' });
  });

  it('dead-letters a message with reason MaxDeliveryCountExceeded after MaxDeliveryCount abandons', async () => {
    const queue = h.createQueue({ MaxDeliveryCount: 3 });
    await h.client.createSender(queue).sendMessages({ body: 'poison', messageId: 'poison-1' });
    const receiver = receiverOf(queue);

    const counts: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const message = await receiveOne(receiver);
      counts.push(message.deliveryCount ?? -1);
      await receiver.abandonMessage(message);
    }

    assert.deepEqual(counts, [0, 1, 2]);
    assert.deepEqual(await receiveNothing(receiver), [], 'the message left the queue');
    const dead = await receiveOne(deadLetterReceiverOf(queue));
    assert.equal(dead.messageId, 'poison-1');
    assert.equal(dead.deadLetterReason, 'MaxDeliveryCountExceeded');
  });

  it('dead-letters a message with reason MaxDeliveryCountExceeded after MaxDeliveryCount lock expiries', async () => {
    const queue = h.createQueue({ MaxDeliveryCount: 2, LockDuration: 'PT5S' });
    await h.client.createSender(queue).sendMessages({ body: 'slow consumer' });
    const receiver = receiverOf(queue);

    const first = await receiveOne(receiver);
    h.clock.advance(5_001);
    const second = await receiveOne(receiver);
    h.clock.advance(5_001);

    assert.deepEqual([first.deliveryCount, second.deliveryCount], [0, 1]);
    assert.deepEqual(await receiveNothing(receiver), []);
    const dead = await receiveOne(deadLetterReceiverOf(queue));
    assert.equal(dead.body, 'slow consumer');
    assert.equal(dead.deadLetterReason, 'MaxDeliveryCountExceeded');
  });

  it('applies the default MaxDeliveryCount of 10 when the queue sets none', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'ten tries' });
    const receiver = receiverOf(queue);

    for (let attempt = 0; attempt < 9; attempt += 1)
      await receiver.abandonMessage(await receiveOne(receiver));
    const tenth = await receiveOne(receiver);
    assert.equal(tenth.deliveryCount, 9);
    await receiver.abandonMessage(tenth);

    assert.deepEqual(await receiveNothing(receiver), []);
    const dead = await receiveOne(deadLetterReceiverOf(queue));
    assert.equal(dead.deadLetterReason, 'MaxDeliveryCountExceeded');
  });
});
