import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness, uniqueName } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { receiveOne } from './support/receive.js';

describe('Service Bus errors the SDK recognises', () => {
  const h = useHarness(startHarness);

  it('fails with MessagingEntityNotFound when sending to a queue that does not exist', async () => {
    await assert.rejects(h.client.createSender(uniqueName('missing')).sendMessages({ body: 'x' }), {
      code: 'MessagingEntityNotFound',
    });
  });

  it('fails with MessagingEntityNotFound when receiving from a queue that does not exist', async () => {
    await assert.rejects(
      h.client.createReceiver(uniqueName('missing')).receiveMessages(1, { maxWaitTimeInMs: 2_000 }),
      { code: 'MessagingEntityNotFound' },
    );
  });

  it('fails with MessagingEntityNotFound when receiving from a subscription that does not exist', async () => {
    const topic = h.createTopic({ subscriptions: [{ Name: 'exists' }] });

    await assert.rejects(
      h.client.createReceiver(topic, 'does-not-exist').receiveMessages(1, { maxWaitTimeInMs: 2_000 }),
      { code: 'MessagingEntityNotFound' },
    );
  });

  it('fails with MessagingEntityNotFound when peeking a queue that does not exist', async () => {
    await assert.rejects(h.client.createReceiver(uniqueName('missing')).peekMessages(1), {
      code: 'MessagingEntityNotFound',
    });
  });

  // The service refuses with an attach (no source) then a not-found detach; the SDK checks the session filter of that
  // attach before it sees the detach, so it may report SessionCannotBeLocked instead. Either way it must fail fast.
  it('fails with MessagingEntityNotFound or SessionCannotBeLocked when accepting a session on a missing queue', async () => {
    await assert.rejects(h.client.acceptSession(uniqueName('missing'), 's'), (e: Error & { code?: string }) =>
      ['MessagingEntityNotFound', 'SessionCannotBeLocked'].includes(e.code ?? ''),
    );
  });

  it('fails with MessagingEntityNotFound when scheduling on a queue that does not exist', async () => {
    await assert.rejects(
      h.client
        .createSender(uniqueName('missing'))
        .scheduleMessages({ body: 'x' }, new Date(h.clock.now() + 1_000)),
      { code: 'MessagingEntityNotFound' },
    );
  });

  it('advertises the 256 KB maximum message size on the sender link', async () => {
    const queue = h.createQueue();

    const batch = await h.client.createSender(queue).createMessageBatch();

    assert.equal(batch.maxSizeInBytes, 262_144);
  });

  it('fails with MessageSizeExceeded when a single message is larger than 256 KB', async () => {
    const queue = h.createQueue();
    const sender = h.client.createSender(queue);

    await assert.rejects(sender.sendMessages({ body: Buffer.alloc(300 * 1024, 0x61) }), {
      code: 'MessageSizeExceeded',
    });

    await sender.sendMessages({ body: 'the link still works' });
    const receiver = h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });
    assert.equal((await receiveOne(receiver)).body, 'the link still works');
  });

  it('accepts a message just under 256 KB', async () => {
    const queue = h.createQueue();
    const body = Buffer.alloc(250 * 1024, 0x62);

    await h.client.createSender(queue).sendMessages({ body });

    assert.deepEqual(
      (await receiveOne(h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }))).body,
      body,
    );
  });

  it('fails with MessageLockLost when a lock token the emulator never issued is renewed', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'real' });
    const receiver = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    const message = await receiveOne(receiver);
    const forged = Object.assign(
      Object.create(Object.getPrototypeOf(message) as object) as typeof message,
      message,
      {
        lockToken: '00000000-0000-4000-8000-000000000000',
      },
    );

    await assert.rejects(receiver.renewMessageLock(forged), { code: 'MessageLockLost' });
    await receiver.completeMessage(message);
  });
});
