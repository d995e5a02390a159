import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { ServiceBusClient } from '@azure/service-bus';
import { startEmulator } from '../../../emulator/start-emulator.js';
import { testRetryOptions } from './support/harness.js';
import { runToExit } from '../run-to-exit.js';

describe('Service Bus emulator lifecycle', () => {
  it('lets its process end on its own when close() follows the SDK client close', async () => {
    const { code, signal, output } = await runToExit(
      new URL('./support/close-then-exit.js', import.meta.url),
      15_000,
    );

    assert.match(output, /closed/, output);
    assert.deepEqual(
      { code, signal },
      { code: 0, signal: null },
      'a timer, socket or server outlived close()',
    );
  });

  it('resolves every call when close() is called more than once', async () => {
    const emulator = await startEmulator({ amqpPort: 0, eventGridPort: 0, adminPort: 0 });

    await Promise.all([emulator.close(), emulator.close()]);
    await emulator.close();
  });

  it('stops listening when close() resolves', async () => {
    const emulator = await startEmulator({ amqpPort: 0, eventGridPort: 0, adminPort: 0 });
    await emulator.close();

    const socket = connect({ host: '127.0.0.1', port: emulator.amqpPort });
    const [error] = (await once(socket, 'error').catch((e: unknown) => [e])) as [NodeJS.ErrnoException];
    socket.destroy();
    assert.equal(error.code, 'ECONNREFUSED');
  });

  it('answers on 127.0.0.1 with the official connection string shape', async () => {
    const emulator = await startEmulator({ amqpPort: 0, eventGridPort: 0, adminPort: 0 });
    const client = new ServiceBusClient(emulator.connectionString, { retryOptions: testRetryOptions });
    try {
      assert.match(
        emulator.connectionString,
        /^Endpoint=sb:\/\/localhost:\d+;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;$/,
      );
      emulator.serviceBus.createQueue({ Name: 'shape' });
      await client.createSender('shape').sendMessages({ body: 'ok' });
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});
