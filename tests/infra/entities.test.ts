import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tableNames } from '../../shared/composition/table-names.js';
import {
  arrayElements,
  calls,
  declarations,
  firstArgument,
  objectEntries,
  repoRoot,
  stringLiteral,
  valueAt,
  type SyntaxNode,
} from './support/bicep-tree.js';
import { loadInfra, readEntities, readRepoText, valueOf } from './support/infra-files.js';

/** The keys of an object type declaration (`type x = { ... }`) and of its nested object types, by path. */
function typeKeys(node: SyntaxNode | undefined, path: readonly string[] = []): string[] {
  let current = node;
  for (const key of path) current = current && valueAt(current, [key]);
  return current?.type === 'object' ? objectEntries(current).map(({ key }) => key) : [];
}

/** The object type a `type <name> = { ... }` declaration defines. */
function typeDeclaration(root: SyntaxNode, name: string): SyntaxNode | undefined {
  const declaration = root.namedChildren.find(
    (node) => node.type === 'type_declaration' && node.namedChildren[0]?.text === name,
  );
  return declaration?.namedChildren[1];
}

/** The Event Grid triggers the app registers (`app.eventGrid('<name>', ...)` in functions/). */
function eventGridFunctions(): string[] {
  return readdirSync(join(repoRoot, 'functions'))
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) =>
      [...readRepoText(`functions/${name}`).matchAll(/app\.eventGrid\(\s*'([^']+)'/g)].map(
        (match) => match[1] ?? '',
      ),
    );
}

