import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calls,
  declarations,
  descendants,
  objectEntries,
  referencedNames,
  stringLiteral,
  valueAt,
  type SyntaxNode,
} from './support/bicep-tree.js';
import { loadInfra, valueOf } from './support/infra-files.js';

/** The resources of a type that a file creates (not `existing` references). */
async function created(type: string) {
  const infra = await loadInfra();
  const found = infra.resources.filter((resource) => resource.type === type && !resource.existing);
  assert.ok(found.length > 0, `some file creates a ${type}`);
  return found;
}

function assertValue(
  resource: { file: string; symbol: string; body: SyntaxNode | undefined },
  path: readonly string[],
  expected: string,
): void {
  const value = valueAt(resource.body, path);
  const actual = value?.type === 'string' ? stringLiteral(value) : value?.text;
  assert.equal(actual, expected, `${resource.file}: ${resource.symbol}.${path.join('.')}`);
}

describe('security invariants', () => {
  it('turns local authentication off on every messaging and monitoring resource', async () => {
    const localAuth: Array<[string, string[]]> = [
      ['Microsoft.ServiceBus/namespaces', ['properties', 'disableLocalAuth']],
      ['Microsoft.EventHub/namespaces', ['properties', 'disableLocalAuth']],
      ['Microsoft.EventGrid/topics', ['properties', 'disableLocalAuth']],
      ['Microsoft.Insights/components', ['properties', 'DisableLocalAuth']],
      ['Microsoft.OperationalInsights/workspaces', ['properties', 'features', 'disableLocalAuth']],
    ];
    for (const [type, path] of localAuth) {
      for (const resource of await created(type)) assertValue(resource, path, 'true');
    }
  });

  it('refuses shared keys, anonymous blobs and plain HTTP on every storage account', async () => {
    for (const storage of await created('Microsoft.Storage/storageAccounts')) {
      assertValue(storage, ['properties', 'allowSharedKeyAccess'], 'false');
      assertValue(storage, ['properties', 'allowBlobPublicAccess'], 'false');
      assertValue(storage, ['properties', 'defaultToOAuthAuthentication'], 'true');
      assertValue(storage, ['properties', 'supportsHttpsTrafficOnly'], 'true');
    }
  });

  it('requires TLS 1.2 at least wherever a resource lets the minimum be set', async () => {
    const tls: Array<[string, string[], string]> = [
      ['Microsoft.Storage/storageAccounts', ['properties', 'minimumTlsVersion'], 'TLS1_2'],
      ['Microsoft.ServiceBus/namespaces', ['properties', 'minimumTlsVersion'], '1.2'],
      ['Microsoft.EventHub/namespaces', ['properties', 'minimumTlsVersion'], '1.2'],
      ['Microsoft.EventGrid/topics', ['properties', 'minimumTlsVersionAllowed'], '1.2'],
      ['Microsoft.Web/sites', ['properties', 'siteConfig', 'minTlsVersion'], '1.2'],
      ['Microsoft.Web/sites', ['properties', 'siteConfig', 'scmMinTlsVersion'], '1.2'],
    ];
    for (const [type, path, expected] of tls) {
      for (const resource of await created(type)) assertValue(resource, path, expected);
    }
  });

  it('serves the function app over HTTPS only, with FTP and publishing passwords off', async () => {
    for (const site of await created('Microsoft.Web/sites')) {
      assertValue(site, ['properties', 'httpsOnly'], 'true');
      assertValue(site, ['properties', 'siteConfig', 'ftpsState'], 'Disabled');
      assertValue(site, ['identity', 'type'], 'UserAssigned');
    }
    const policies = await created('Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    assert.deepEqual(policies.map((policy) => stringLiteral(valueAt(policy.body, ['name']))).sort(), [
      'ftp',
      'scm',
    ]);
    for (const policy of policies) assertValue(policy, ['properties', 'allow'], 'false');
  });

  it('calls no list* function anywhere, since each returns keys or connection strings', async () => {
    const infra = await loadInfra();
    const listCalls = infra.files.flatMap((file) =>
      calls(file)
        .filter((call) => /^list/i.test(call.name))
        .map((call) => `${file.path}:${call.node.startPosition.row + 1} ${call.name}`),
    );
    assert.deepEqual(listCalls, []);
  });

  it('writes no key, signature or function code into any string', async () => {
    const infra = await loadInfra();
    const secretShapes = /AccountKey=|SharedAccessKey|SharedAccessSignature|[?&](sig|code)=|x-functions-key/i;
    const found = infra.files.flatMap((file) =>
      descendants(file.root)
        .filter((node) => node.type === 'string' && secretShapes.test(node.text))
        .map((node) => `${file.path}:${node.startPosition.row + 1} ${node.text}`),
    );
    assert.deepEqual(found, []);
  });

  it('outputs nothing secure or secret-shaped from any file', async () => {
    const infra = await loadInfra();
    for (const file of infra.files) {
      for (const output of declarations(file, 'output_declaration')) {
        const where = `${file.path}: output ${output.name}`;
        assert.equal(output.decorators.has('secure'), false, where);
        assert.doesNotMatch(output.typeText ?? '', /^secure/i, where);
        assert.doesNotMatch(output.name, /key|secret|password|token|sas/i, where);
        // The one connection string: Application Insights', which routes telemetry and authorises nothing.
        if (/connection_?string/i.test(output.name)) {
          assert.ok(
            referencedNames(valueOf(output)).some((name) =>
              /^(ConnectionString|connectionString|APPLICATIONINSIGHTS_CONNECTION_STRING)$/.test(name),
            ),
            where,
          );
        }
      }
    }
  });

  it("gives the function app no connection string setting but Application Insights' when composing its settings", async () => {
    const infra = await loadInfra();
    const settings = objectEntries(
      valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', 'appSettings')),
    );
    const connectionStrings = settings
      .filter(({ key }) => /connection(_?string)?$/i.test(key))
      .map(({ key }) => key);
    assert.deepEqual(connectionStrings, ['APPLICATIONINSIGHTS_CONNECTION_STRING']);
    assert.equal(
      settings.find(({ key }) => key === 'APPLICATIONINSIGHTS_CONNECTION_STRING')?.value.text,
      'monitoring.outputs.connectionString',
    );
    assert.equal(
      valueOf(infra.declaration('infra/modules/monitoring.bicep', 'output_declaration', 'connectionString'))
        .text,
      'applicationInsights.properties.ConnectionString',
    );
  });

  it('delivers events to functions by resource id, never to a URL that would carry a key', async () => {
    const infra = await loadInfra();
    const endpointTypes = infra.files.flatMap((file) =>
      descendants(file.root)
        .filter((node) => node.type === 'object')
        .flatMap((object) => objectEntries(object))
        .filter(({ key }) => key === 'endpointType' || key === 'endpointUrl')
        .map(({ key, value }) => `${key}=${stringLiteral(value) ?? value.text}`),
    );
    assert.deepEqual([...new Set(endpointTypes)].sort(), [
      'endpointType=AzureFunction',
      'endpointType=StorageBlob',
    ]);
  });
});
