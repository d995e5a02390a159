import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settingsContract } from '../../shared/config/settings-contract.js';
import {
  arrayElements,
  declarations,
  descendants,
  moduleCondition,
  modulePath,
  objectEntries,
  referencedNames,
  stringLiteral,
  valueAt,
  type BicepFile,
} from './support/bicep-tree.js';
import { loadInfra, valueOf, type Infra } from './support/infra-files.js';

const rolesModule = 'infra/modules/data-plane-roles.bicep';

/**
 * What each identity-based connection of the settings contract needs, and on which resource. The host keeps its
 * leases and checkpoints in blobs (Owner, as the Functions host requires); the app keeps its state in tables.
 */
const rolesByConnection: Record<string, { scope: string; roles: string[] }> = {
  AzureWebJobsStorage: {
    scope: 'Microsoft.Storage/storageAccounts',
    roles: ['Storage Blob Data Owner', 'Storage Table Data Contributor'],
  },
  ServiceBusConnection: {
    scope: 'Microsoft.ServiceBus/namespaces/queues',
    roles: ['Azure Service Bus Data Receiver', 'Azure Service Bus Data Sender'],
  },
  EventHubConnection: {
    scope: 'Microsoft.EventHub/namespaces/eventhubs',
    roles: ['Azure Event Hubs Data Receiver', 'Azure Event Hubs Data Sender'],
  },
  EventGridConnection: { scope: 'Microsoft.EventGrid/topics', roles: ['EventGrid Data Sender'] },
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: {
    scope: 'Microsoft.Insights/components',
    roles: ['Monitoring Metrics Publisher'],
  },
};

/** The built-in role map: role name to role definition id. */
function builtInRoles(infra: Infra): Map<string, string> {
  const map = valueOf(
    infra.declaration('infra/modules/built-in-roles.bicep', 'variable_declaration', 'builtInRoles'),
  );
  return new Map(objectEntries(map).map(({ key, value }) => [key, stringLiteral(value) ?? '']));
}

/** Role name arrays held in variables, by variable name. */
function roleLists(file: BicepFile): Map<string, string[]> {
  return new Map(
    declarations(file, 'variable_declaration')
      .filter((variable) => variable.value?.type === 'array')
      .map((variable) => [
        variable.name,
        arrayElements(variable.value).map((element) => stringLiteral(element) ?? ''),
      ]),
  );
}

/**
 * Role names a loop's list grants: the list itself when it is an array of role names, otherwise every built-in
 * role named in the variable's value (a list of `{ entity, role }` grants built from other lists).
 */
function loopRoles(infra: Infra, file: BicepFile, listName: string): string[] | undefined {
  const lists = roleLists(file);
  if (lists.has(listName)) return lists.get(listName);
  const variable = declarations(file, 'variable_declaration').find(
    (declaration) => declaration.name === listName,
  );
  if (variable?.value === undefined) return undefined;
  const known = builtInRoles(infra);
  return descendants(variable.value)
    .map((node) => stringLiteral(node))
    .filter((text): text is string => text !== undefined && known.has(text));
}

/** Scope resource type -> roles granted on it, read from the role assignment loops of a file. */
function grantedRoles(infra: Infra, path: string): Map<string, string[]> {
  const file = infra.file(path);
  const fileResources = infra.resources.filter((resource) => resource.file === path);
  const granted = new Map<string, string[]>();
  for (const assignment of fileResources.filter(
    (resource) => resource.type === 'Microsoft.Authorization/roleAssignments',
  )) {
    // A scope may be one element of a resource loop (`queues[i]`): its type is the loop's.
    const scopeSymbol = valueAt(assignment.body, ['scope'])?.text.replace(/\[[^\]]*\]$/, '');
    const scope = fileResources.find((resource) => resource.symbol === scopeSymbol);
    const loop = assignment.node.namedChildren.find((child) => child.type === 'for_statement');
    const listName = loop?.namedChildren[1]?.text ?? '';
    const roles = loopRoles(infra, file, listName);
    assert.ok(scope !== undefined, `${assignment.symbol} is scoped to a resource of the file`);
    assert.ok(roles !== undefined && roles.length > 0, `${assignment.symbol} loops over roles it names`);
    granted.set(scope.type, [...(granted.get(scope.type) ?? []), ...roles].sort());
  }
  return granted;
}

