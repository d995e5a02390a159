import type { RegisteredFunction } from '../../core/app-registry.js';
import type { NamedBinding } from '../../function-bindings.js';
import { bindingReader } from '../binding-reader.js';
import { type RetryPolicy, retryPolicyFromOptions } from '../../invocation/retry-policy.js';
import type { AppSettings } from '../../settings/app-settings.js';
import { resolveConnection } from '../../settings/connections.js';
import { resolveStorageConnection, type StorageConnection } from '../../settings/storage-connection.js';

/** How the trigger reaches its namespace: a connection string, or the namespace with an identity. */
export type EventHubsConnection =
  | { kind: 'connectionString'; setting: string; connectionString: string }
  | { kind: 'identity'; setting: string; fullyQualifiedNamespace: string };

/** An Event Hubs trigger as the host reads it from the function's binding. */
export interface EventHubsBinding {
  fn: RegisteredFunction;
  triggerName: string;
  eventHubName: string;
  /** As written after `%Setting%` resolution; `$Default` when the binding names none. */
  consumerGroup: string;
  connection: EventHubsConnection;
  /** Where checkpoints and partition ownership are kept: `AzureWebJobsStorage`. */
  storage: StorageConnection;
  /** `many` hands the function a batch (an array); `one` an event per invocation. */
  cardinality: 'one' | 'many';
  /** `string` and `binary` hand bodies over as text or bytes; undefined is the default (`object`). */
  dataType: 'string' | 'binary' | undefined;
  /** The function's `retry`, else host.json's. */
  retryPolicy: RetryPolicy | undefined;
}

/**
 * Reads an Event Hubs trigger: hub and consumer group (with `%Setting%` resolved, an `EntityPath` in the connection
 * string winning over `eventHubName` as in the extension), the connection by name or `__fullyQualifiedNamespace`,
 * cardinality, dataType and the retry policy. Every problem is returned, none thrown.
 */
export function readEventHubsBinding(options: {
  fn: RegisteredFunction;
  trigger: NamedBinding;
  settings: AppSettings;
  hostRetryPolicy: RetryPolicy | undefined;
}): { binding?: EventHubsBinding; problems: string[] } {
  const { fn, trigger, settings } = options;
  const problems: string[] = [];
  const { where, option, resolve } = bindingReader({ fn, trigger, settings, problems });

  const connectionOption = option('connection');
  const connectionName =
    typeof connectionOption === 'string' && connectionOption ? connectionOption : 'AzureWebJobsEventHub';
  const resolved = resolveConnection(settings, connectionName, 'Event Hubs');
  let connection: EventHubsConnection | undefined;
  if ('problem' in resolved) problems.push(`${where}: ${resolved.problem}`);
  else if (resolved.connection.kind === 'identity') {
    const { setting, fullyQualifiedNamespace } = resolved.connection;
    connection = { kind: 'identity', setting, fullyQualifiedNamespace };
  } else {
    const { setting, connectionString } = resolved.connection;
    connection = { kind: 'connectionString', setting, connectionString };
  }

  const entityPath =
    connection?.kind === 'connectionString' ? entityPathOf(connection.connectionString) : undefined;
  const eventHubName = entityPath ?? resolve('eventHubName');
  if (!eventHubName && connection) {
    problems.push(
      `${where}: an Event Hubs trigger needs "eventHubName" (or an EntityPath in its connection string)`,
    );
  }
  const consumerGroup = resolve('consumerGroup') ?? '$Default';

  const cardinality = option('cardinality') ?? 'one';
  if (cardinality !== 'one' && cardinality !== 'many') {
    problems.push(`${where}: "cardinality" must be "one" or "many", not ${JSON.stringify(cardinality)}`);
  }
  const dataTypeOption = option('dataType');
  const dataType =
    dataTypeOption === 'binary' || dataTypeOption === 'stream'
      ? 'binary'
      : dataTypeOption === 'string'
        ? 'string'
        : undefined;
  if (option('sdkBinding') === true) {
    problems.push(`${where}: SDK-type bindings (sdkBinding) are not supported by this host`);
  }

  const storage = resolveStorageConnection(settings);
  if ('problem' in storage) {
    problems.push(
      `${where}: the Event Hubs trigger keeps its checkpoints in blob storage, but ${storage.problem}`,
    );
  }

  const retryPolicy = fn.metadata.retryOptions
    ? retryPolicyFromOptions(fn.metadata.retryOptions, problems, `${where} "retry"`)
    : options.hostRetryPolicy;

  if (problems.length > 0 || !connection || !eventHubName || 'problem' in storage) return { problems };
  return {
    problems,
    binding: {
      fn,
      triggerName: trigger.name,
      eventHubName,
      consumerGroup,
      connection,
      storage: storage.connection,
      cardinality: cardinality === 'many' ? 'many' : 'one',
      dataType,
      retryPolicy,
    },
  };
}

/** The `EntityPath` of an Event Hubs connection string, if it names one. */
function entityPathOf(connectionString: string): string | undefined {
  for (const part of connectionString.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim().toLowerCase() === 'entitypath') {
      return part.slice(separator + 1).trim() || undefined;
    }
  }
  return undefined;
}
