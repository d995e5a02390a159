import type { EventHubInput } from '../emulator-config.js';

/** An event hub's settings, validated from its Config.json entry, with the official emulator's defaults. */
export interface HubSettings {
  name: string;
  partitionCount: number;
  /** Consumer group names as declared; `$Default` is always first. */
  consumerGroups: string[];
  retentionMs: number;
}

export const hubLimits = {
  maxPartitions: 32,
  defaultRetentionHours: 1,
  /** Azure's largest retention on the standard tier: 7 days. */
  maxRetentionHours: 168,
  /** Azure allows 20 consumer groups per hub on the standard tier. */
  maxConsumerGroups: 20,
} as const;

export const defaultConsumerGroup = '$Default';

export class InvalidEventHubError extends Error {
  override name = 'InvalidEventHubError';
}

/** Validates one Config.json entity; every problem is reported in one error. */
export function hubSettings(input: EventHubInput): HubSettings {
  const problems: string[] = [];
  const name = input?.Name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9]([A-Za-z0-9._-]{0,254}[A-Za-z0-9])?$/.test(name)) {
    problems.push(
      `'${String(name)}' is not a valid event hub name: letters, digits, '.', '-' and '_', starting and ending with a letter or digit`,
    );
  }
  const partitionCount = Number(input?.PartitionCount);
  if (!Number.isInteger(partitionCount) || partitionCount < 1 || partitionCount > hubLimits.maxPartitions) {
    problems.push(
      `PartitionCount must be an integer from 1 to ${hubLimits.maxPartitions}, got ${JSON.stringify(input?.PartitionCount)}`,
    );
  }
  const retentionHours = input?.MessageRetentionInHours ?? hubLimits.defaultRetentionHours;
  if (
    typeof retentionHours !== 'number' ||
    !(retentionHours > 0) ||
    retentionHours > hubLimits.maxRetentionHours
  ) {
    problems.push(
      `MessageRetentionInHours must be a number above 0 and at most ${hubLimits.maxRetentionHours}`,
    );
  }
  const consumerGroups = [defaultConsumerGroup];
  const declared = input?.ConsumerGroups ?? [];
  if (!Array.isArray(declared)) {
    problems.push('ConsumerGroups must be an array of { "Name": … }');
  } else {
    for (const group of declared) {
      const groupName = (group as { Name?: unknown } | null)?.Name;
      if (typeof groupName !== 'string' || !/^[A-Za-z0-9$][A-Za-z0-9._-]{0,49}$/.test(groupName)) {
        problems.push(`'${String(groupName)}' is not a valid consumer group name`);
      } else if (!consumerGroups.some((known) => known.toLowerCase() === groupName.toLowerCase())) {
        consumerGroups.push(groupName);
      }
    }
    if (consumerGroups.length > hubLimits.maxConsumerGroups)
      problems.push(`at most ${hubLimits.maxConsumerGroups} consumer groups are allowed`);
  }
  if (problems.length)
    throw new InvalidEventHubError(`Event hub '${String(name)}' is invalid: ${problems.join('; ')}.`);
  return {
    name,
    partitionCount,
    consumerGroups,
    retentionMs: retentionHours * 3_600_000,
  };
}
