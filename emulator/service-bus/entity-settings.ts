import { parseDuration } from './durations.js';
import type { QueuePropertiesInput, TopicPropertiesInput } from './entity-properties.js';

/** The settings of a receivable entity (queue or subscription), with Azure's defaults applied. */
export interface EntitySettings {
  lockDurationMs: number;
  maxDeliveryCount: number;
  defaultTtlMs: number;
  deadLetterOnExpiration: boolean;
  requiresSession: boolean;
  requiresDuplicateDetection: boolean;
  duplicateWindowMs: number;
  maxMessageSizeBytes: number;
  forwardTo?: string;
  forwardDeadLetteredMessagesTo?: string;
}

export const defaults = {
  lockDurationMs: 60_000,
  maxLockDurationMs: 300_000,
  maxDeliveryCount: 10,
  duplicateWindowMs: 600_000,
  maxMessageSizeBytes: 262_144,
} as const;

export class InvalidEntityError extends Error {
  override name = 'InvalidEntityError';
}

/** Validates the official Config.json properties of a queue or subscription; every problem is reported at once. */
export function entitySettings(where: string, input: QueuePropertiesInput | undefined): EntitySettings {
  const problems: string[] = [];
  const p = input ?? {};
  const duration = (key: keyof QueuePropertiesInput, fallback: number): number => {
    const raw = p[key];
    if (raw === undefined) return fallback;
    const ms = typeof raw === 'string' ? parseDuration(raw) : undefined;
    if (ms === undefined || ms <= 0) {
      problems.push(`${key} '${String(raw)}' is not a positive ISO 8601 duration`);
      return fallback;
    }
    return ms;
  };
  const lockDurationMs = duration('LockDuration', defaults.lockDurationMs);
  if (lockDurationMs < 5_000 || lockDurationMs > defaults.maxLockDurationMs)
    problems.push('LockDuration must be between 5 seconds and 5 minutes');
  const maxDeliveryCount = p.MaxDeliveryCount ?? defaults.maxDeliveryCount;
  if (!Number.isInteger(maxDeliveryCount) || maxDeliveryCount < 1)
    problems.push('MaxDeliveryCount must be an integer of at least 1');
  const maxKb = p.MaxMessageSizeInKilobytes;
  if (maxKb !== undefined && (!Number.isInteger(maxKb) || maxKb < 1))
    problems.push('MaxMessageSizeInKilobytes must be a positive integer');
  const settings: EntitySettings = {
    lockDurationMs,
    maxDeliveryCount,
    defaultTtlMs: duration('DefaultMessageTimeToLive', Number.POSITIVE_INFINITY),
    deadLetterOnExpiration: p.DeadLetteringOnMessageExpiration ?? false,
    requiresSession: p.RequiresSession ?? false,
    requiresDuplicateDetection: p.RequiresDuplicateDetection ?? false,
    duplicateWindowMs: duration('DuplicateDetectionHistoryTimeWindow', defaults.duplicateWindowMs),
    maxMessageSizeBytes: maxKb ? maxKb * 1024 : defaults.maxMessageSizeBytes,
    ...(p.ForwardTo ? { forwardTo: p.ForwardTo } : {}),
    ...(p.ForwardDeadLetteredMessagesTo
      ? { forwardDeadLetteredMessagesTo: p.ForwardDeadLetteredMessagesTo }
      : {}),
  };
  if (problems.length) throw new InvalidEntityError(`${where}: ${problems.join('; ')}.`);
  return settings;
}

/** Topic-level settings: what applies when a message is accepted, before it is copied to subscriptions. */
export function topicSettings(where: string, input: TopicPropertiesInput | undefined): EntitySettings {
  return entitySettings(where, {
    ...(input?.DefaultMessageTimeToLive ? { DefaultMessageTimeToLive: input.DefaultMessageTimeToLive } : {}),
    ...(input?.DuplicateDetectionHistoryTimeWindow
      ? { DuplicateDetectionHistoryTimeWindow: input.DuplicateDetectionHistoryTimeWindow }
      : {}),
    ...(input?.RequiresDuplicateDetection !== undefined
      ? { RequiresDuplicateDetection: input.RequiresDuplicateDetection }
      : {}),
    ...(input?.MaxMessageSizeInKilobytes !== undefined
      ? { MaxMessageSizeInKilobytes: input.MaxMessageSizeInKilobytes }
      : {}),
  });
}
