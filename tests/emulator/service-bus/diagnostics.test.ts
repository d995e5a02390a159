import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageEnqueued, type MessageEnqueued } from '../../../emulator/service-bus/diagnostics.js';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';

describe('Service Bus diagnostics channel', () => {
  const h = useHarness(startHarness);

  it('publishes each message that enters a queue or a subscription, with its id, session and enqueued time', async () => {
    const queue = h.createQueue({ RequiresSession: true });
    const topic = h.createTopic({ subscriptions: [{ Name: 'first' }, { Name: 'second' }] });
    const seen: MessageEnqueued[] = [];
    const listener = (message: unknown) => seen.push(message as MessageEnqueued);
    messageEnqueued.subscribe(listener);
    try {
      await h.client.createSender(queue).sendMessages({ body: 'a', messageId: 'm-1', sessionId: 's-1' });
      await h.client.createSender(topic).sendMessages({ body: 'b', messageId: 'm-2' });
    } finally {
      messageEnqueued.unsubscribe(listener);
    }
    await h.client.createSender(queue).sendMessages({ body: 'c', messageId: 'm-3', sessionId: 's-1' });

    assert.deepEqual(
      seen.map(({ entityPath, messageId, sessionId, enqueuedAt }) => ({
        entityPath,
        messageId,
        sessionId,
        enqueuedAt,
      })),
      [
        { entityPath: queue, messageId: 'm-1', sessionId: 's-1', enqueuedAt: h.clock.now() },
        {
          entityPath: `${topic}/Subscriptions/first`,
          messageId: 'm-2',
          sessionId: undefined,
          enqueuedAt: h.clock.now(),
        },
        {
          entityPath: `${topic}/Subscriptions/second`,
          messageId: 'm-2',
          sessionId: undefined,
          enqueuedAt: h.clock.now(),
        },
      ],
    );
    assert.ok(seen.every((message) => Number.isInteger(message.sequenceNumber)));
  });
});
