import { availableParallelism } from 'node:os';
import type { HostConfig } from '../../settings/host-config.js';

/** host.json `extensions.serviceBus`, the settings of Service Bus extension 5.x that this host honours. */
export interface ServiceBusOptions {
  autoCompleteMessages: boolean;
  maxAutoLockRenewalDurationMs: number;
  maxConcurrentCalls: number;
  maxConcurrentSessions: number;
  sessionIdleTimeoutMs: number;
}

export function readServiceBusOptions(config: HostConfig): ServiceBusOptions {
  const section = 'extensions.serviceBus';
  return {
    autoCompleteMessages: config.boolean(`${section}.autoCompleteMessages`, true),
    maxAutoLockRenewalDurationMs: config.timeSpan(`${section}.maxAutoLockRenewalDuration`, 5 * 60_000),
    // The extension's default: 16 per processor.
    maxConcurrentCalls: config.integer(`${section}.maxConcurrentCalls`, 16 * availableParallelism(), {
      min: 1,
    }),
    maxConcurrentSessions: config.integer(`${section}.maxConcurrentSessions`, 8, { min: 1 }),
    // Unset in the extension, which then waits the SDK's try timeout (60 s) for a session's next message.
    sessionIdleTimeoutMs: config.timeSpan(`${section}.sessionIdleTimeout`, 60_000),
  };
}
