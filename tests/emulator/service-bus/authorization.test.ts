import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectionStringFor, startHarness, type ServiceBusHarness } from './support/harness.js';
import { receiveOne } from './support/receive.js';

describe('Service Bus SAS authorization', () => {
  const key = { name: 'RootManageSharedAccessKey', key: 'c2VjcmV0LWtleS1mb3ItdGVzdHM=' };
  let h: ServiceBusHarness;
  let queue: string;
  before(async () => {
    h = await startHarness({ sharedAccessKey: key });
    queue = h.createQueue();
  });
  after(() => h.close());

  const clientWith = (keyName: string, secret: string) =>
    h.createClient({
      connectionString: connectionStringFor({ port: h.emulator.amqpPort, keyName, key: secret }),
    });

  it('accepts sends and receives when the connection string carries the configured key', async () => {
    const client = clientWith(key.name, key.key);

    await client.createSender(queue).sendMessages({ body: 'authorised' });

    assert.equal(
      (await receiveOne(client.createReceiver(queue, { receiveMode: 'receiveAndDelete' }))).body,
      'authorised',
    );
  });

  const refused = [
    { what: 'a wrong key', keyName: key.name, secret: 'd3Jvbmcta2V5' },
    { what: 'an unknown key name', keyName: 'SomeOtherPolicy', secret: key.key },
    { what: "the official emulator's placeholder key", keyName: key.name, secret: 'SAS_KEY_VALUE' },
  ];
  for (const { what, keyName, secret } of refused) {
    it(`fails with UnauthorizedAccess when a sender signs with ${what}`, async () => {
      await assert.rejects(clientWith(keyName, secret).createSender(queue).sendMessages({ body: 'x' }), {
        code: 'UnauthorizedAccess',
      });
    });

    it(`fails with UnauthorizedAccess when a receiver signs with ${what}`, async () => {
      await assert.rejects(
        clientWith(keyName, secret).createReceiver(queue).receiveMessages(1, { maxWaitTimeInMs: 2_000 }),
        { code: 'UnauthorizedAccess' },
      );
    });
  }

  it('fails with UnauthorizedAccess when a $management operation is signed with a wrong key', async () => {
    await assert.rejects(clientWith(key.name, 'd3Jvbmcta2V5').createReceiver(queue).peekMessages(1), {
      code: 'UnauthorizedAccess',
    });
  });

  it('keeps serving a good client while a bad one is refused', async () => {
    const good = clientWith(key.name, key.key);
    await assert.rejects(clientWith(key.name, 'bad').createSender(queue).sendMessages({ body: 'refused' }), {
      code: 'UnauthorizedAccess',
    });

    await good.createSender(queue).sendMessages({ body: 'still fine' });

    const received = await receiveOne(good.createReceiver(queue, { receiveMode: 'receiveAndDelete' }));
    assert.equal(received.body, 'still fine', 'the refused message was never stored');
  });
});
