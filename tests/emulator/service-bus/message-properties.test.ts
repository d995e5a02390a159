import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import { startHarness } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { receiveOne } from './support/receive.js';

type AmqpAnnotatedMessage = ServiceBusReceivedMessage['_rawAmqpMessage'];

/**
 * Round trips through the real SDK: what a sender sets is what a receiver reads, for every property and body
 * shape the SDK can send, on every path a message can come back by (link, peek, deferral, dead-letter, topic,
 * schedule).
 */
describe('Service Bus message property round trip', () => {
  const h = useHarness(startHarness);

  const deleterOf = (queue: string, options: { skipConvertingDate?: boolean } = {}) =>
    h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete', ...options });
  const roundTrip = async (message: ServiceBusMessage | AmqpAnnotatedMessage) => {
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages(message);
    return receiveOne(deleterOf(queue));
  };

  const propertyCases: Array<{
    property: keyof ServiceBusMessage & keyof ServiceBusReceivedMessage;
    value: unknown;
  }> = [
    { property: 'messageId', value: 'message-id-1' },
    { property: 'messageId', value: 'x'.repeat(128) },
    { property: 'messageId', value: 1234567 },
    { property: 'messageId', value: Buffer.from('0123456789abcdef') },
    { property: 'correlationId', value: 'correlation-id-1' },
    { property: 'correlationId', value: 42 },
    { property: 'correlationId', value: Buffer.from('fedcba9876543210') },
    { property: 'replyTo', value: 'replies' },
    { property: 'replyToSessionId', value: 'reply-session-7' },
    { property: 'subject', value: 'OrderPlaced' },
    { property: 'contentType', value: 'application/json; charset=utf-8' },
    { property: 'to', value: 'shipping' },
    { property: 'timeToLive', value: 120_000 },
    { property: 'partitionKey', value: 'partition-9' },
  ];
  for (const { property, value } of propertyCases) {
    it(`returns ${property} unchanged when it is ${describeValue(value)}`, async () => {
      const received = await roundTrip({ body: 'p', [property]: value });

      assert.deepEqual(received[property], value);
    });
  }

  it('returns sessionId unchanged when sent to a session queue', async () => {
    const queue = h.createQueue({ RequiresSession: true });
    await h.client
      .createSender(queue)
      .sendMessages({ body: 's', sessionId: 'session-αβγ', partitionKey: 'session-αβγ' });

    const receiver = await h.client.acceptSession(queue, 'session-αβγ', { receiveMode: 'receiveAndDelete' });
    const received = await receiveOne(receiver);

    assert.equal(received.sessionId, 'session-αβγ');
    assert.equal(received.partitionKey, 'session-αβγ');
  });

  it('returns scheduledEnqueueTimeUtc unchanged when a message is sent with it', async () => {
    const queue = h.createQueue();
    const at = new Date(h.clock.now() + 1_000);
    await h.client.createSender(queue).sendMessages({ body: 'scheduled', scheduledEnqueueTimeUtc: at });
    h.clock.advance(1_000);

    const received = await receiveOne(deleterOf(queue));

    assert.equal(received.scheduledEnqueueTimeUtc?.getTime(), at.getTime());
  });

  const date = new Date('2024-02-29T12:34:56.789Z');
  // By default the SDK rewrites application property values on receive: Dates become epoch ms, and any other object
  // (a Buffer too) is copied into a plain object. `skipConvertingDate` hands back exactly what was on the wire.
  const applicationPropertyCases: Array<{
    type: string;
    value: unknown;
    expected?: unknown;
    skipConvertingDate?: boolean;
  }> = [
    { type: 'a string', value: 'text' },
    { type: 'an empty string', value: '' },
    { type: 'a non-ASCII string', value: 'zaï — 注文 🚀' },
    { type: 'a long string', value: 'v'.repeat(4_000) },
    { type: 'a small integer', value: 42 },
    { type: 'zero', value: 0 },
    { type: 'a negative integer', value: -7 },
    { type: 'an integer beyond 32 bits', value: 2 ** 40 + 3 },
    { type: 'a negative integer beyond 32 bits', value: -(2 ** 40) - 3 },
    { type: 'the largest safe integer', value: Number.MAX_SAFE_INTEGER },
    { type: 'a float', value: 3.25 },
    { type: 'a negative float', value: -1234.5678 },
    { type: 'true', value: true },
    { type: 'false', value: false },
    { type: 'null', value: null },
    { type: 'a Date (read back as epoch ms by default)', value: date, expected: date.getTime() },
    { type: 'a Date (read with skipConvertingDate)', value: date, skipConvertingDate: true },
    {
      type: 'a Buffer (read with skipConvertingDate)',
      value: Buffer.from([0x00, 0x01, 0xfe, 0xff]),
      skipConvertingDate: true,
    },
  ];
  for (const { type, value, expected, skipConvertingDate } of applicationPropertyCases) {
    it(`returns an application property unchanged when it is ${type}`, async () => {
      const queue = h.createQueue();
      await h.client
        .createSender(queue)
        .sendMessages({ body: 'a', applicationProperties: { key: value as string } });

      const received = await receiveOne(
        deleterOf(queue, { skipConvertingDate: skipConvertingDate ?? false }),
      );

      assert.deepEqual(received.applicationProperties, { key: expected === undefined ? value : expected });
    });
  }

  it('keeps many application properties of mixed types together', async () => {
    const properties = Object.fromEntries(
      applicationPropertyCases.map(({ value }, i) => [`p${i}`, value as string]),
    );
    const queue = h.createQueue();
    await h.client.createSender(queue).sendMessages({ body: 'many', applicationProperties: properties });

    const received = await receiveOne(deleterOf(queue, { skipConvertingDate: true }));

    assert.deepEqual(received.applicationProperties, properties);
  });

  const binary = randomBytes(200 * 1024);
  binary[0] = 0xff; // never valid UTF-8 JSON, so the SDK hands the bytes back as they are
  const bodyCases: Array<{ shape: string; body: unknown; bodyType?: 'value' | 'sequence' }> = [
    { shape: 'a string', body: 'hello' },
    { shape: 'an empty string', body: '' },
    { shape: 'a non-ASCII string', body: 'commande reçue — 注文 🚀' },
    { shape: 'a JSON object', body: { id: 'o-1', lines: [{ sku: 'a', qty: 2 }], paid: true, note: null } },
    { shape: 'a JSON array', body: [1, 'two', { three: 3 }, [4]] },
    { shape: 'a number', body: 12.5 },
    { shape: 'a boolean', body: false },
    { shape: 'null', body: null },
    { shape: 'binary bytes', body: Buffer.from([0xff, 0x00, 0x10, 0x80, 0x7f]) },
    { shape: 'an empty binary', body: Buffer.alloc(0) },
    { shape: '200 KB of binary', body: binary },
    { shape: 'an AMQP value string', body: 'in a value section', bodyType: 'value' },
    { shape: 'an AMQP value map', body: { a: 1, b: 'two' }, bodyType: 'value' },
    { shape: 'an AMQP sequence', body: [1, 'a', true], bodyType: 'sequence' },
  ];
  for (const { shape, body, bodyType } of bodyCases) {
    it(`returns the body unchanged when it is ${shape}`, async () => {
      const received = await roundTrip(bodyType ? { body, bodyType } : { body });

      assert.deepEqual(received.body, body);
      assert.equal(received._rawAmqpMessage.bodyType, bodyType ?? 'data');
    });
  }

  // One message with everything set, taken back by each path the emulator encodes messages on.
  const full = (): ServiceBusMessage => ({
    body: { order: 'o-9', total: 12.5, tags: ['a', 'b'] },
    messageId: `full-${randomBytes(4).toString('hex')}`,
    correlationId: 'corr-9',
    replyTo: 'replies',
    replyToSessionId: 'reply-session-9',
    subject: 'OrderPlaced',
    contentType: 'application/json',
    to: 'shipping',
    timeToLive: 3_600_000,
    partitionKey: 'pk-9',
    applicationProperties: {
      s: 'x',
      i: -3,
      big: 2 ** 40,
      f: 0.25,
      b: true,
      n: null,
      d: date,
    },
  });
  const project = (m: ServiceBusMessage | ServiceBusReceivedMessage) => ({
    body: m.body as unknown,
    messageId: m.messageId,
    correlationId: m.correlationId,
    replyTo: m.replyTo,
    replyToSessionId: m.replyToSessionId,
    subject: m.subject,
    contentType: m.contentType,
    to: m.to,
    timeToLive: m.timeToLive,
    partitionKey: m.partitionKey,
    // The SDK reads AMQP timestamps in application properties back as epoch milliseconds.
    applicationProperties: Object.fromEntries(
      Object.entries(m.applicationProperties ?? {}).map(([k, v]) => [k, v instanceof Date ? v.getTime() : v]),
    ),
  });
  const paths: Array<{
    path: string;
    take: (message: ServiceBusMessage) => Promise<ServiceBusReceivedMessage>;
  }> = [
    {
      path: 'a peek-lock receive',
      take: async (message) => {
        const queue = h.createQueue();
        await h.client.createSender(queue).sendMessages(message);
        return receiveOne(h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 }));
      },
    },
    {
      path: 'a batch send',
      take: async (message) => {
        const queue = h.createQueue();
        await h.client.createSender(queue).sendMessages([message, { body: 'second in batch' }]);
        return receiveOne(deleterOf(queue));
      },
    },
    {
      path: 'peekMessages',
      take: async (message) => {
        const queue = h.createQueue();
        await h.client.createSender(queue).sendMessages(message);
        const [peeked] = await h.client.createReceiver(queue).peekMessages(1);
        assert.ok(peeked, 'a message was peeked');
        return peeked;
      },
    },
    {
      path: 'receiveDeferredMessages',
      take: async (message) => {
        const queue = h.createQueue();
        await h.client.createSender(queue).sendMessages(message);
        const receiver = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
        const first = await receiveOne(receiver);
        await receiver.deferMessage(first);
        const [deferred] = await receiver.receiveDeferredMessages(first.sequenceNumber!);
        assert.ok(deferred, 'the deferred message was returned');
        return deferred;
      },
    },
    {
      path: 'the dead-letter queue',
      take: async (message) => {
        const queue = h.createQueue();
        await h.client.createSender(queue).sendMessages(message);
        const receiver = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
        await receiver.deadLetterMessage(await receiveOne(receiver), {
          deadLetterReason: 'reason',
          deadLetterErrorDescription: 'description',
        });
        const dead = await receiveOne(h.client.createReceiver(queue, { subQueueType: 'deadLetter' }));
        // Dead-lettering adds exactly these two properties; everything else must be as sent.
        const { DeadLetterReason, DeadLetterErrorDescription, ...rest } = dead.applicationProperties ?? {};
        assert.deepEqual(
          { DeadLetterReason, DeadLetterErrorDescription },
          {
            DeadLetterReason: 'reason',
            DeadLetterErrorDescription: 'description',
          },
        );
        return Object.assign(
          Object.create(Object.getPrototypeOf(dead) as object) as ServiceBusReceivedMessage,
          dead,
          {
            applicationProperties: rest,
          },
        );
      },
    },
    {
      path: 'a topic subscription',
      take: async (message) => {
        const topic = h.createTopic({ subscriptions: [{ Name: 'copy' }] });
        await h.client.createSender(topic).sendMessages(message);
        return receiveOne(h.client.createReceiver(topic, 'copy', { receiveMode: 'receiveAndDelete' }));
      },
    },
    {
      path: 'scheduleMessages',
      take: async (message) => {
        const queue = h.createQueue();
        await h.client.createSender(queue).scheduleMessages(message, new Date(h.clock.now() + 1_000));
        h.clock.advance(1_000);
        return receiveOne(deleterOf(queue));
      },
    },
  ];
  for (const { path, take } of paths) {
    it(`keeps every property of a fully populated message when it comes back through ${path}`, async () => {
      const sent = full();

      const received = await take(sent);

      assert.deepEqual(project(received), project(sent));
    });
  }
});

function describeValue(value: unknown): string {
  if (Buffer.isBuffer(value)) return `a ${value.length}-byte Buffer`;
  if (typeof value === 'string')
    return value.length > 40 ? `a ${value.length}-character string` : `'${value}'`;
  return `${typeof value} ${String(value)}`;
}
