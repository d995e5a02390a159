import { retryPolicyFromHostConfig, type RetryPolicy } from '../invocation/retry-policy.js';
import { HostStartError } from '../host-start-error.js';
import { type EventHubsOptions, readEventHubsOptions } from '../triggers/event-hubs/event-hubs-options.js';
import {
  readServiceBusOptions,
  type ServiceBusOptions,
} from '../triggers/service-bus/service-bus-options.js';
import { AppSettings } from './app-settings.js';
import { HostConfig } from './host-config.js';
import { type HostOptions, readHostOptions } from './host-options.js';
import { readLocalSettings } from './local-settings.js';

/** Everything the host reads from settings and host.json before it loads the app. */
export interface HostSettings {
  /** local.settings.json `Values`, plus what `func start` sets for a local run. */
  localValues: Record<string, string>;
  settings: AppSettings;
  config: HostConfig;
  hostOptions: HostOptions;
  hostRetryPolicy: RetryPolicy | undefined;
  serviceBusOptions: ServiceBusOptions;
  eventHubsOptions: EventHubsOptions;
  localHttpPort: number | undefined;
}

/**
 * Reads local.settings.json, layers the app settings (local values, ConnectionStrings, the environment, the
 * host's own settings) and reads host.json with its overrides. Problems in host.json stay in `config.problems`,
 * to be reported with the app's own.
 */
export async function readHostSettings(options: {
  appDir: string;
  settings?: Record<string, string> | undefined;
  hostJson?: object | undefined;
}): Promise<HostSettings> {
  let local;
  try {
    local = await readLocalSettings(options.appDir);
  } catch (error) {
    throw new HostStartError([(error as Error).message], { cause: error });
  }
  const connectionStrings = Object.fromEntries(
    Object.entries(local.connectionStrings).map(([name, value]) => [`ConnectionStrings__${name}`, value]),
  );
  const localValues = { AZURE_FUNCTIONS_ENVIRONMENT: 'Development', ...local.values };
  const settings = new AppSettings([connectionStrings, localValues, process.env, options.settings ?? {}]);
  const config = await HostConfig.load({
    appDir: options.appDir,
    settings,
    ...(options.hostJson && { hostJson: options.hostJson }),
  });
  return {
    localValues,
    settings,
    config,
    hostOptions: readHostOptions(config),
    hostRetryPolicy: retryPolicyFromHostConfig(config),
    serviceBusOptions: readServiceBusOptions(config),
    eventHubsOptions: readEventHubsOptions(config),
    localHttpPort: local.localHttpPort,
  };
}
