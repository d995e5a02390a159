import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BlobServiceClient } from '@azure/storage-blob';
import { ManualClock } from '../../../emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../emulator/start-emulator.js';
import { defaultEntityNames } from '../../../shared/config/load-config.js';
import { startHost, type RunningHost } from '../../../host/start-host.js';
import { devStorageAccount, startAzurite, type RunningAzurite } from '../../../local/start-azurite.js';
import { LogCollector } from './log-collector.js';

/** The repository root: the app folder (package.json `main`, host.json) the host loads. */
export const appDir = fileURLToPath(new URL('../../../../', import.meta.url));

const entities = JSON.parse(readFileSync(new URL('infra/entities.json', `file://${appDir}`), 'utf8')) as {
  UserConfig: {
    EventGrid: { Topics: { subscriptions: { properties: { deadLetterDestination?: unknown } }[] }[] };
  };
};

export interface LocalStack {
  readonly azurite: RunningAzurite;
  readonly emulator: RunningEmulator;
  readonly host: RunningHost;
  /** The host's clock: moves only when a scenario says so (the outbox sweep's timer). */
  readonly hostClock: ManualClock;
  readonly logs: LogCollector;
  /** The app settings the host was started with, pointing at this stack's ports. */
  readonly settings: Readonly<Record<string, string>>;
  /** `http://127.0.0.1:<port>/api` of the current host. */
  readonly api: string;
  /**
   * Stops the host and starts another on the same backends: a new Functions instance, as after a crash or a
   * scale-in. `between` runs while no host is up, to stage what a crash leaves behind.
   */
  restartHost(between?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole local cloud in this process, every port chosen by the OS: Azurite, the emulator (Service Bus, Event
 * Grid, admin) with the entities of `infra/entities.json`, and the local Functions host running this app.
 */
export async function startLocalStack(): Promise<LocalStack> {
  const opened: { close(): Promise<void> }[] = [];
  try {
    const azurite = await startAzurite();
    opened.push(azurite);
    await createDeadLetterContainer(azurite);
    const emulator = await startEmulator({
      amqpPort: 0,
      eventGridPort: 0,
      adminPort: 0,
      config: entities,
      // The host needs the emulator's ports to start, so the emulator learns the host's URL once it listens.
      functionsHostLater: true,
      deadLetterStorage: {
        blobEndpoint: azurite.blobEndpoint,
        accountName: devStorageAccount.name,
        accountKey: devStorageAccount.key,
      },
    });
    opened.push(emulator);
    const settings = {
      AzureWebJobsStorage: azurite.connectionString,
      ServiceBusConnection: emulator.connectionString,
      EventHubConnection: emulator.connectionString,
      EventGridConnection__topicEndpointUri: emulator.eventGrid.topicEndpoint('orders'),
      EventGridConnection__topicKey: 'local-emulator-key',
      APPLICATIONINSIGHTS_CONNECTION_STRING: '',
      // Scenarios seed the SKUs they use, under names no other scenario shares.
      StockSeed: '',
      // Explicit, so a developer's local.settings.json cannot point the app at other entities.
      StockCommandsQueueName: defaultEntityNames.stockCommandsQueue,
      StockRepliesQueueName: defaultEntityNames.stockRepliesQueue,
      InvalidMessagesQueueName: defaultEntityNames.invalidMessagesQueue,
      TelemetryEventHubName: defaultEntityNames.telemetryHub,
      TelemetryConsumerGroup: defaultEntityNames.telemetryConsumerGroup,
    };
    const hostClock = new ManualClock();
    const logs = new LogCollector();
    const start = () =>
      startHost({ appDir, port: 0, settings, clock: hostClock, log: logs.sink, enforceKeys: false });
    let host = await start();
    emulator.eventGrid.connectFunctionsHost({ url: host.url });
    let closing: Promise<void> | undefined;
    return {
      azurite,
      emulator,
      get host() {
        return host;
      },
      hostClock,
      logs,
      settings,
      get api() {
        return `${host.url}/api`;
      },
      async restartHost(between) {
        await host.close();
        await between?.();
        host = await start();
        emulator.eventGrid.connectFunctionsHost({ url: host.url });
      },
      close() {
        closing ??= (async () => {
          await host.close();
          for (const service of opened.reverse()) await service.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    for (const service of opened.reverse()) await service.close();
    throw error;
  }
}

async function createDeadLetterContainer(azurite: RunningAzurite): Promise<void> {
  const names = new Set(
    entities.UserConfig.EventGrid.Topics.flatMap((topic) =>
      topic.subscriptions.flatMap((subscription) => {
        const destination = subscription.properties.deadLetterDestination as
          { properties: { blobContainerName: string } } | undefined;
        return destination === undefined ? [] : [destination.properties.blobContainerName];
      }),
    ),
  );
  const blobs = BlobServiceClient.fromConnectionString(azurite.connectionString);
  for (const name of names) await blobs.getContainerClient(name).createIfNotExists();
}
