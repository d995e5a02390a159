import type { MonitoringConfig } from '../config/app-config.js';
import { credentialFor } from './azure-credential.js';

/** Application Insights for this instance, or nothing at all. */
export interface Monitoring {
  readonly enabled: boolean;
  /** Sends what is queued and stops. Idempotent. */
  close(): Promise<void>;
}

const noMonitoring: Monitoring = { enabled: false, close: () => Promise.resolve() };

/**
 * Starts Application Insights (OpenTelemetry under the `applicationinsights` 3.x package) when a connection string
 * is set: requests, dependencies (the Azure SDK calls) and exceptions, correlated by W3C trace context. Without one
 * it returns a no-op and does not even load the package, which would only cost start-up time.
 */
export async function startMonitoring(config: MonitoringConfig): Promise<Monitoring> {
  const { connectionString } = config;
  if (connectionString === undefined) return noMonitoring;
  const { useAzureMonitor, shutdownAzureMonitor } = await import('applicationinsights');
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString,
      ...(config.identity === undefined ? {} : { credential: credentialFor(config.identity) }),
    },
  });
  let closing: Promise<void> | undefined;
  return { enabled: true, close: () => (closing ??= shutdownAzureMonitor()) };
}
