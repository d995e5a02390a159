import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { eventually } from '../eventually.js';
import { eventuallyEmpty, receiveOne } from './support/receive.js';

describe('Service Bus streaming receive (subscribe)', () => {
  const h = useHarness(startHarness);

  it('runs at most maxConcurrentCalls handlers at once and completes every message', async () => {
    const queue = h.createQueue();
    const total = 20;
    const concurrency = 4;
    await h.client.createSender(queue).sendMessages(Array.from({ length: total }, (_, i) => ({ body: i })));
    const receiver = h.client.createReceiver(queue);

    let running = 0;
    let maxRunning = 0;
    const processed: number[] = [];
    const firstSequence: Array<ServiceBusReceivedMessage['sequenceNumber']> = [];
    const errors: Error[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const subscription = receiver.subscribe(
      {
        async processMessage(message: ServiceBusReceivedMessage) {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          if (message.body === 0) firstSequence.push(message.sequenceNumber);
          await gate;
          processed.push(message.body as number);
          running -= 1;
        },
        processError({ error }) {
          errors.push(error);
          return Promise.resolve();
        },
      },
      { maxConcurrentCalls: concurrency },
    );

    await eventually(() => (running === concurrency ? true : undefined), {
      what: `${concurrency} handlers running`,
    });
    // Every handler is blocked, so a further one could only start on credit the SDK never gave. A management round
    // trip on the same connection flushes any transfer the emulator had already written before it is counted.
    await h.client.createReceiver(queue).peekMessages(1);
    const heldAtOnce = running;
    release();
    await eventually(() => (processed.length === total ? true : undefined), {
      what: `${total} messages processed`,
      timeoutMs: 15_000,
    });
    await subscription.close();

    assert.equal(heldAtOnce, concurrency);
    assert.equal(maxRunning, concurrency);
    assert.deepEqual(
      [...processed].sort((a, b) => a - b),
      Array.from({ length: total }, (_, i) => i),
    );
    assert.deepEqual(errors, []);
    await eventuallyEmpty(h.client.createReceiver(queue), firstSequence[0]!);
  });

  it('abandons a message whose handler throws, so it comes back with deliveryCount 1', async () => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'fails once' });
    const receiver = h.client.createReceiver(queue);
    const seen: ServiceBusReceivedMessage[] = [];

    const subscription = receiver.subscribe(
      {
        processMessage(message) {
          seen.push(message);
          return seen.length === 1 ? Promise.reject(new Error('handler failure')) : Promise.resolve();
        },
        async processError() {},
      },
      { maxConcurrentCalls: 1 },
    );
    await eventually(() => (seen.length >= 2 ? true : undefined), { what: 'the redelivery' });
    await subscription.close();

    assert.deepEqual(
      seen.slice(0, 2).map((m) => m.deliveryCount),
      [0, 1],
    );
    await eventuallyEmpty(h.client.createReceiver(queue), seen[0]!.sequenceNumber!);
  });

  it('leaves settlement to the handler when autoCompleteMessages is false', async () => {
    const queue = h.createQueue({ LockDuration: 'PT5S' });
    await h.client.createSender(queue).sendMessages({ body: 'manual' });
    const receiver = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    const got: ServiceBusReceivedMessage[] = [];

    const subscription = receiver.subscribe(
      {
        processMessage(message) {
          got.push(message);
          return Promise.resolve();
        },
        async processError() {},
      },
      { autoCompleteMessages: false },
    );
    await eventually(() => (got.length === 1 ? true : undefined), { what: 'the delivery' });
    await subscription.close();

    // Not settled: the lock runs out and the message is delivered again.
    h.clock.advance(5_001);
    const again = await receiveOne(h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 }));
    assert.equal(again.body, 'manual');
    assert.equal(again.deliveryCount, 1);
  });

  // rhea keeps a delivery's session slot until both ends settled it; in peek-lock the client settles silently after
  // the broker does, so a broker that waits for the client's word runs out of session window (2048 or 4096 slots).
  it('keeps delivering past one AMQP session window when 10,000 peek-lock messages are completed on one receiver', async () => {
    const queue = h.createQueue();
    const total = 10_000;
    const sender = h.client.createSender(queue);
    for (let sent = 0; sent < total;) {
      const batch = await sender.createMessageBatch();
      while (sent < total && batch.tryAddMessage({ body: sent })) sent += 1;
      await sender.sendMessages(batch);
    }
    const receiver = h.createClient().createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    let completed = 0;

    const subscription = receiver.subscribe(
      {
        async processMessage(message) {
          await receiver.completeMessage(message);
          completed += 1;
        },
        async processError() {},
      },
      { maxConcurrentCalls: 16, autoCompleteMessages: false },
    );
    // On a stall, the count reached is the evidence: wait for the deadline, then compare.
    await eventually(() => (completed === total ? true : undefined), { timeoutMs: 30_000 }).catch(
      () => undefined,
    );
    await subscription.close();

    assert.equal(completed, total);
  });

  it('delivers messages sent after the subscription started', async () => {
    const queue = h.createQueue();
    const receiver = h.client.createReceiver(queue);
    const bodies: unknown[] = [];
    const subscription = receiver.subscribe(
      {
        processMessage(message) {
          bodies.push(message.body);
          return Promise.resolve();
        },
        async processError() {},
      },
      { maxConcurrentCalls: 2 },
    );

    const sender = h.client.createSender(queue);
    for (let i = 0; i < 5; i += 1) await sender.sendMessages({ body: i });
    await eventually(() => (bodies.length === 5 ? true : undefined), { what: 'five deliveries' });
    await subscription.close();

    assert.deepEqual([...bodies].sort(), [0, 1, 2, 3, 4]);
  });
});
