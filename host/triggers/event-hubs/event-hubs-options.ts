import type { HostConfig } from '../../settings/host-config.js';

/** Where a partition without a checkpoint starts: `initialOffsetOptions`. */
export type InitialOffset =
  { type: 'fromStart' } | { type: 'fromEnd' } | { type: 'fromEnqueuedTime'; enqueuedTimeUtc: Date };

/** host.json `extensions.eventHubs`, the settings of Event Hubs extension 5.x/6.x that this host honours. */
export interface EventHubsOptions {
  /** Most events in one invocation of a `cardinality: 'many'` function. */
  maxEventBatchSize: number;
  /** Fewest events a batch waits for, at most `maxWaitTimeMs`; 1 dispatches what arrives. */
  minEventBatchSize: number;
  maxWaitTimeMs: number;
  /** Checkpoint after every n-th batch. */
  batchCheckpointFrequency: number;
  prefetchCount: number;
  initialOffset: InitialOffset;
  /** How often an instance looks at the partition ownership in the checkpoint store. */
  loadBalancingUpdateIntervalMs: number;
  /** How long an ownership lasts without being renewed before another instance may take the partition. */
  partitionOwnershipExpirationIntervalMs: number;
}

const maxWaitLimitMs = 10 * 60_000;
const offsetTypes = new Map<string, InitialOffset['type']>([
  ['fromstart', 'fromStart'],
  ['fromend', 'fromEnd'],
  ['fromenqueuedtime', 'fromEnqueuedTime'],
]);

/** Reads and checks `extensions.eventHubs` with the extension's defaults (`EventHubOptions`); problems go to `config`. */
export function readEventHubsOptions(config: HostConfig): EventHubsOptions {
  const section = 'extensions.eventHubs';
  const maxEventBatchSize = config.integer(`${section}.maxEventBatchSize`, 100, { min: 1 });
  const minEventBatchSize = config.integer(`${section}.minEventBatchSize`, 1, { min: 1 });
  if (minEventBatchSize > maxEventBatchSize) {
    config.problems.push(
      `host.json "${section}.minEventBatchSize" (${minEventBatchSize}) must not be more than "maxEventBatchSize" (${maxEventBatchSize})`,
    );
  }
  let maxWaitTimeMs = config.timeSpan(`${section}.maxWaitTime`, 60_000);
  if (maxWaitTimeMs < 0 || maxWaitTimeMs > maxWaitLimitMs) {
    config.problems.push(`host.json "${section}.maxWaitTime" must be from 00:00:00 to 00:10:00`);
    maxWaitTimeMs = 60_000;
  }
  const loadBalancingUpdateIntervalMs = config.timeSpan(`${section}.loadBalancingUpdateInterval`, 10_000);
  const partitionOwnershipExpirationIntervalMs = config.timeSpan(
    `${section}.partitionOwnershipExpirationInterval`,
    60_000,
  );
  if (
    loadBalancingUpdateIntervalMs <= 0 ||
    partitionOwnershipExpirationIntervalMs <= loadBalancingUpdateIntervalMs
  ) {
    config.problems.push(
      `host.json "${section}.partitionOwnershipExpirationInterval" must be longer than "loadBalancingUpdateInterval", which must be positive`,
    );
  }
  return {
    maxEventBatchSize,
    minEventBatchSize,
    maxWaitTimeMs,
    batchCheckpointFrequency: config.integer(`${section}.batchCheckpointFrequency`, 1, { min: 1 }),
    prefetchCount: config.integer(`${section}.prefetchCount`, 300, { min: 0 }),
    initialOffset: readInitialOffset(config, `${section}.initialOffsetOptions`),
    loadBalancingUpdateIntervalMs,
    partitionOwnershipExpirationIntervalMs,
  };
}

function readInitialOffset(config: HostConfig, section: string): InitialOffset {
  const text = config.string(`${section}.type`, 'fromStart');
  const type = offsetTypes.get(text.toLowerCase());
  if (!type) {
    config.problems.push(
      `host.json "${section}.type" must be fromStart, fromEnd or fromEnqueuedTime, not ${JSON.stringify(text)}`,
    );
    return { type: 'fromStart' };
  }
  if (type !== 'fromEnqueuedTime') return { type };
  const time = config.string(`${section}.enqueuedTimeUtc`, '');
  if (time.trim() === '') {
    // The extension's own message.
    config.problems.push(
      "A time must be specified for 'enqueuedTimeUtc', when 'initialOffsetOptions.type' is set to 'fromEnqueuedTime'.",
    );
    return { type: 'fromStart' };
  }
  const enqueuedTimeUtc = parseUtc(time);
  if (enqueuedTimeUtc === undefined) {
    config.problems.push(
      `host.json "${section}.enqueuedTimeUtc" must be a date and time, not ${JSON.stringify(time)}`,
    );
    return { type: 'fromStart' };
  }
  return { type, enqueuedTimeUtc };
}

/** A date as `DateTimeOffset.Parse` reads it here: a time without an offset is UTC, as the setting's name says. */
function parseUtc(text: string): Date | undefined {
  const trimmed = text.trim();
  const hasZone = /(?:z|[+-]\d{2}:?\d{2})$/i.test(trimmed);
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00` : trimmed;
  const ms = Date.parse(hasZone ? withTime : `${withTime}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
