import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceBusMessage } from '@azure/service-bus';
import type { CorrelationFilterInput } from '../../../emulator/service-bus/entity-properties.js';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { bodies, receiveCount, receiveNothing, receiveOne } from './support/receive.js';

describe('Service Bus topics and subscriptions', () => {
  const h = useHarness(startHarness);

  /** Sends `messages` to a new topic whose only subscription has `rule`, and returns the bodies that reached it. */
  const routed = async (
    rule:
      | { FilterType: 'Correlation'; CorrelationFilter: CorrelationFilterInput }
      | { FilterType: 'Sql'; SqlFilter: { SqlExpression: string } },
    messages: ServiceBusMessage[],
    expectedCount: number,
  ) => {
    const topic = h.createTopic({
      subscriptions: [{ Name: 'filtered', Rules: [{ Name: 'only', Properties: rule }] }],
    });
    await h.client.createSender(topic).sendMessages(messages);
    const receiver = h.client.createReceiver(topic, 'filtered', { receiveMode: 'receiveAndDelete' });
    const received = await receiveCount(receiver, expectedCount);
    return bodies([...received, ...(await receiveNothing(receiver))]);
  };

  it('copies every message to every subscription when subscriptions have no rules (the default true filter)', async () => {
    const topic = h.createTopic({ subscriptions: [{ Name: 'audit' }, { Name: 'billing' }] });
    await h.client.createSender(topic).sendMessages([{ body: 'e1' }, { body: 'e2', subject: 'anything' }]);

    const audit = await receiveCount(
      h.client.createReceiver(topic, 'audit', { receiveMode: 'receiveAndDelete' }),
      2,
    );
    const billing = await receiveCount(
      h.client.createReceiver(topic, 'billing', { receiveMode: 'receiveAndDelete' }),
      2,
    );

    assert.deepEqual(bodies(audit), ['e1', 'e2']);
    assert.deepEqual(bodies(billing), ['e1', 'e2']);
  });

  it('keeps the copy in one subscription when the copy in another is completed, abandoned or dead-lettered', async () => {
    const topic = h.createTopic({ subscriptions: [{ Name: 'a' }, { Name: 'b' }] });
    await h.client.createSender(topic).sendMessages({ body: 'shared', messageId: 'shared-1' });
    const a = h.client.createReceiver(topic, 'a', { maxAutoLockRenewalDurationInMs: 0 });

    await a.deadLetterMessage(await receiveOne(a), {
      deadLetterReason: 'only in a',
      deadLetterErrorDescription: 'test',
    });

    const inB = await receiveOne(h.client.createReceiver(topic, 'b', { receiveMode: 'receiveAndDelete' }));
    assert.equal(inB.messageId, 'shared-1');
    assert.equal(inB.deliveryCount, 0);
    assert.equal(inB.deadLetterReason, undefined);
    const deadInA = await receiveOne(h.client.createReceiver(topic, 'a', { subQueueType: 'deadLetter' }));
    assert.equal(deadInA.deadLetterReason, 'only in a');
  });

  it('accepts a message that matches no subscription and delivers it nowhere', async () => {
    const topic = h.createTopic({
      subscriptions: [
        {
          Name: 'reds',
          Rules: [
            { Name: 'red', Properties: { FilterType: 'Correlation', CorrelationFilter: { Label: 'red' } } },
          ],
        },
      ],
    });

    await h.client.createSender(topic).sendMessages({ body: 'blue', subject: 'blue' });

    assert.deepEqual(
      await receiveNothing(h.client.createReceiver(topic, 'reds', { receiveMode: 'receiveAndDelete' })),
      [],
    );
  });

  it('routes by correlation filter to the subscriptions that match', async () => {
    const topic = h.createTopic({
      subscriptions: [
        {
          Name: 'red-x',
          Rules: [
            {
              Name: 'r',
              Properties: {
                FilterType: 'Correlation',
                CorrelationFilter: { Label: 'x', Properties: { color: 'red' } },
              },
            },
          ],
        },
        { Name: 'everything' },
      ],
    });

    await h.client.createSender(topic).sendMessages([
      { body: 'match', subject: 'x', applicationProperties: { color: 'red' } },
      { body: 'wrong color', subject: 'x', applicationProperties: { color: 'blue' } },
      { body: 'wrong label', subject: 'y', applicationProperties: { color: 'red' } },
      { body: 'no properties', subject: 'x' },
    ]);

    const redX = h.client.createReceiver(topic, 'red-x', { receiveMode: 'receiveAndDelete' });
    const received = await receiveCount(redX, 1);
    assert.deepEqual(bodies([...received, ...(await receiveNothing(redX))]), ['match']);
    const everything = await receiveCount(
      h.client.createReceiver(topic, 'everything', { receiveMode: 'receiveAndDelete' }),
      4,
    );
    assert.equal(everything.length, 4);
  });

  const correlationCases: Array<{
    field: string;
    filter: CorrelationFilterInput;
    match: ServiceBusMessage;
    miss: ServiceBusMessage;
  }> = [
    {
      field: 'CorrelationId',
      filter: { CorrelationId: 'c-1' },
      match: { body: 'match', correlationId: 'c-1' },
      miss: { body: 'miss', correlationId: 'c-2' },
    },
    {
      field: 'MessageId',
      filter: { MessageId: 'm-1' },
      match: { body: 'match', messageId: 'm-1' },
      miss: { body: 'miss', messageId: 'm-2' },
    },
    {
      field: 'To',
      filter: { To: 'shipping' },
      match: { body: 'match', to: 'shipping' },
      miss: { body: 'miss', to: 'billing' },
    },
    {
      field: 'ReplyTo',
      filter: { ReplyTo: 'replies' },
      match: { body: 'match', replyTo: 'replies' },
      miss: { body: 'miss', replyTo: 'other' },
    },
    {
      field: 'Label',
      filter: { Label: 'OrderPlaced' },
      match: { body: 'match', subject: 'OrderPlaced' },
      miss: { body: 'miss', subject: 'OrderShipped' },
    },
    {
      field: 'SessionId',
      filter: { SessionId: 's-1' },
      match: { body: 'match', sessionId: 's-1' },
      miss: { body: 'miss', sessionId: 's-2' },
    },
    {
      field: 'ReplyToSessionId',
      filter: { ReplyToSessionId: 'rs-1' },
      match: { body: 'match', replyToSessionId: 'rs-1' },
      miss: { body: 'miss', replyToSessionId: 'rs-2' },
    },
    {
      field: 'ContentType',
      filter: { ContentType: 'application/json' },
      match: { body: 'match', contentType: 'application/json' },
      miss: { body: 'miss', contentType: 'text/plain' },
    },
    {
      field: 'a string property',
      filter: { Properties: { region: 'eu' } },
      match: { body: 'match', applicationProperties: { region: 'eu' } },
      miss: { body: 'miss', applicationProperties: { region: 'us' } },
    },
    {
      field: 'a number property',
      filter: { Properties: { priority: 5 } },
      match: { body: 'match', applicationProperties: { priority: 5 } },
      miss: { body: 'miss', applicationProperties: { priority: 4 } },
    },
    {
      field: 'a boolean property',
      filter: { Properties: { urgent: true } },
      match: { body: 'match', applicationProperties: { urgent: true } },
      miss: { body: 'miss', applicationProperties: { urgent: false } },
    },
    {
      field: 'several fields at once (all must match)',
      filter: { Label: 'L', CorrelationId: 'C', Properties: { a: 'x', b: 2 } },
      match: {
        body: 'match',
        subject: 'L',
        correlationId: 'C',
        applicationProperties: { a: 'x', b: 2, extra: 'ignored' },
      },
      miss: { body: 'miss', subject: 'L', correlationId: 'C', applicationProperties: { a: 'x', b: 3 } },
    },
  ];
  for (const { field, filter, match, miss } of correlationCases) {
    it(`delivers only matching messages when the correlation filter is on ${field}`, async () => {
      assert.deepEqual(
        await routed({ FilterType: 'Correlation', CorrelationFilter: filter }, [miss, match], 1),
        ['match'],
      );
    });
  }

  const sqlCases: Array<{ expression: string; messages: ServiceBusMessage[]; expected: string[] }> = [
    {
      expression: "color = 'red' AND quantity > 5",
      messages: [
        { body: 'red 10', applicationProperties: { color: 'red', quantity: 10 } },
        { body: 'red 5', applicationProperties: { color: 'red', quantity: 5 } },
        { body: 'blue 10', applicationProperties: { color: 'blue', quantity: 10 } },
        { body: 'red 6.5', applicationProperties: { color: 'red', quantity: 6.5 } },
        { body: 'red only', applicationProperties: { color: 'red' } },
      ],
      expected: ['red 10', 'red 6.5'],
    },
    {
      expression: "color = 'red' OR color = 'blue'",
      messages: [
        { body: 'red', applicationProperties: { color: 'red' } },
        { body: 'green', applicationProperties: { color: 'green' } },
        { body: 'blue', applicationProperties: { color: 'blue' } },
      ],
      expected: ['red', 'blue'],
    },
    {
      expression: "sys.Label = 'x'",
      messages: [{ body: 'x', subject: 'x' }, { body: 'y', subject: 'y' }, { body: 'none' }],
      expected: ['x'],
    },
    {
      expression: "sys.CorrelationId = 'order-1'",
      messages: [
        { body: 'order-1', correlationId: 'order-1' },
        { body: 'order-2', correlationId: 'order-2' },
      ],
      expected: ['order-1'],
    },
    {
      expression: 'EXISTS(priority)',
      messages: [
        { body: 'with', applicationProperties: { priority: 1 } },
        { body: 'without', applicationProperties: { other: 1 } },
        { body: 'no properties' },
      ],
      expected: ['with'],
    },
    {
      expression: 'NOT EXISTS(priority)',
      messages: [
        { body: 'with', applicationProperties: { priority: 1 } },
        { body: 'without', applicationProperties: { other: 1 } },
      ],
      expected: ['without'],
    },
    {
      expression: 'amount >= 100 AND amount < 200',
      messages: [
        { body: '99', applicationProperties: { amount: 99 } },
        { body: '100', applicationProperties: { amount: 100 } },
        { body: '199', applicationProperties: { amount: 199 } },
        { body: '200', applicationProperties: { amount: 200 } },
      ],
      expected: ['100', '199'],
    },
    {
      expression: "color <> 'red'",
      messages: [
        { body: 'red', applicationProperties: { color: 'red' } },
        { body: 'blue', applicationProperties: { color: 'blue' } },
      ],
      expected: ['blue'],
    },
    {
      expression: '1=1',
      messages: [{ body: 'a' }, { body: 'b', subject: 'b' }],
      expected: ['a', 'b'],
    },
  ];
  for (const { expression, messages, expected } of sqlCases) {
    it(`delivers only matching messages when the SQL filter is ${expression}`, async () => {
      assert.deepEqual(
        await routed(
          { FilterType: 'Sql', SqlFilter: { SqlExpression: expression } },
          messages,
          expected.length,
        ),
        expected,
      );
    });
  }

  it('delivers a message once to a subscription whose several rules match it', async () => {
    const topic = h.createTopic({
      subscriptions: [
        {
          Name: 'two-rules',
          Rules: [
            {
              Name: 'by-label',
              Properties: { FilterType: 'Correlation', CorrelationFilter: { Label: 'x' } },
            },
            {
              Name: 'by-color',
              Properties: { FilterType: 'Sql', SqlFilter: { SqlExpression: "color = 'red'" } },
            },
          ],
        },
      ],
    });
    await h.client.createSender(topic).sendMessages([
      { body: 'both', subject: 'x', applicationProperties: { color: 'red' } },
      { body: 'label', subject: 'x' },
      { body: 'color', applicationProperties: { color: 'red' } },
      { body: 'neither', subject: 'y' },
    ]);

    const receiver = h.client.createReceiver(topic, 'two-rules', { receiveMode: 'receiveAndDelete' });
    const received = await receiveCount(receiver, 3);

    assert.deepEqual(bodies([...received, ...(await receiveNothing(receiver))]), ['both', 'label', 'color']);
  });

  it('dead-letters to the subscription $DeadLetterQueue when a subscription message is dead-lettered', async () => {
    const topic = h.createTopic({ subscriptions: [{ Name: 'dl' }] });
    await h.client.createSender(topic).sendMessages({ body: 'bad event' });
    const receiver = h.client.createReceiver(topic, 'dl', { maxAutoLockRenewalDurationInMs: 0 });

    await receiver.deadLetterMessage(await receiveOne(receiver), {
      deadLetterReason: 'Unprocessable',
      deadLetterErrorDescription: 'test',
    });

    const dead = await receiveOne(h.client.createReceiver(topic, 'dl', { subQueueType: 'deadLetter' }));
    assert.equal(dead.body, 'bad event');
    assert.equal(dead.deadLetterReason, 'Unprocessable');
  });

  it('applies the subscription MaxDeliveryCount and LockDuration to its copies', async () => {
    const topic = h.createTopic({
      subscriptions: [{ Name: 'strict', Properties: { MaxDeliveryCount: 1, LockDuration: 'PT7S' } }],
    });
    await h.client.createSender(topic).sendMessages({ body: 'one chance' });
    const receiver = h.client.createReceiver(topic, 'strict', { maxAutoLockRenewalDurationInMs: 0 });

    const message = await receiveOne(receiver);
    assert.equal(message.lockedUntilUtc?.getTime(), h.clock.now() + 7_000);
    await receiver.abandonMessage(message);

    assert.deepEqual(await receiveNothing(receiver), []);
    const dead = await receiveOne(h.client.createReceiver(topic, 'strict', { subQueueType: 'deadLetter' }));
    assert.equal(dead.deadLetterReason, 'MaxDeliveryCountExceeded');
  });
});
