import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../shared/config/load-config.js';
import { azureSettingNames, settingsContract } from '../../shared/config/settings-contract.js';
import { objectEntries, repoRoot, stringLiteral, type SyntaxNode } from './support/bicep-tree.js';
import { loadInfra, readEntities, valueOf } from './support/infra-files.js';

interface CloudSettingsHook {
  settingsFromOutputs: string[];
  fixedSettings: Record<string, string>;
  cloudLocalSettings(environment: Record<string, string | undefined>): {
    IsEncrypted: false;
    Values: Record<string, string>;
  };
}

// The hook is plain JavaScript that azd runs with node; it is loaded from its source, not from dist/.
const hook = (await import(
  pathToFileURL(join(repoRoot, 'infra/hooks/cloud-settings.mjs')).href
)) as CloudSettingsHook;

/** The managed-identity selectors: set on Azure only, since locally the developer's sign-in is the credential. */
const isIdentitySelector = (name: string): boolean =>
  /__(credential|clientId)$/.test(name) || name === 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING';

async function appSettings(): Promise<Array<{ key: string; value: SyntaxNode }>> {
  const infra = await loadInfra();
  return objectEntries(valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', 'appSettings')));
}

/** Values an azd environment holds after `azd provision`, shaped like the real outputs. */
const provisioned: Record<string, string> = {
  AZURE_ENV_NAME: 'dev',
  AzureWebJobsStorage__tableServiceUri: 'https://stexample.table.core.windows.net/',
  AzureWebJobsStorage__blobServiceUri: 'https://stexample.blob.core.windows.net/',
  AzureWebJobsStorage__queueServiceUri: 'https://stexample.queue.core.windows.net/',
  ServiceBusConnection__fullyQualifiedNamespace: 'sb-example.servicebus.windows.net',
  EventHubConnection__fullyQualifiedNamespace: 'evhns-example.servicebus.windows.net',
  EventGridConnection__topicEndpointUri:
    'https://evgt-orders-example.swedencentral-1.eventgrid.azure.net/api/events',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
  StockCommandsQueueName: 'stock-commands',
  StockRepliesQueueName: 'stock-replies',
  InvalidMessagesQueueName: 'invalid-messages',
  TelemetryEventHubName: 'telemetry',
  TelemetryConsumerGroup: 'aggregator',
  StockSeed: '{"SKU-1":1000}',
};

describe('settings contract, Azure form', () => {
  it("gives the function app exactly the contract's Azure settings, in contract order", async () => {
    assert.deepEqual(
      (await appSettings()).map(({ key }) => key),
      azureSettingNames(),
    );
  });

  it('selects the user-assigned identity for every connection when the app runs on Azure', async () => {
    for (const { key, value } of await appSettings()) {
      if (key.endsWith('__credential')) assert.equal(stringLiteral(value), 'managedidentity', key);
      if (key.endsWith('__clientId')) assert.equal(value.text, 'identity.outputs.clientId', key);
    }
    const authentication = (await appSettings()).find(
      ({ key }) => key === 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
    );
    assert.equal(authentication?.value.text, "'ClientId=${identity.outputs.clientId};Authorization=AAD'");
  });

  it("names only entities that infra/entities.json declares, with the app's default names", async () => {
    const entities = readEntities().UserConfig;
    const hub = entities.NamespaceConfig[0]?.Entities.find((entity) => entity.Name === 'telemetry');
    const declared: Record<string, string[]> = {
      StockCommandsQueueName: entities.Namespaces[0]?.Queues.map((queue) => queue.Name) ?? [],
      StockRepliesQueueName: entities.Namespaces[0]?.Queues.map((queue) => queue.Name) ?? [],
      InvalidMessagesQueueName: entities.Namespaces[0]?.Queues.map((queue) => queue.Name) ?? [],
      TelemetryEventHubName: entities.NamespaceConfig[0]?.Entities.map((entity) => entity.Name) ?? [],
      TelemetryConsumerGroup: hub?.ConsumerGroups?.map((group) => group.Name) ?? [],
    };
    const namingEntities = settingsContract.filter((setting) =>
      setting.azure?.includes('infra/entities.json'),
    );
    assert.deepEqual(namingEntities.map((setting) => setting.name).sort(), Object.keys(declared).sort());
    const settings = await appSettings();
    for (const setting of namingEntities) {
      const value = stringLiteral(settings.find(({ key }) => key === setting.name)?.value);
      assert.equal(value, setting.local, `${setting.name} is the app's default`);
      assert.ok(declared[setting.name]?.includes(value ?? ''), `${setting.name} = ${value} is declared`);
    }
  });

  it('seeds the same demo catalogue as the local cloud when no other is given', async () => {
    const infra = await loadInfra();
    const seed = (await appSettings()).find(({ key }) => key === 'StockSeed');
    assert.equal(seed?.value.text, 'stockSeed');
    const param = infra.declaration('infra/main.bicep', 'parameter_declaration', 'stockSeed');
    assert.equal(
      stringLiteral(param.value),
      settingsContract.find((setting) => setting.name === 'StockSeed')?.local,
    );
  });
});

describe('local settings against the cloud', () => {
  it('writes the Azure settings without identity selectors, plus the worker runtime', () => {
    const expected = [
      ...azureSettingNames().filter((name) => !isIdentitySelector(name)),
      'FUNCTIONS_WORKER_RUNTIME',
    ];
    const written = Object.keys(hook.cloudLocalSettings(provisioned).Values);
    assert.deepEqual([...written].sort(), [...expected].sort());
  });

  it('takes every value but the fixed ones from the output of the same name', async () => {
    const infra = await loadInfra();
    const { Values } = hook.cloudLocalSettings(provisioned);
    for (const name of hook.settingsFromOutputs) {
      assert.equal(Values[name], provisioned[name], name);
      const output = infra.declaration('infra/main.bicep', 'output_declaration', name);
      assert.equal(
        valueOf(output).text,
        `appSettings.${name}`,
        `output ${name} is the app setting of that name`,
      );
    }
    assert.deepEqual(Object.keys(hook.fixedSettings).sort(), [
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
      'FUNCTIONS_WORKER_RUNTIME',
    ]);
  });

  it("configures every connection for the developer's own sign-in when loaded by the app", () => {
    const config = loadConfig(hook.cloudLocalSettings(provisioned).Values);
    assert.deepEqual(config.storage, {
      kind: 'identity',
      tableServiceUri: provisioned.AzureWebJobsStorage__tableServiceUri,
      identity: { kind: 'default' },
    });
    assert.deepEqual(config.serviceBus, {
      kind: 'identity',
      fullyQualifiedNamespace: provisioned.ServiceBusConnection__fullyQualifiedNamespace,
      identity: { kind: 'default' },
    });
    assert.deepEqual(config.eventHubs, {
      kind: 'identity',
      fullyQualifiedNamespace: provisioned.EventHubConnection__fullyQualifiedNamespace,
      identity: { kind: 'default' },
    });
    assert.deepEqual(config.eventGrid.auth, { kind: 'identity', identity: { kind: 'default' } });
    assert.deepEqual(config.monitoring, {});
  });

  it('names every missing output in one error when the environment was not provisioned', () => {
    assert.throws(() => hook.cloudLocalSettings({ AZURE_ENV_NAME: 'dev' }), {
      message: new RegExp(`lacks ${hook.settingsFromOutputs.join(', ')}\\.`),
    });
  });
});
