import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../shared/config/config-error.js';
import { defaultEntityNames, loadConfig } from '../../shared/config/load-config.js';
import { azureClientId, azureSettings, localSettings } from './support/settings.js';

function problemsOf(settings: Record<string, string>): readonly string[] {
  try {
    loadConfig(settings);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected the settings to be refused');
}

describe('loadConfig', () => {
  it('reads connection strings and a topic key when given the local form', () => {
    const config = loadConfig(localSettings);
    assert.deepEqual(config.storage, {
      kind: 'connectionString',
      connectionString: 'UseDevelopmentStorage=true',
    });
    assert.equal(config.serviceBus.kind, 'connectionString');
    assert.equal(config.eventHubs.kind, 'connectionString');
    assert.deepEqual(config.eventGrid, {
      topicEndpoint: 'http://127.0.0.1:6500/orders/api/events',
      auth: { kind: 'key', key: 'local-emulator-key' },
    });
    assert.deepEqual(config.monitoring, {});
    assert.deepEqual(config.entities, defaultEntityNames);
    assert.deepEqual(config.stockSeed, {});
  });

  it('reads service URIs with the managed identity when given the Azure form', () => {
    const config = loadConfig(azureSettings);
    const identity = { kind: 'managedIdentity', clientId: azureClientId };
    assert.deepEqual(config.storage, {
      kind: 'identity',
      tableServiceUri: 'https://stexample.table.core.windows.net',
      identity,
    });
    assert.deepEqual(config.serviceBus, {
      kind: 'identity',
      fullyQualifiedNamespace: 'sb-example.servicebus.windows.net',
      identity,
    });
    assert.deepEqual(config.eventGrid.auth, { kind: 'identity', identity });
    assert.equal(config.monitoring.connectionString, azureSettings['APPLICATIONINSIGHTS_CONNECTION_STRING']);
    assert.deepEqual(config.monitoring.identity, identity);
  });

  it('falls back to DefaultAzureCredential when an identity connection names no credential', () => {
    const { ServiceBusConnection__credential: _credential, ...settings } = azureSettings;
    assert.deepEqual(loadConfig(settings).serviceBus, {
      kind: 'identity',
      fullyQualifiedNamespace: 'sb-example.servicebus.windows.net',
      identity: { kind: 'default', clientId: azureClientId },
    });
  });

  it('reports every problem in one error when several settings are wrong', () => {
    const problems = problemsOf({
      AzureWebJobsStorage: 'not a connection string',
      EventHubConnection__fullyQualifiedNamespace: 'sb://with-a-scheme',
      EventGridConnection__topicEndpointUri: 'http://127.0.0.1:6500/orders/api/events',
      StockCommandsQueueName: 'bad name!',
      StockSeed: '{"not-a-sku":1}',
    });
    assert.equal(problems.length, 6, problems.join('\n'));
    for (const name of [
      'AzureWebJobsStorage',
      'ServiceBusConnection',
      'EventHubConnection__fullyQualifiedNamespace',
      'EventGridConnection__topicKey',
      'StockCommandsQueueName',
      'StockSeed',
    ]) {
      assert.ok(
        problems.some((problem) => problem.includes(name)),
        `no problem names ${name}:\n${problems.join('\n')}`,
      );
    }
  });

  it('refuses a plain http topic without a key, since the SDK sends tokens over https only', () => {
    const { EventGridConnection__topicKey: _key, ...settings } = localSettings;
    assert.deepEqual(
      problemsOf(settings).filter((problem) => problem.includes('EventGridConnection')).length,
      1,
    );
  });

  it('refuses a credential other than managedidentity', () => {
    const problems = problemsOf({ ...azureSettings, ServiceBusConnection__credential: 'clientsecret' });
    assert.deepEqual(problems, [
      'ServiceBusConnection__credential must be "managedidentity" when set; it is "clientsecret".',
    ]);
  });

  it('treats empty settings as absent, as Azure and local.settings.json write unset ones', () => {
    const config = loadConfig({
      ...localSettings,
      APPLICATIONINSIGHTS_CONNECTION_STRING: '',
      StockCommandsQueueName: '',
    });
    assert.deepEqual(config.monitoring, {});
    assert.equal(config.entities.stockCommandsQueue, defaultEntityNames.stockCommandsQueue);
  });

  it('reads the stock seed as units per SKU and refuses negative or fractional units', () => {
    assert.deepEqual(loadConfig({ ...localSettings, StockSeed: '{"SKU-1":10,"SKU-2":0}' }).stockSeed, {
      'SKU-1': 10,
      'SKU-2': 0,
    });
    assert.equal(problemsOf({ ...localSettings, StockSeed: '{"SKU-1":-1,"SKU-2":1.5}' }).length, 2);
    assert.equal(problemsOf({ ...localSettings, StockSeed: '[1]' }).length, 1);
  });

  it('does not echo a secret in full when a setting is malformed', () => {
    const secret = 'SharedAccessKey=abcdefghijklmnopqrstuvwxyz0123456789';
    const problems = problemsOf({ ...localSettings, ServiceBusConnection: secret });
    assert.ok(
      problems.every((problem) => !problem.includes(secret)),
      problems.join('\n'),
    );
  });
});
