import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { earliestEventPosition } from '@azure/event-hubs';
import type { EventContext } from 'rhea';
import {
  amqpHeader,
  openRawSocket,
  openRheaClient,
  type RawSocket,
  type RheaClient,
} from '../amqp/support/raw-amqp.js';
import { startHarness, uniqueHubName, type EventHubsHarness } from './support/harness.js';
import { firstError } from './support/receive.js';
import { watchPartition, type PartitionWatch } from './support/watch.js';

/**
 * Bad input gets the error the SDK maps, and never disturbs anyone else: after each case a reader that was attached
 * before it still receives what is published next.
 */
describe('Event Hubs errors on bad input', () => {
  let h: EventHubsHarness;
  let bystanderHub: string;
  let bystander: PartitionWatch;
  let published = 0;
  const peers: Array<RawSocket | RheaClient> = [];
  before(async () => {
    h = await startHarness();
    bystanderHub = h.createHub({ partitionCount: 1 });
    bystander = watchPartition(h.consumer(bystanderHub), '0', { startPosition: earliestEventPosition });
  });
  after(async () => {
    await bystander.close();
    for (const peer of peers) {
      if ('destroy' in peer) peer.destroy();
      else await peer.close();
    }
    await h.close();
  });

  const bystanderStillReads = async (): Promise<void> => {
    const body = `still reading ${++published}`;
    await h.producer(bystanderHub).sendBatch([{ body }]);
    await bystander.received(body);
    assert.deepEqual(bystander.errors, []);
  };

  it('fails a send with MessagingEntityNotFoundError when the hub does not exist', async () => {
    await assert.rejects(h.producer(uniqueHubName('missing')).sendBatch([{ body: 'x' }]), {
      code: 'MessagingEntityNotFoundError',
    });
    await bystanderStillReads();
  });

  it('reports MessagingEntityNotFoundError to a reader when the hub does not exist', async () => {
    const error = await firstError(h.consumer(uniqueHubName('missing')), '0');
    assert.equal(error.code, 'MessagingEntityNotFoundError');
    await bystanderStillReads();
  });

  it('reports MessagingEntityNotFoundError to a reader when the consumer group does not exist', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const error = await firstError(h.consumer(hub, { consumerGroup: 'nobody' }), '0');
    assert.equal(error.code, 'MessagingEntityNotFoundError');
    await bystanderStillReads();
  });

  it('fails a send with ArgumentOutOfRangeError when the partition does not exist', async () => {
    const hub = h.createHub({ partitionCount: 2 });
    await assert.rejects(h.producer(hub).sendBatch([{ body: 'x' }], { partitionId: '2' }), {
      code: 'ArgumentOutOfRangeError',
    });
    await bystanderStillReads();
  });

  it('reports ArgumentOutOfRangeError to a reader when the partition does not exist', async () => {
    const hub = h.createHub({ partitionCount: 2 });
    const error = await firstError(h.consumer(hub), '7');
    assert.equal(error.code, 'ArgumentOutOfRangeError');
    await bystanderStillReads();
  });

  it('reports ArgumentError to a reader when the offset in its position is not a number', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const error = await firstError(h.consumer(hub), '0', { startPosition: { offset: 'not-an-offset' } });
    assert.equal(error.code, 'ArgumentError');
    assert.match(error.message, /offset 'not-an-offset' is invalid/);
    await bystanderStillReads();
  });

  it('fails a send with MessageTooLargeError and stores nothing when the publication is over 1 MB', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const producer = h.producer(hub);

    await assert.rejects(
      producer.sendBatch([{ body: randomBytes(700_000) }, { body: randomBytes(400_000) }]),
      {
        code: 'MessageTooLargeError',
      },
    );

    assert.equal((await producer.getPartitionProperties('0')).isEmpty, true);
    await producer.sendBatch([{ body: 'small enough' }]);
    assert.equal((await producer.getPartitionProperties('0')).lastEnqueuedSequenceNumber, 0);
    await bystanderStillReads();
  });

  it('sizes batches at 1 MB when a producer creates one', async () => {
    const hub = h.createHub({ partitionCount: 1 });
    const batch = await h.producer(hub).createBatch();
    assert.equal(batch.maxSizeInBytes, 1_048_576);
  });

  describe('from a raw AMQP client', () => {
    let client: RheaClient;
    let hub: string;
    before(async () => {
      client = await openRheaClient(h.emulator.amqpPort);
      peers.push(client);
      hub = h.createHub({ partitionCount: 1 });
    });

    it('detaches a reader with com.microsoft:argument-error when its filter is not an event position', async () => {
      const receiver = client.connection.open_receiver({
        source: {
          address: `${hub}/ConsumerGroups/$default/Partitions/0`,
          filter: { 'apache.org:selector-filter:string': "amqp.annotation.x-opt-offset = '1' OR 1=1" },
        },
        credit_window: 0,
      });
      await once(receiver, 'receiver_close');

      assert.equal(
        (receiver as unknown as { error?: { condition?: string } }).error?.condition,
        'com.microsoft:argument-error',
      );
      await bystanderStillReads();
    });

    const truncatedSection = Buffer.from([0x00, 0x53, 0x75, 0xb0, 0x00, 0x00, 0x00, 0x64, 0x01]); // claims 100 bytes, has 1
    const envelopes = [
      { what: 'a batch envelope is cut short', envelope: truncatedSection },
      // A whole data section whose event inside claims more bytes than it holds.
      {
        what: 'an event inside a batch is cut short',
        envelope: Buffer.concat([
          Buffer.from([0x00, 0x53, 0x75, 0xa0, truncatedSection.length]),
          truncatedSection,
        ]),
      },
    ];
    for (const { what, envelope } of envelopes) {
      it(`rejects a transfer with amqp:decode-error when ${what}`, async () => {
        const sender = client.connection.open_sender({ target: { address: hub } });
        await once(sender, 'sendable');
        sender.send(envelope, undefined, 0x80013700);
        const [context] = (await Promise.race([once(sender, 'accepted'), once(sender, 'rejected')])) as [
          EventContext,
        ];

        const state = (context.delivery as unknown as { remote_state?: { error?: { condition?: string } } })
          .remote_state;
        assert.equal(state?.error?.condition, 'amqp:decode-error');
        await bystanderStillReads();
      });
    }
  });

  it('drops only the offending connection when a client sends garbage after the AMQP header', async () => {
    const socket = await openRawSocket(h.emulator.amqpPort);
    peers.push(socket);

    socket.write(Buffer.concat([amqpHeader, randomBytes(64)]));

    await socket.closed();
    await bystanderStillReads();
  });
});
