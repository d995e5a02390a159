import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import rhea from 'rhea';
import type { Delivery, EventContext, Message, Sender } from 'rhea';
import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import { startHarness, type ServiceBusHarness } from '../service-bus/support/harness.js';
import { bodies, receiveOne } from '../service-bus/support/receive.js';
import {
  amqpHeader,
  audienceOf,
  frames,
  openRawSocket,
  openRheaClient,
  outcomes,
  saslHeader,
  type RawSocket,
  type RheaClient,
} from './support/raw-amqp.js';

/**
 * A broken or hostile peer only ever loses its own connection: after each malformed input, a fresh SDK client still
 * sends and receives, an SDK client connected before it still works, and a queue filled beforehand is untouched.
 */
describe('AMQP listener under malformed input', () => {
  let h: ServiceBusHarness;
  let bystander: string;
  let bystanderFrom: NonNullable<ServiceBusReceivedMessage['sequenceNumber']>;
  const opened: Array<RawSocket | RheaClient> = [];
  before(async () => {
    h = await startHarness();
    bystander = h.createQueue();
    await h.client.createSender(bystander).sendMessages([{ body: 'b0' }, { body: 'b1' }, { body: 'b2' }]);
    const [first] = await h.client.createReceiver(bystander).peekMessages(1);
    bystanderFrom = first!.sequenceNumber!;
  });
  after(async () => {
    for (const peer of opened) {
      if ('destroy' in peer) peer.destroy();
      else await peer.close();
    }
    await h.close();
  });

  const raw = async () => {
    const socket = await openRawSocket(h.emulator.amqpPort);
    opened.push(socket);
    return socket;
  };
  const client = async () => {
    const peer = await openRheaClient(h.emulator.amqpPort);
    opened.push(peer);
    return peer;
  };

  const stillServing = async () => {
    const queue = h.createQueue();
    const fresh = h.createClient();
    await fresh.createSender(queue).sendMessages({ body: 'alive' });
    assert.equal(
      (await receiveOne(fresh.createReceiver(queue, { receiveMode: 'receiveAndDelete' }))).body,
      'alive',
    );
    await fresh.close();
    const peeked = await h.client
      .createReceiver(bystander)
      .peekMessages(10, { fromSequenceNumber: bystanderFrom });
    assert.deepEqual(bodies(peeked), ['b0', 'b1', 'b2'], 'the queue filled before is untouched');
  };

  describe('on a raw socket', () => {
    it('closes the connection when the client sends an HTTP request instead of the AMQP header', async () => {
      const socket = await raw();

      socket.write(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));

      await socket.closed();
      const reply = socket.received();
      assert.ok(
        reply.length === 0 || reply.subarray(0, 4).toString('latin1') === 'AMQP',
        `unexpected reply ${reply.toString('hex')}`,
      );
      await stillServing();
    });

    it('closes the connection when the client sends random bytes', async () => {
      const socket = await raw();

      socket.write(Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256)));

      await socket.closed();
      await stillServing();
    });

    it('closes the connection when a truncated frame is followed by the end of the stream', async () => {
      const socket = await raw();
      socket.write(saslHeader);
      await socket.receivedAtLeast(8);
      const init = frames.write_frame(frames.sasl_frame(frames.sasl_init({ mechanism: 'ANONYMOUS' })));

      socket.write(init.subarray(0, 6));
      socket.socket.end();

      await socket.closed();
      await stillServing();
    });

    const impossibleSizes = [
      { what: 'zero', size: 0 },
      { what: 'smaller than the frame header', size: 4 },
    ];
    for (const { what, size } of impossibleSizes) {
      it(`closes the connection when a frame declares a size of ${what}`, async () => {
        const socket = await raw();
        socket.write(saslHeader);
        await socket.receivedAtLeast(8);
        const frame = Buffer.alloc(12);
        frame.writeUInt32BE(size, 0);

        socket.write(frame);

        await socket.closed();
        await stillServing();
      });
    }

    it('closes the connection when a frame declares a size far beyond the maximum frame size', async () => {
      const socket = await raw();
      socket.write(saslHeader);
      await socket.receivedAtLeast(8);
      const frame = Buffer.alloc(64);
      frame.writeUInt32BE(0x7fff_fff0, 0);
      frame.writeUInt8(2, 4);
      frame.writeUInt8(1, 5);

      socket.write(frame);

      // AMQP 1.0 §2.4.1: a frame above the peer's max-frame-size is a framing error, not a reason to buffer 2 GB.
      await socket.closed(10_000);
      await stillServing();
    });

    it('closes the connection when a valid SASL header is followed by nonsense', async () => {
      const socket = await raw();
      socket.write(saslHeader);
      await socket.receivedAtLeast(8);
      const nonsense = Buffer.from([0, 0, 0, 16, 2, 1, 0, 0, 0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe, 0xba, 0xbe]);

      socket.write(nonsense);

      await socket.closed();
      await stillServing();
    });

    it('closes the connection when a plain AMQP header is followed by nonsense', async () => {
      const socket = await raw();

      socket.write(
        Buffer.concat([amqpHeader, Buffer.from([0, 0, 0, 12, 2, 0, 0, 0, 0x00, 0x53, 0xff, 0x45])]),
      );

      await socket.closed();
      await stillServing();
    });

    it('keeps a half-sent header waiting without harming anyone, and drops it when the peer goes away', async () => {
      const socket = await raw();

      socket.write(saslHeader.subarray(0, 3));
      await stillServing();
      socket.socket.end();

      await socket.closed();
      await stillServing();
    });
  });

  describe('on an open AMQP connection', () => {
    it('refuses with amqp:not-found a sender attached to an address that does not exist', async () => {
      const peer = await client();
      await peer.putToken(audienceOf('no-such-queue'));

      const { error } = await peer.attachSender('no-such-queue');

      assert.equal(error?.condition, 'amqp:not-found');
      await stillServing();
    });

    const unknownSources = [
      'no-such-queue',
      'no-such-topic/Subscriptions/x',
      `${randomUUID()}/$DeadLetterQueue`,
    ];
    for (const address of unknownSources) {
      it(`refuses with amqp:not-found a receiver attached to ${address}`, async () => {
        const peer = await client();
        await peer.putToken(audienceOf(address));

        const { error } = await peer.attachReceiver(address);

        assert.equal(error?.condition, 'amqp:not-found');
        await stillServing();
      });
    }

    it('survives a disposition for a delivery id it never sent', async () => {
      const queue = h.createQueue();
      const peer = await client();
      await peer.putToken(audienceOf(queue));
      const { receiver } = await peer.attachReceiver(queue);
      assert.ok(receiver, 'the receiver attached');
      const session = receiver.session as unknown as { output(frame: unknown): void };

      session.output(
        frames.disposition({
          role: true,
          first: 424_242,
          last: 424_250,
          settled: true,
          state: outcomes.accepted(),
        }),
      );

      // Either outcome is valid: the disposition is ignored, or the peer's connection is closed with an error.
      const state = await Promise.race([
        peer.disconnected().then(() => 'closed' as const),
        peer.putToken(audienceOf(queue)).then(
          () => 'open' as const,
          () => 'closed' as const,
        ),
      ]);
      if (state === 'open') {
        const { sender } = await peer.attachSender(queue);
        assert.ok(sender, 'the connection still attaches links');
        assert.equal(
          await settle(sender, rhea.message.encode({ body: 'after bogus disposition' })),
          'accepted',
        );
      }
      await stillServing();
    });

    it('closes the connection when a transfer arrives on a link handle that was never attached', async () => {
      const peer = await client();
      const { sender } = await peer.attachSender('$cbs');
      assert.ok(sender, 'a sender on $cbs attached');
      const session = sender.session as unknown as { output(frame: unknown, payload?: Buffer): void };

      session.output(
        frames.transfer({
          handle: 77,
          delivery_id: 0,
          delivery_tag: Buffer.from([1]),
          message_format: 0,
          settled: false,
        }),
        rhea.message.encode({ body: 'to nowhere' }),
      );

      // A close frame with an error or a dropped socket are both acceptable; carrying on as if nothing happened is not.
      await peer.disconnected();
      await stillServing();
    });

    it('rejects a message whose bytes do not decode, or closes that connection, and stores nothing', async () => {
      const queue = h.createQueue();
      const peer = await client();
      await peer.putToken(audienceOf(queue));
      const { sender } = await peer.attachSender(queue);
      assert.ok(sender, 'the sender attached');

      const outcome = await settle(sender, Buffer.from([0x00, 0x53, 0x75, 0xb0, 0xff, 0xff, 0xff, 0xff]), 0);

      assert.ok(['rejected', 'disconnected'].includes(outcome), `outcome ${outcome}`);
      assert.deepEqual(await h.client.createReceiver(queue).peekMessages(10), []);
      await stillServing();
    });

    it('rejects a batch whose inner data section is not an AMQP message, and stores none of it', async () => {
      const queue = h.createQueue();
      const peer = await client();
      await peer.putToken(audienceOf(queue));
      const { sender } = await peer.attachSender(queue);
      assert.ok(sender, 'the sender attached');
      const good = rhea.message.encode({ body: rhea.message.data_section(Buffer.from('"fine"')) as unknown });
      const envelope = rhea.message.encode({
        body: rhea.message.data_sections([good, Buffer.from([0xde, 0xad, 0xbe, 0xef])]) as unknown,
      });

      const outcome = await settle(sender, envelope, 0x8001_3700);

      assert.ok(['rejected', 'disconnected'].includes(outcome), `outcome ${outcome}`);
      assert.deepEqual(
        await h.client.createReceiver(queue).peekMessages(10),
        [],
        'a batch is accepted or rejected whole',
      );
      await stillServing();
    });

    it('accepts a well-formed batch envelope sent by a raw client', async () => {
      const queue = h.createQueue();
      const peer = await client();
      await peer.putToken(audienceOf(queue));
      const { sender } = await peer.attachSender(queue);
      assert.ok(sender, 'the sender attached');
      const inner = (text: string) =>
        rhea.message.encode({
          body: rhea.message.data_section(Buffer.from(JSON.stringify(text))) as unknown,
        });
      const envelope = rhea.message.encode({
        body: rhea.message.data_sections([inner('one'), inner('two')]) as unknown,
      });

      assert.equal(await settle(sender, envelope, 0x8001_3700), 'accepted');

      const receiver = h.client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });
      assert.deepEqual(
        [(await receiveOne(receiver)).body, (await receiveOne(receiver)).body],
        ['one', 'two'],
      );
    });

    it('rejects with amqp:link:message-size-exceeded a transfer above 256 KB from a raw client', async () => {
      const queue = h.createQueue();
      const peer = await client();
      await peer.putToken(audienceOf(queue));
      const { sender } = await peer.attachSender(queue);
      assert.ok(sender, 'the sender attached');

      const outcome = await settleWithError(
        sender,
        rhea.message.encode({ body: rhea.message.data_section(Buffer.alloc(300 * 1024)) as unknown }),
      );

      assert.equal(outcome.condition, 'amqp:link:message-size-exceeded');
      assert.deepEqual(await h.client.createReceiver(queue).peekMessages(10), []);
      await stillServing();
    });
  });

  describe('on request/response nodes', () => {
    const management = async () => {
      const queue = h.createQueue();
      const peer = await client();
      await peer.putToken(audienceOf(`${queue}/$management`));
      return { queue, peer, address: `${queue}/$management` };
    };

    it('answers an unknown $management operation with a 4xx or 501 status and a description', async () => {
      const { peer, address } = await management();

      const reply = await peer.request(address, {
        application_properties: { operation: 'com.microsoft:no-such-operation' },
        body: {},
      });

      assert.ok([400, 404, 501].includes(statusOf(reply)), `status ${statusOf(reply)}`);
      assert.equal(typeof reply.application_properties?.['statusDescription'], 'string');
      await stillServing();
    });

    it('answers a $management request without an operation with status 400', async () => {
      const { peer, address } = await management();

      const reply = await peer.request(address, { application_properties: {}, body: {} });

      assert.equal(statusOf(reply), 400);
      await stillServing();
    });

    it('answers a $management request with no application properties at all with status 400', async () => {
      const { peer, address } = await management();

      const reply = await peer.request(address, { body: 'not a map' });

      assert.equal(statusOf(reply), 400);
      await stillServing();
    });

    it('answers renew-lock with a body that is not a map with status 400', async () => {
      const { peer, address } = await management();

      const reply = await peer.request(address, {
        application_properties: { operation: 'com.microsoft:renew-lock' },
        body: 'lock tokens should be in a map',
      });

      assert.equal(statusOf(reply), 400);
      await stillServing();
    });

    it('answers update-disposition for a lock token it never issued with 410 and com.microsoft:message-lock-lost', async () => {
      const { peer, address } = await management();

      const reply = await peer.request(address, {
        application_properties: { operation: 'com.microsoft:update-disposition' },
        body: {
          'lock-tokens': rhea.types.wrap_array(
            [Buffer.from(randomUUID().replace(/-/g, ''), 'hex')],
            0x98,
            undefined,
          ),
          'disposition-status': 'completed',
        },
      });

      assert.equal(statusOf(reply), 410);
      assert.equal(reply.application_properties?.['error-condition'], 'com.microsoft:message-lock-lost');
      await stillServing();
    });

    it('answers renew-lock for a lock token it never issued with 410 and com.microsoft:message-lock-lost', async () => {
      const { peer, address } = await management();

      const reply = await peer.request(address, {
        application_properties: { operation: 'com.microsoft:renew-lock' },
        body: { 'lock-tokens': rhea.types.wrap_array([Buffer.alloc(16, 7)], 0x98, undefined) },
      });

      assert.equal(statusOf(reply), 410);
      assert.equal(reply.application_properties?.['error-condition'], 'com.microsoft:message-lock-lost');
      await stillServing();
    });

    it('answers a $cbs request without an operation with an error status', async () => {
      const peer = await client();

      const reply = await peer.request('$cbs', {
        application_properties: { name: audienceOf('x') },
        body: 'token',
      });

      assert.ok(statusOf(reply) >= 400, `status ${statusOf(reply)}`);
      await stillServing();
    });

    it('answers a put-token without an audience with a 4xx status', async () => {
      const peer = await client();

      const reply = await peer.request('$cbs', {
        application_properties: { operation: 'put-token', type: 'servicebus.windows.net:sastoken' },
        body: 'SharedAccessSignature sr=x&sig=y&se=1&skn=z',
      });

      assert.ok(statusOf(reply) >= 400 && statusOf(reply) < 500, `status ${statusOf(reply)}`);
      await stillServing();
    });
  });
});

