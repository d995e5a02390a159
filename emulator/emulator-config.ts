import { readFileSync } from 'node:fs';
import type { QueueInput, TopicInput } from './service-bus/entity-properties.js';

/** One event hub as the official Event Hubs emulator's Config.json declares it. */
export interface EventHubInput {
  Name: string;
  PartitionCount: number | string;
  ConsumerGroups?: Array<{ Name: string }>;
  /** Not in the official file (its retention is fixed at one hour); hours, default 1. */
  MessageRetentionInHours?: number;
}

/**
 * The entities the local cloud serves. The file format is the official Service Bus emulator's Config.json
 * (`UserConfig.Namespaces`) merged with the official Event Hubs emulator's (`UserConfig.NamespaceConfig`), plus an
 * `EventGrid` section of our own; each official file works on its own too.
 */
export interface EmulatorConfig {
  queues: QueueInput[];
  topics: TopicInput[];
  eventHubs: EventHubInput[];
  /** The raw `UserConfig.EventGrid` section, validated by the Event Grid emulator. */
  eventGrid: unknown;
}

export class EmulatorConfigError extends Error {
  override name = 'EmulatorConfigError';
}

export function loadEmulatorConfig(source: unknown): EmulatorConfig {
  if (source === undefined) return { queues: [], topics: [], eventHubs: [], eventGrid: undefined };
  const raw = typeof source === 'string' ? readJson(source) : source;
  const problems: string[] = [];
  const userConfig = (raw as { UserConfig?: Record<string, unknown> } | null)?.UserConfig;
  if (!userConfig || typeof userConfig !== 'object')
    throw new EmulatorConfigError('The emulator config needs a top-level "UserConfig" object.');
  const queues: QueueInput[] = [];
  const topics: TopicInput[] = [];
  const namespaces = userConfig.Namespaces ?? [];
  if (!Array.isArray(namespaces)) problems.push('UserConfig.Namespaces must be an array');
  else
    for (const [index, ns] of namespaces.entries()) {
      const namespace = ns as { Queues?: unknown; Topics?: unknown };
      if (namespace.Queues !== undefined && !Array.isArray(namespace.Queues))
        problems.push(`Namespaces[${index}].Queues must be an array`);
      if (namespace.Topics !== undefined && !Array.isArray(namespace.Topics))
        problems.push(`Namespaces[${index}].Topics must be an array`);
      queues.push(...((namespace.Queues as QueueInput[] | undefined) ?? []));
      topics.push(...((namespace.Topics as TopicInput[] | undefined) ?? []));
    }
  const eventHubs: EventHubInput[] = [];
  const ehNamespaces = userConfig.NamespaceConfig ?? [];
  if (!Array.isArray(ehNamespaces)) problems.push('UserConfig.NamespaceConfig must be an array');
  else
    for (const [index, ns] of ehNamespaces.entries()) {
      const namespace = ns as { Type?: unknown; Entities?: unknown };
      if (namespace.Type !== 'EventHub') problems.push(`NamespaceConfig[${index}].Type must be "EventHub"`);
      if (!Array.isArray(namespace.Entities))
        problems.push(`NamespaceConfig[${index}].Entities must be an array`);
      else eventHubs.push(...(namespace.Entities as EventHubInput[]));
    }
  for (const [index, entity] of [...queues, ...topics, ...eventHubs].entries()) {
    if (typeof (entity as { Name?: unknown })?.Name !== 'string')
      problems.push(`entity #${index + 1} has no "Name"`);
  }
  if (problems.length)
    throw new EmulatorConfigError(`The emulator config is invalid: ${problems.join('; ')}.`);
  return { queues, topics, eventHubs, eventGrid: userConfig.EventGrid };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new EmulatorConfigError(`Cannot read the emulator config '${path}': ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EmulatorConfigError(
      `The emulator config '${path}' is not valid JSON: ${(error as Error).message}`,
    );
  }
}