describe('role assignments', () => {
  it('covers every identity-based connection of the settings contract when the table of needed roles is read', () => {
    const connections = settingsContract
      .filter((setting) => setting.name.endsWith('__clientId'))
      .map((setting) => setting.name.replace(/__clientId$/, ''));
    const monitoring = settingsContract.filter(
      (setting) => setting.name === 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
    );
    assert.deepEqual(
      [...connections, ...monitoring.map((setting) => setting.name)].sort(),
      Object.keys(rolesByConnection).sort(),
    );
  });

  it('grants exactly the data-plane roles the app uses, each on the resource it is used on', async () => {
    const infra = await loadInfra();
    const expected = new Map(
      Object.values(rolesByConnection).map(({ scope, roles }) => [scope, [...roles].sort()] as const),
    );
    assert.deepEqual(grantedRoles(infra, rolesModule), expected);
  });

  it('grants Service Bus roles per queue: send to the three queues, receive only commands and replies', async () => {
    const infra = await loadInfra();
    const queues = (name: string) =>
      arrayElements(valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', name))).map(
        (element) => element.text,
      );
    assert.deepEqual(queues('serviceBusSendQueues'), [
      'appSettings.StockCommandsQueueName',
      'appSettings.StockRepliesQueueName',
      'appSettings.InvalidMessagesQueueName',
    ]);
    assert.deepEqual(queues('serviceBusReceiveQueues'), [
      'appSettings.StockCommandsQueueName',
      'appSettings.StockRepliesQueueName',
    ]);
    for (const module of ['appRoles', 'deployerRoles']) {
      const params = infra.declaration('infra/main.bicep', 'module_declaration', module).value;
      assert.equal(valueAt(params, ['params', 'serviceBusSendQueues'])?.text, 'serviceBusSendQueues', module);
      assert.equal(
        valueAt(params, ['params', 'serviceBusReceiveQueues'])?.text,
        'serviceBusReceiveQueues',
        module,
      );
    }
  });

  it('names every role by a built-in role whose id is a GUID when a role is granted', async () => {
    const infra = await loadInfra();
    const roles = builtInRoles(infra);
    for (const role of [...roleLists(infra.file(rolesModule)).values()].flat()) {
      assert.match(
        roles.get(role) ?? '',
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        role,
      );
    }
    for (const assignment of infra.resources.filter(
      (resource) => resource.type === 'Microsoft.Authorization/roleAssignments',
    )) {
      const definition = valueAt(assignment.body, ['properties', 'roleDefinitionId']);
      assert.ok(definition !== undefined, `${assignment.file}: ${assignment.symbol}`);
      assert.ok(
        referencedNames(definition).includes('builtInRoles'),
        `${assignment.file}: ${assignment.symbol} by name`,
      );
    }
  });

  it('names each assignment after its scope, principal and role, so redeploying changes nothing', async () => {
    const infra = await loadInfra();
    for (const assignment of infra.resources.filter(
      (resource) => resource.type === 'Microsoft.Authorization/roleAssignments',
    )) {
      const name = valueAt(assignment.body, ['name']);
      const where = `${assignment.file}: ${assignment.symbol}`;
      assert.match(name?.text ?? '', /^guid\(/, where);
      const names = referencedNames(name ?? assignment.node);
      assert.ok(
        names.some((n) => /principalId$/i.test(n)),
        `${where} includes the principal`,
      );
      assert.ok(names.includes('builtInRoles'), `${where} includes the role`);
    }
  });

  it('grants the roles to the app identity and, when a principal is given, to the deploying principal', async () => {
    const infra = await loadInfra();
    const main = infra.file('infra/main.bicep');
    const grants = declarations(main, 'module_declaration').filter(
      (module) => modulePath(module) === 'modules/data-plane-roles.bicep',
    );
    assert.equal(grants.length, 2);
    const [app, deployer] = grants;
    assert.equal(valueAt(app?.value, ['params', 'principalId'])?.text, 'identity.outputs.principalId');
    assert.equal(stringLiteral(valueAt(app?.value, ['params', 'principalType'])), 'ServicePrincipal');
    assert.equal(app && moduleCondition(app), undefined);
    assert.equal(valueAt(deployer?.value, ['params', 'principalId'])?.text, 'principalId');
    assert.equal(deployer && moduleCondition(deployer)?.text, '(!empty(principalId))');
    const principal = infra.declaration('infra/main.bicep', 'parameter_declaration', 'principalId');
    assert.equal(stringLiteral(principal.value), '');
  });

  it('lets the app start only once its identity holds its roles', async () => {
    const infra = await loadInfra();
    const functionApp = infra.declaration('infra/main.bicep', 'module_declaration', 'functionApp');
    assert.deepEqual(
      arrayElements(valueAt(functionApp.value, ['dependsOn'])).map((element) => element.text),
      ['appRoles'],
    );
  });

  it('lets Event Grid write dead-letters with its own identity to the dead-letter containers only', async () => {
    const infra = await loadInfra();
    const roles = builtInRoles(infra);
    const storage = infra.resources.filter((resource) => resource.file === 'infra/modules/storage.bicep');
    const writer = storage.find((resource) => resource.type === 'Microsoft.Authorization/roleAssignments');
    assert.ok(writer !== undefined);
    const scope = valueAt(writer.body, ['scope'])?.text ?? '';
    const scoped = storage.find((resource) => resource.symbol === scope.replace(/\[i\]$/, ''));
    assert.equal(scoped?.type, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    assert.match(
      valueAt(writer.body, ['properties', 'roleDefinitionId'])?.text ?? '',
      /'Storage Blob Data Contributor'/,
    );
    assert.ok(roles.has('Storage Blob Data Contributor'));
    const storageModule = infra.declaration('infra/main.bicep', 'module_declaration', 'storage');
    assert.equal(
      valueAt(storageModule.value, ['params', 'deadLetterWriterPrincipalId'])?.text,
      'eventGrid.outputs.principalId',
    );
    const topic = infra.resources.find(
      (resource) => resource.type === 'Microsoft.EventGrid/topics' && !resource.existing,
    );
    assert.equal(stringLiteral(valueAt(topic?.body, ['identity', 'type'])), 'SystemAssigned');
  });
});
