import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  declarations,
  descendants,
  moduleCondition,
  modulePath,
  objectEntries,
  repoRoot,
  stringLiteral,
  valueAt,
} from './support/bicep-tree.js';
import { loadInfra, readEntities, readRepoText, valueOf } from './support/infra-files.js';

interface EventSubscriptionsHook {
  subscribedFunctions(entities: unknown): string[];
  requiredEnvironment: string[];
  functionsListUrl(environment: Record<string, string | undefined>): URL;
  subscriptionsProvision(environment: Record<string, string | undefined>): {
    command: string;
    args: string[];
    env: Record<string, string | undefined>;
  };
}

const subscriptionsHook = (await import(
  pathToFileURL(join(repoRoot, 'infra/hooks/event-subscriptions.mjs')).href
)) as EventSubscriptionsHook;

/**
 * The scalar values of a block-style YAML file by dotted key path (`services.api.host`). Enough for azure.yaml,
 * which uses no flow collections, anchors or multi-line scalars.
 */
function yamlScalars(text: string): Map<string, string> {
  const scalars = new Map<string, string>();
  const path: Array<{ indent: number; key: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\s*)([\w$-]+):\s*(.*?)\s*$/.exec(line.replace(/\s+#.*$/, ''));
    if (!match || line.trimStart().startsWith('#')) continue;
    const [, spaces = '', key = '', value = ''] = match;
    while (path.length > 0 && (path.at(-1)?.indent ?? 0) >= spaces.length) path.pop();
    path.push({ indent: spaces.length, key });
    if (value !== '')
      scalars.set(path.map((part) => part.key).join('.'), value.replace(/^(['"])(.*)\1$/, '$2'));
  }
  return scalars;
}

describe('azd template', () => {
  it('deploys the api service as a TypeScript function app when azd reads azure.yaml', () => {
    const yaml = yamlScalars(readRepoText('azure.yaml'));
    assert.equal(yaml.get('services.api.project'), '.');
    assert.equal(yaml.get('services.api.language'), 'ts');
    assert.equal(yaml.get('services.api.host'), 'function');
    assert.equal(yaml.get('infra.path'), 'infra');
    assert.equal(yaml.get('infra.module'), 'main');
  });

  it('runs the postprovision and postdeploy hooks with node on every platform', () => {
    const yaml = yamlScalars(readRepoText('azure.yaml'));
    for (const hook of ['postprovision', 'postdeploy']) {
      for (const platform of ['posix', 'windows']) {
        const run = yaml.get(`hooks.${hook}.${platform}.run`) ?? '';
        assert.match(run, /^node infra\/hooks\/[\w-]+\.mjs$/, `${hook} on ${platform}`);
        assert.ok(existsSync(join(repoRoot, run.replace(/^node /, ''))), run);
      }
    }
  });

  it("maps the azd environment to main.bicep's parameters, each of which exists", async () => {
    const infra = await loadInfra();
    const parameters = JSON.parse(readRepoText('infra/main.parameters.json')) as {
      parameters: Record<string, { value: string }>;
    };
    const mapped = Object.fromEntries(
      Object.entries(parameters.parameters).map(([name, { value }]) => [name, value]),
    );
    assert.equal(mapped.environmentName, '${AZURE_ENV_NAME}');
    assert.equal(mapped.location, '${AZURE_LOCATION}');
    assert.equal(mapped.principalId, '${AZURE_PRINCIPAL_ID}');
    const params = declarations(infra.file('infra/main.bicep'), 'parameter_declaration');
    for (const name of Object.keys(mapped))
      assert.ok(
        params.some((param) => param.name === name),
        name,
      );
    for (const param of params.filter((param) => param.value === undefined)) {
      assert.ok(param.name in mapped, `${param.name} has no default, so azd must supply it`);
    }
  });

  it('scopes main.bicep to the subscription and creates the resource group tagged with the environment', async () => {
    const infra = await loadInfra();
    const main = infra.file('infra/main.bicep');
    const scope = main.root.namedChildren.find((node) => node.type === 'target_scope_assignment');
    assert.equal(stringLiteral(scope?.namedChildren[0]), 'subscription');
    const group = infra.resources.find((resource) => resource.type === 'Microsoft.Resources/resourceGroups');
    assert.equal(valueAt(group?.body, ['tags'])?.text, 'tags');
    const tags = valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', 'tags'));
    assert.equal(valueAt(tags, ['azd-env-name'])?.text, 'environmentName');
    const token = valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', 'resourceToken'));
    assert.equal(token.text, 'toLower(uniqueString(subscription().id, environmentName, location))');
  });

  it('tags every resource that has a location with the azd environment', async () => {
    const infra = await loadInfra();
    const located = infra.resources.filter(
      (resource) => !resource.existing && valueAt(resource.body, ['location']),
    );
    assert.ok(located.length > 15);
    for (const resource of located) {
      const tags = valueAt(resource.body, ['tags'])?.text ?? '';
      assert.match(tags, /^(tags|union\(tags, .*\))$/, `${resource.file}: ${resource.symbol}`);
    }
    for (const module of declarations(infra.file('infra/main.bicep'), 'module_declaration')) {
      const params = valueAt(module.value, ['params']);
      if (valueAt(params, ['location']) !== undefined)
        assert.equal(valueAt(params, ['tags'])?.text, 'tags', module.name);
    }
  });

  it('tags the function app with the azd service name of azure.yaml', async () => {
    const infra = await loadInfra();
    const site = infra.resources.find(
      (resource) => resource.type === 'Microsoft.Web/sites' && !resource.existing,
    );
    assert.equal(valueAt(site?.body, ['tags'])?.text, "union(tags, { 'azd-service-name': serviceName })");
    const functionApp = infra.declaration('infra/main.bicep', 'module_declaration', 'functionApp');
    assert.equal(stringLiteral(valueAt(functionApp.value, ['params', 'serviceName'])), 'api');
  });

  it('names resources with abbreviations that infra/abbreviations.json defines', async () => {
    const infra = await loadInfra();
    const abbreviations = JSON.parse(readRepoText('infra/abbreviations.json')) as Record<string, string>;
    const used = descendants(infra.file('infra/main.bicep').root)
      .filter(
        (node) => node.type === 'member_expression' && node.childForFieldName('object')?.text === 'abbrs',
      )
      .map((node) => node.childForFieldName('property')?.text ?? '');
    assert.ok(used.length > 10);
    for (const name of used) assert.ok(name in abbreviations, name);
  });

  it('adds the Event Grid subscriptions in a second provisioning when the postdeploy hook runs', async () => {
    const infra = await loadInfra();
    const module = infra.declaration('infra/main.bicep', 'module_declaration', 'eventSubscriptions');
    assert.equal(modulePath(module), 'subscriptions.bicep');
    assert.equal(moduleCondition(module)?.text, '(eventSubscriptionsEnabled)');
    const flag = infra.declaration('infra/main.bicep', 'parameter_declaration', 'eventSubscriptionsEnabled');
    assert.equal(flag.value?.text, 'false');
    const parameters = JSON.parse(readRepoText('infra/main.parameters.json')) as {
      parameters: Record<string, { value: string }>;
    };
    assert.equal(
      parameters.parameters.eventSubscriptionsEnabled?.value,
      '${EVENT_SUBSCRIPTIONS_ENABLED=false}',
    );

    const environment = {
      ...Object.fromEntries(
        subscriptionsHook.requiredEnvironment.map((name) => [name, `${name.toLowerCase()}`]),
      ),
    };
    const provision = subscriptionsHook.subscriptionsProvision(environment);
    assert.equal(provision.command, 'azd');
    assert.deepEqual(provision.args, ['provision', '--no-prompt', '--environment', 'azure_env_name']);
    assert.equal(provision.env.EVENT_SUBSCRIPTIONS_ENABLED, 'true');
    assert.equal(environment.EVENT_SUBSCRIPTIONS_ENABLED, undefined, 'the flag is set for that run only');
  });

  it("waits for the subscribed functions by asking Azure Resource Manager for the app's functions", () => {
    const environment = Object.fromEntries(
      subscriptionsHook.requiredEnvironment.map((name) => [name, name.toLowerCase()]),
    );
    const url = subscriptionsHook.functionsListUrl(environment);
    assert.equal(
      url.pathname,
      '/subscriptions/azure_subscription_id/resourceGroups/azure_resource_group/providers/Microsoft.Web/sites/azure_function_app_name/functions',
    );
    assert.doesNotMatch(url.search, /code=|key/i);
    assert.deepEqual(
      subscriptionsHook.subscribedFunctions(readEntities()).sort(),
      readEntities()
        .UserConfig.EventGrid.Topics.flatMap((topic) => topic.subscriptions)
        .map((subscription) => subscription.properties.destination.properties.resourceId)
        .sort(),
    );
  });

  it('refuses to provision the subscriptions when the environment lacks an output, naming each', () => {
    assert.throws(() => subscriptionsHook.subscriptionsProvision({}), {
      message: new RegExp(`lacks ${subscriptionsHook.requiredEnvironment.join(', ')}\\.`),
    });
  });
});

describe('private networking option', () => {
  it('restricts every service to private access when vnetEnabled is set', async () => {
    const infra = await loadInfra();
    const flags: Record<string, string> = {
      serviceBus: 'privateOnly',
      eventHubs: 'privateOnly',
      eventGrid: 'privateOnly',
      storage: 'restrictPublicAccess',
    };
    for (const [module, flag] of Object.entries(flags)) {
      const declared = infra.declaration('infra/main.bicep', 'module_declaration', module);
      assert.equal(valueAt(declared.value, ['params', flag])?.text, 'vnetEnabled', `${module}.${flag}`);
    }
    const publicAccess: Array<[string, string[], RegExp]> = [
      [
        'Microsoft.ServiceBus/namespaces',
        ['properties', 'publicNetworkAccess'],
        /^privateOnly \? 'Disabled' : 'Enabled'$/,
      ],
      [
        'Microsoft.EventHub/namespaces',
        ['properties', 'publicNetworkAccess'],
        /^privateOnly \? 'Disabled' : 'Enabled'$/,
      ],
      [
        'Microsoft.EventGrid/topics',
        ['properties', 'publicNetworkAccess'],
        /^privateOnly \? 'Disabled' : 'Enabled'$/,
      ],
      [
        'Microsoft.Storage/storageAccounts',
        ['properties', 'networkAcls', 'defaultAction'],
        /^restrictPublicAccess \? 'Deny' : 'Allow'$/,
      ],
    ];
    for (const [type, path, expected] of publicAccess) {
      const resource = infra.resources.find((candidate) => candidate.type === type && !candidate.existing);
      assert.match(valueAt(resource?.body, path)?.text ?? '', expected, type);
    }
  });

  it('gives each service a private endpoint with its DNS zone when the network is on', async () => {
    const infra = await loadInfra();
    const targets = valueOf(
      infra.declaration('infra/main.bicep', 'variable_declaration', 'privateEndpointTargets'),
    );
    const endpoints = targets.namedChildren
      .filter((node) => node.type === 'object')
      .map((object) =>
        Object.fromEntries(objectEntries(object).map(({ key, value }) => [key, stringLiteral(value) ?? ''])),
      );
    const groups = endpoints.map((endpoint) => `${endpoint.service}:${endpoint.groupId}`).sort();
    assert.deepEqual(groups, [
      'eventGrid:topic',
      'eventHubs:namespace',
      'serviceBus:namespace',
      'storage:blob',
      'storage:queue',
      'storage:table',
    ]);
    const zones = objectEntries(
      valueOf(
        infra.declaration('infra/modules/network.bicep', 'variable_declaration', 'privateDnsZoneNames'),
      ),
    );
    for (const endpoint of endpoints)
      assert.ok(
        zones.some(({ key }) => key === endpoint.zone),
        `zone ${endpoint.zone}`,
      );
    const services = objectEntries(
      valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', 'privateEndpointServiceIds')),
    );
    for (const endpoint of endpoints)
      assert.ok(
        services.some(({ key }) => key === endpoint.service),
        endpoint.service ?? '',
      );
    const module = infra.declaration('infra/main.bicep', 'module_declaration', 'privateEndpoints');
    assert.equal(module.node.namedChildren[2]?.type, 'for_statement');
    assert.match(module.node.namedChildren[2]?.text ?? '', /: if \(vnetEnabled\) \{/);
  });

  it('integrates the function app with a delegated subnet and moves Service Bus to Premium when the network is on', async () => {
    const infra = await loadInfra();
    const network = infra.declaration('infra/main.bicep', 'module_declaration', 'network');
    assert.equal(moduleCondition(network)?.text, '(vnetEnabled)');
    const functionApp = infra.declaration('infra/main.bicep', 'module_declaration', 'functionApp');
    assert.equal(
      valueAt(functionApp.value, ['params', 'subnetId'])?.text,
      "vnetEnabled ? network.outputs.appSubnetId : ''",
    );
    const tier = valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', 'serviceBusTier'));
    assert.equal(tier.text, "vnetEnabled ? 'Premium' : serviceBusSku");
    const vnet = infra.resources.find((resource) => resource.type === 'Microsoft.Network/virtualNetworks');
    assert.match(
      valueAt(vnet?.body, ['properties', 'subnets'])?.text ?? '',
      /serviceName: 'Microsoft\.App\/environments'/,
    );
    const vnetParam = infra.declaration('infra/main.bicep', 'parameter_declaration', 'vnetEnabled');
    assert.equal(vnetParam.value?.text, 'false');
  });
});
