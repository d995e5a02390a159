import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostStartError, startHost } from '../../host/start-host.js';
import { appDir } from '../scenarios/support/local-stack.js';

describe('the app in the local host with bad settings', () => {
  it('refuses to start, naming every bad setting in one error, before any function runs', async () => {
    const start = startHost({
      appDir,
      port: 0,
      log: () => {},
      settings: {
        AzureWebJobsStorage: 'UseDevelopmentStorage=true',
        ServiceBusConnection: 'not a connection string',
        // Empty wins over a developer's local.settings.json, and reads as absent: the identity form applies.
        EventHubConnection: '',
        EventHubConnection__fullyQualifiedNamespace: 'evhns-example.servicebus.windows.net',
        EventHubConnection__credential: 'clientsecret',
        EventGridConnection__topicEndpointUri: 'http://127.0.0.1:1/orders/api/events',
        EventGridConnection__topicKey: '',
        StockSeed: '{"SKU-1":-3}',
      },
    });
    await assert.rejects(start, (error: unknown) => {
      assert.ok(error instanceof HostStartError);
      for (const name of [
        'ServiceBusConnection',
        'EventHubConnection__credential',
        'EventGridConnection__topicKey',
        'StockSeed',
      ]) {
        assert.match(error.message, new RegExp(name), `${name} is not named in:\n${error.message}`);
      }
      return true;
    });
  });
});