describe('entities in Bicep', () => {
  it('reads them from infra/entities.json, the declaration the local cloud reads', async () => {
    const infra = await loadInfra();
    for (const path of ['infra/main.bicep', 'infra/subscriptions.bicep']) {
      const loads = calls(infra.file(path)).filter((call) => call.name === 'loadJsonContent');
      assert.ok(
        loads.some((call) => stringLiteral(firstArgument(call.node)) === 'entities.json'),
        `${path} loads entities.json`,
      );
    }
    const main = (name: string) =>
      valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', name)).text;
    assert.equal(main('serviceBusQueues'), 'entities.UserConfig.Namespaces[0].Queues');
    assert.equal(main('eventHubDeclarations'), 'entities.UserConfig.NamespaceConfig[0].Entities');
    assert.equal(main('eventGridTopic'), 'entities.UserConfig.EventGrid.Topics[0]');
  });

  it('declares one namespace of each kind and one topic, as Azure gets one of each', () => {
    const { UserConfig } = readEntities();
    assert.equal(UserConfig.Namespaces.length, 1);
    assert.deepEqual(UserConfig.Namespaces[0]?.Topics, [], 'Service Bus topics are not mapped to Bicep');
    assert.deepEqual(
      UserConfig.NamespaceConfig.map((namespace) => namespace.Type),
      ['EventHub'],
    );
    assert.equal(UserConfig.EventGrid.Topics.length, 1);
  });

  it('maps every queue property the declaration uses to the ARM property of the same name', async () => {
    const infra = await loadInfra();
    const file = infra.file('infra/modules/service-bus.bicep');
    const queues = infra.resources.find(
      (resource) =>
        resource.file === 'infra/modules/service-bus.bicep' &&
        resource.type === 'Microsoft.ServiceBus/namespaces/queues',
    );
    const mapped = objectEntries(valueAt(queues?.body, ['properties']) ?? file.root).map(({ key, value }) => {
      assert.equal(value.text, `queue.Properties.${key[0]?.toUpperCase()}${key.slice(1)}`, key);
      return value.text.replace('queue.Properties.', '');
    });
    const declared = typeKeys(typeDeclaration(file.root, 'queueDeclaration'), ['Properties']);
    assert.deepEqual([...declared].sort(), [...mapped].sort());
    for (const queue of readEntities().UserConfig.Namespaces[0]?.Queues ?? []) {
      assert.deepEqual(Object.keys(queue.Properties).sort(), [...mapped].sort(), queue.Name);
    }
  });

  it('maps every event hub property and keeps within the Standard tier when hubs are declared', async () => {
    const infra = await loadInfra();
    const file = infra.file('infra/modules/event-hubs.bicep');
    const declared = typeKeys(typeDeclaration(file.root, 'eventHubDeclaration'));
    for (const hub of readEntities().UserConfig.NamespaceConfig[0]?.Entities ?? []) {
      for (const key of Object.keys(hub)) assert.ok(declared.includes(key), `${hub.Name}.${key} is mapped`);
      assert.ok(hub.PartitionCount >= 1 && hub.PartitionCount <= 32, `${hub.Name}: 1-32 partitions`);
      assert.ok((hub.MessageRetentionInHours ?? 1) <= 168, `${hub.Name}: at most 7 days`);
    }
    const hubs = declarations(file, 'module_declaration').find((module) => module.name === 'hubs');
    const params = objectEntries(valueAt(hubs?.value, ['params']) ?? file.root)
      .map(({ value }) => value.text)
      .join(' ');
    for (const key of declared)
      assert.match(params, new RegExp(`hub\\.\\??${key}\\b`), `${key} reaches the hub module`);
  });

  it('deploys each declared Event Grid subscription as declared, to a function the app registers', async () => {
    const infra = await loadInfra();
    const [topic] = readEntities().UserConfig.EventGrid.Topics;
    assert.equal(topic?.inputSchema, 'CloudEventSchemaV1_0');
    const subscriptions = infra.resources.find(
      (resource) => resource.type === 'Microsoft.EventGrid/topics/eventSubscriptions',
    );
    const mapped = objectEntries(
      valueAt(subscriptions?.body, ['properties']) ?? infra.file('infra/subscriptions.bicep').root,
    ).map(({ key }) => (key === 'deadLetterWithResourceIdentity' ? 'deadLetterDestination' : key));
    const registered = eventGridFunctions();
    assert.ok(registered.length > 0, 'functions/ registers Event Grid triggers');
    for (const subscription of topic?.subscriptions ?? []) {
      for (const key of Object.keys(subscription.properties))
        assert.ok(mapped.includes(key), `${subscription.name}: ${key}`);
      const { destination } = subscription.properties;
      assert.equal(destination.endpointType, 'AzureFunction', subscription.name);
      for (const key of Object.keys(destination.properties)) {
        assert.ok(
          ['resourceId', 'maxEventsPerBatch', 'preferredBatchSizeInKilobytes'].includes(key),
          `${subscription.name}: ${key}`,
        );
      }
      assert.ok(
        registered.includes(destination.properties.resourceId.split('/').at(-1) ?? ''),
        `${subscription.name} -> ${destination.properties.resourceId}`,
      );
      assert.equal(
        subscription.properties.deadLetterDestination?.endpointType ?? 'StorageBlob',
        'StorageBlob',
      );
    }
  });

  it('creates the dead-letter containers the subscriptions name, from the same declaration', async () => {
    const infra = await loadInfra();
    const deadLetters = valueOf(
      infra.declaration('infra/main.bicep', 'variable_declaration', 'deadLetterContainerNames'),
    );
    assert.match(deadLetters.text, /eventGridTopic\.subscriptions/);
    assert.match(deadLetters.text, /deadLetterDestination\.\?properties\.\?blobContainerName/);
    const storage = infra.declaration('infra/main.bicep', 'module_declaration', 'storage');
    assert.match(
      valueAt(storage.value, ['params', 'containerNames'])?.text ?? '',
      /deadLetterContainerNames/,
    );
  });

  it('creates the tables the app uses, by the names it uses', async () => {
    const infra = await loadInfra();
    const tables = arrayElements(
      valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', 'appTableNames')),
    );
    assert.deepEqual(tables.map((table) => stringLiteral(table)).sort(), Object.values(tableNames).sort());
  });
});
