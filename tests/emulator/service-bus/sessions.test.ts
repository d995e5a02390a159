import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceBusSessionReceiverOptions } from '@azure/service-bus';
import { startHarness, testRetryOptions } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { eventually } from '../eventually.js';
import { bodies, receiveCount, receiveNothing, receiveOne } from './support/receive.js';

describe('Service Bus sessions', () => {
  const h = useHarness(startHarness);

  // Auto-renewal runs on the SDK's real clock; lock time here is the emulator's manual clock only.
  const manual: ServiceBusSessionReceiverOptions = { maxAutoLockRenewalDurationInMs: 0 };
  const sessionQueue = (properties: { LockDuration?: string } = {}) =>
    h.createQueue({ RequiresSession: true, ...properties });

  it('delivers only the named session messages, in send order, when acceptSession is used', async () => {
    const queue = sessionQueue();
    await h.client.createSender(queue).sendMessages([
      { body: 'a1', sessionId: 'A' },
      { body: 'b1', sessionId: 'B' },
      { body: 'a2', sessionId: 'A' },
      { body: 'b2', sessionId: 'B' },
      { body: 'a3', sessionId: 'A' },
    ]);

    const receiver = await h.client.acceptSession(queue, 'A', manual);
    const received = await receiveCount(receiver, 3);

    assert.equal(receiver.sessionId, 'A');
    assert.deepEqual(bodies(received), ['a1', 'a2', 'a3']);
    assert.ok(received.every((m) => m.sessionId === 'A'));
    assert.deepEqual(await receiveNothing(receiver), [], 'no message of session B');
  });

  it('keeps FIFO order within a session across abandons', async () => {
    const queue = sessionQueue();
    const sender = h.client.createSender(queue);
    for (let i = 0; i < 5; i += 1) await sender.sendMessages({ body: i, sessionId: 'fifo' });
    const receiver = await h.client.acceptSession(queue, 'fifo', manual);

    const [head] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 5_000 });
    await receiver.abandonMessage(head!);
    const all = await receiveCount(receiver, 5);

    assert.deepEqual(bodies(all), [0, 1, 2, 3, 4]);
    assert.equal(all[0]!.deliveryCount, 1);
  });

  it('locks a session that has messages when acceptNextSession is used', async () => {
    const queue = sessionQueue();
    await h.client.createSender(queue).sendMessages({ body: 'waiting', sessionId: 'next-1' });

    const receiver = await h.client.acceptNextSession(queue, manual);

    assert.equal(receiver.sessionId, 'next-1');
    assert.equal((await receiveOne(receiver)).body, 'waiting');
  });

  it('skips a locked session when acceptNextSession is used by a second receiver', async () => {
    const queue = sessionQueue();
    await h.client.createSender(queue).sendMessages([
      { body: 'x', sessionId: 'S1' },
      { body: 'y', sessionId: 'S2' },
    ]);

    const first = await h.client.acceptNextSession(queue, manual);
    const second = await h.createClient().acceptNextSession(queue, manual);

    assert.deepEqual([first.sessionId, second.sessionId].sort(), ['S1', 'S2']);
  });

  it('fails with ServiceTimeout when acceptNextSession finds no session with messages', async () => {
    const queue = sessionQueue();
    const impatient = h.createClient({
      clientOptions: { retryOptions: { ...testRetryOptions, timeoutInMs: 2_000 } },
    });

    await assert.rejects(impatient.acceptNextSession(queue, manual), { code: 'ServiceTimeout' });
  });

  it('fails with SessionCannotBeLocked when a second receiver accepts a locked session', async () => {
    const queue = sessionQueue();
    await h.client.createSender(queue).sendMessages({ body: 'mine', sessionId: 'held' });
    await h.client.acceptSession(queue, 'held', manual);

    await assert.rejects(h.createClient().acceptSession(queue, 'held', manual), {
      code: 'SessionCannotBeLocked',
    });
  });

  it('lets another receiver accept the session once the first receiver closed', async () => {
    const queue = sessionQueue();
    await h.client.createSender(queue).sendMessages([
      { body: 1, sessionId: 'handover' },
      { body: 2, sessionId: 'handover' },
    ]);
    const first = await h.client.acceptSession(queue, 'handover', manual);
    const one = await receiveOne(first);
    await first.completeMessage(one);
    await first.close();

    const second = await h.createClient().acceptSession(queue, 'handover', manual);

    assert.equal((await receiveOne(second)).body, 2);
  });

  it('accepts a session that has no messages yet when it is named', async () => {
    const queue = sessionQueue();
    const receiver = await h.client.acceptSession(queue, 'empty-so-far', manual);

    const waiting = receiver.receiveMessages(1, { maxWaitTimeInMs: 10_000 });
    await h.client.createSender(queue).sendMessages({ body: 'arrived', sessionId: 'empty-so-far' });

    assert.deepEqual(bodies(await waiting), ['arrived']);
  });

  it('returns the state last set and keeps it across receivers when session state is used', async () => {
    const queue = sessionQueue();
    await h.client.createSender(queue).sendMessages({ body: 'stateful', sessionId: 'st' });
    const first = await h.client.acceptSession(queue, 'st', manual);

    const initial: unknown = await first.getSessionState();
    await first.setSessionState({ step: 2, done: ['a', 'b'] });
    const read: unknown = await first.getSessionState();
    await first.close();
    const second = await h.client.acceptSession(queue, 'st', manual);

    assert.ok(initial === null || initial === undefined, `no state at first, got ${String(initial)}`);
    assert.deepEqual(read, { step: 2, done: ['a', 'b'] });
    assert.deepEqual(await second.getSessionState(), { step: 2, done: ['a', 'b'] });
  });

  it('keeps session state binary when a Buffer is set', async () => {
    const queue = sessionQueue();
    const receiver = await h.client.acceptSession(queue, 'bin', manual);
    const state = Buffer.from([0x00, 0xff, 0x7f, 0x80]);

    await receiver.setSessionState(state);

    assert.deepEqual(await receiver.getSessionState(), state);
  });

  it('locks a session until now plus LockDuration and extends it when renewSessionLock is called', async () => {
    const queue = sessionQueue({ LockDuration: 'PT10S' });
    await h.client.createSender(queue).sendMessages({ body: 'renew', sessionId: 'renew' });
    const receiver = await h.client.acceptSession(queue, 'renew', manual);
    assert.equal(receiver.sessionLockedUntilUtc?.getTime(), h.clock.now() + 10_000);

    h.clock.advance(6_000);
    const renewed = await receiver.renewSessionLock();
    h.clock.advance(6_000); // past the first lock, inside the renewed one

    assert.equal(renewed.getTime(), h.clock.now() - 6_000 + 10_000);
    assert.equal(receiver.sessionLockedUntilUtc?.getTime(), renewed.getTime());
    const message = await receiveOne(receiver);
    await receiver.completeMessage(message);
    await assert.rejects(h.createClient().acceptSession(queue, 'renew', manual), {
      code: 'SessionCannotBeLocked',
    });
  });

  it('closes the session receiver with SessionLockLost and frees the session when the session lock expires', async () => {
    const queue = sessionQueue({ LockDuration: 'PT5S' });
    await h.client.createSender(queue).sendMessages({ body: 'orphan', sessionId: 'expiring' });
    const receiver = await h.client.acceptSession(queue, 'expiring', manual);
    const message = await receiveOne(receiver);

    h.clock.advance(5_001);

    await assert.rejects(receiver.renewSessionLock(), { code: 'SessionLockLost' });
    await assert.rejects(receiver.completeMessage(message), { code: 'SessionLockLost' });
    const next = await h.createClient().acceptSession(queue, 'expiring', manual);
    const again = await receiveOne(next);
    assert.equal(again.body, 'orphan');
    assert.equal(again.deliveryCount, 1);
  });

  it('detaches the session receiver link when the session lock expires', async () => {
    const queue = sessionQueue({ LockDuration: 'PT5S' });
    const receiver = await h.client.acceptSession(queue, 'detached', manual);

    h.clock.advance(5_001);

    await eventually(() => (receiver.isClosed ? true : undefined), { what: 'the session receiver to close' });
    await assert.rejects(receiver.receiveMessages(1, { maxWaitTimeInMs: 200 }), { code: 'SessionLockLost' });
  });

  it('refuses a message without sessionId when it is sent to a session queue', async () => {
    const queue = sessionQueue();
    const sender = h.client.createSender(queue);

    await assert.rejects(sender.sendMessages({ body: 'no session' }), (e: Error) => {
      assert.equal(e.name, 'ServiceBusError');
      assert.match(e.message, /session/i);
      return true;
    });
    await sender.sendMessages({ body: 'with session', sessionId: 'ok' });
    const receiver = await h.client.acceptNextSession(queue, manual);
    assert.equal(receiver.sessionId, 'ok', 'the refused message was not stored under any session');
  });

  it('refuses a receiver without session on a session queue', async () => {
    const queue = sessionQueue();
    await h.client.createSender(queue).sendMessages({ body: 'x', sessionId: 's' });

    await assert.rejects(h.client.createReceiver(queue).receiveMessages(1, { maxWaitTimeInMs: 2_000 }), {
      name: 'ServiceBusError',
    });
  });

  it('peeks only the messages of the accepted session', async () => {
    const queue = sessionQueue();
    await h.client.createSender(queue).sendMessages([
      { body: 'p1', sessionId: 'P' },
      { body: 'q1', sessionId: 'Q' },
      { body: 'p2', sessionId: 'P' },
    ]);
    const receiver = await h.client.acceptSession(queue, 'P', manual);

    assert.deepEqual(bodies(await receiver.peekMessages(10)), ['p1', 'p2']);
  });

  it('returns deferred session messages by sequence number to the session receiver', async () => {
    const queue = sessionQueue();
    await h.client.createSender(queue).sendMessages({ body: 'defer in session', sessionId: 'D' });
    const receiver = await h.client.acceptSession(queue, 'D', manual);
    const message = await receiveOne(receiver);
    await receiver.deferMessage(message);

    const [deferred] = await receiver.receiveDeferredMessages(message.sequenceNumber!);

    assert.equal(deferred?.body, 'defer in session');
    assert.equal(deferred?.sessionId, 'D');
    await receiver.completeMessage(deferred);
  });

  it('delivers session messages from a session subscription', async () => {
    const topic = h.createTopic({
      subscriptions: [{ Name: 'sessions', Properties: { RequiresSession: true } }],
    });
    await h.client.createSender(topic).sendMessages([
      { body: 'one', sessionId: 'T' },
      { body: 'two', sessionId: 'T' },
    ]);

    const receiver = await h.client.acceptSession(topic, 'sessions', 'T', manual);

    assert.deepEqual(bodies(await receiveCount(receiver, 2)), ['one', 'two']);
  });
});
