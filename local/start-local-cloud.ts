import { join, resolve } from 'node:path';
import type { HostKeys, HostLog, RunningHost } from '../host/start-host.js';
import { startHost } from '../host/start-host.js';
import type { RunningEmulator } from '../emulator/start-emulator.js';
import { startEmulator } from '../emulator/start-emulator.js';
import type { RunningAzurite } from './start-azurite.js';
import { createDeadLetterContainers } from './dead-letter-containers.js';
import { devStorageAccount, startAzurite } from './start-azurite.js';

export interface LocalCloudOptions {
  /** The app folder (package.json, host.json, local.settings.json). */
  appDir: string;
  /** The entities file (official emulators' Config.json format). */
  config: string;
  /** Workspace for Azurite, the emulator and the host; omit to keep everything in memory (tests). */
  workspace?: string;
  /** Ports; the defaults are the ones `func start` and the official emulators use. 0 lets the OS choose. */
  ports?: {
    host?: number;
    amqp?: number;
    eventGrid?: number;
    admin?: number;
    blob?: number;
    queue?: number;
    table?: number;
  };
  /** Keys the host should keep across restarts. */
  keys?: Partial<HostKeys>;
  /** Compresses Event Grid's retry schedule (demos, tests). */
  eventGridRetryTimeScale?: number;
  hostLog?: HostLog;
  onProgress?: (step: string) => void;
}

export interface RunningLocalCloud {
  azurite: RunningAzurite;
  emulator: RunningEmulator;
  host: RunningHost;
  /** The app settings that point the app at this local cloud (what the host was given). */
  settings: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The whole system on one machine: Azurite for storage, the emulator for Service Bus, Event Hubs and Event Grid,
 * and the Functions host running the app against them. Starts in dependency order, stops in reverse, and undoes
 * what started when a later step fails.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<RunningLocalCloud> {
  const progress = options.onProgress ?? (() => {});
  const ports = options.ports ?? {};
  const workspace = options.workspace ? resolve(options.workspace) : undefined;
  const started: Array<{ close(): Promise<void> }> = [];
  const closeAll = async (): Promise<void> => {
    for (const service of started.reverse()) await service.close();
  };
  try {
    progress('Starting Azurite (storage)');
    const azurite = await startAzurite({
      ...(workspace ? { location: join(workspace, 'azurite') } : {}),
      blobPort: ports.blob ?? 10000,
      queuePort: ports.queue ?? 10001,
      tablePort: ports.table ?? 10002,
    });
    started.push(azurite);
    await createDeadLetterContainers({
      config: resolve(options.config),
      storageConnectionString: azurite.connectionString,
    });

    progress('Starting the emulator (Service Bus, Event Hubs, Event Grid)');
    const emulator = await startEmulator({
      config: resolve(options.config),
      ...(workspace ? { dataDir: join(workspace, 'emulator') } : {}),
      amqpPort: ports.amqp ?? 5672,
      eventGridPort: ports.eventGrid ?? 6500,
      adminPort: ports.admin ?? 5300,
      functionsHostLater: true,
      deadLetterStorage: {
        blobEndpoint: azurite.blobEndpoint,
        accountName: devStorageAccount.name,
        accountKey: devStorageAccount.key,
      },
      ...(options.eventGridRetryTimeScale
        ? { eventGridRetryTimeScale: options.eventGridRetryTimeScale }
        : {}),
    });
    started.push(emulator);

    // The app reads these names (see local.settings.sample.json); they win over local.settings.json so the app
    // always talks to this local cloud, whatever ports it got.
    const settings: Record<string, string> = {
      AzureWebJobsStorage: azurite.connectionString,
      ServiceBusConnection: emulator.connectionString,
      EventHubConnection: emulator.connectionString,
    };
    const [topic, ...others] = emulator.eventGrid.describe().topics;
    if (topic && others.length === 0) settings['EventGridConnection__topicEndpointUri'] = topic.endpoint;
    progress('Starting the Functions host with the app');
    const host = await startHost({
      appDir: options.appDir,
      port: ports.host ?? 7071,
      settings,
      ...(options.keys ? { keys: options.keys } : {}),
      ...(options.hostLog ? { log: options.hostLog } : {}),
    });
    started.push(host);
    emulator.eventGrid.connectFunctionsHost({ url: host.url, key: host.keys.eventGrid });

    let closing: Promise<void> | undefined;
    return { azurite, emulator, host, settings, close: () => (closing ??= closeAll()) };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
