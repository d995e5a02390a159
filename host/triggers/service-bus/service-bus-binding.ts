import type { RegisteredFunction } from '../../core/app-registry.js';
import type { NamedBinding } from '../../function-bindings.js';
import { bindingReader } from '../binding-reader.js';
import type { AppSettings } from '../../settings/app-settings.js';
import { resolveConnection } from '../../settings/connections.js';

export type ServiceBusEntity = { queueName: string } | { topicName: string; subscriptionName: string };

/** A Service Bus trigger as the host reads it from the function's binding. */
export interface ServiceBusBinding {
  fn: RegisteredFunction;
  triggerName: string;
  entity: ServiceBusEntity;
  /** How the entity reads in logs: `orders`, or `events/Subscriptions/audit`. */
  entityPath: string;
  connectionString: string;
  isSessionsEnabled: boolean;
  /** The binding's own `autoCompleteMessages`, which wins over host.json's. */
  autoCompleteMessages: boolean | undefined;
  /** `binary` hands the body over as bytes; otherwise it is UTF-8 text. */
  dataType: 'string' | 'binary';
}

/**
 * Reads a Service Bus trigger: the entity names (with `%Setting%` resolved), the connection (by name, as the
 * extension resolves it), sessions and settlement. Every problem is returned, none thrown.
 */
export function readServiceBusBinding(options: {
  fn: RegisteredFunction;
  trigger: NamedBinding;
  settings: AppSettings;
}): { binding?: ServiceBusBinding; problems: string[] } {
  const { fn, trigger, settings } = options;
  const problems: string[] = [];
  const { where, option, resolve } = bindingReader({ fn, trigger, settings, problems });
  const queueName = resolve('queueName');
  const topicName = resolve('topicName');
  const subscriptionName = resolve('subscriptionName');
  let entity: ServiceBusEntity | undefined;
  if (queueName && !topicName) entity = { queueName };
  else if (topicName && subscriptionName && !queueName) entity = { topicName, subscriptionName };
  else
    problems.push(
      `${where}: a Service Bus trigger needs either "queueName", or "topicName" and "subscriptionName"`,
    );

  if (option('cardinality') === 'many') {
    problems.push(`${where}: Service Bus batches (cardinality "many") are not supported by this host`);
  }
  if (option('sdkBinding') === true) {
    problems.push(`${where}: SDK-type bindings (sdkBinding) are not supported by this host`);
  }

  const connectionOption = option('connection');
  const connectionName =
    typeof connectionOption === 'string' && connectionOption ? connectionOption : 'AzureWebJobsServiceBus';
  const resolved = resolveConnection(settings, connectionName, 'Service Bus');
  let connectionString: string | undefined;
  if ('problem' in resolved) problems.push(`${where}: ${resolved.problem}`);
  else if (resolved.connection.kind === 'identity') {
    problems.push(
      `${where}: the Service Bus connection "${connectionName}" is identity-based (__fullyQualifiedNamespace); ` +
        "this host needs a connection string, such as the emulator's",
    );
  } else connectionString = resolved.connection.connectionString;

  if (problems.length > 0 || !entity || !connectionString) return { problems };
  const autoComplete = option('autoCompleteMessages');
  return {
    problems,
    binding: {
      fn,
      triggerName: trigger.name,
      entity,
      entityPath:
        'queueName' in entity
          ? entity.queueName
          : `${entity.topicName}/Subscriptions/${entity.subscriptionName}`,
      connectionString,
      isSessionsEnabled: option('isSessionsEnabled') === true,
      autoCompleteMessages: typeof autoComplete === 'boolean' ? autoComplete : undefined,
      dataType: option('dataType') === 'binary' || option('dataType') === 'stream' ? 'binary' : 'string',
    },
  };
}