/** The status of a request/response reply: Service Bus $management says statusCode, $cbs says status-code. */
function statusOf(reply: Message): number {
  const properties = reply.application_properties ?? {};
  return Number(properties['statusCode'] ?? properties['status-code']);
}

/** Sends `payload` (already encoded) and resolves with how the peer settled it. */
function settle(sender: Sender, payload: Buffer, format = 0): Promise<Outcome> {
  return settleWithError(sender, payload, format).then((o) => o.outcome);
}

type Outcome = 'accepted' | 'rejected' | 'released' | 'modified' | 'disconnected';

function settleWithError(
  sender: Sender,
  payload: Buffer,
  format = 0,
): Promise<{ outcome: Outcome; condition?: string }> {
  return new Promise((resolve) => {
    const delivery: Delivery = sender.send(payload, undefined, format);
    const conditionOf = (error: unknown) => (error as { condition?: string } | undefined)?.condition;
    for (const outcome of ['accepted', 'rejected', 'released', 'modified'] as const) {
      sender.on(outcome, (context: EventContext) => {
        if (context.delivery !== delivery) return;
        const condition = conditionOf(
          (context.delivery.remote_state as { error?: unknown } | undefined)?.error,
        );
        resolve({ outcome, ...(condition ? { condition } : {}) });
      });
    }
    sender.once('sender_close', (context: EventContext) => {
      const condition = conditionOf(context.sender?.error);
      resolve({ outcome: 'disconnected', ...(condition ? { condition } : {}) });
    });
    sender.connection.once('disconnected', () => resolve({ outcome: 'disconnected' }));
  });
}
