import { join } from 'node:path';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { startAdminServer } from './admin/admin-server.js';
import { startAmqpListener } from './amqp/amqp-listener.js';
import { createAmqpRouter } from './amqp-router.js';
import type { EmulatorOptions, EventHubsControl, ServiceBusControl } from './emulator-options.js';
import { loadEmulatorConfig } from './emulator-config.js';
import type { RunningEventGrid } from './event-grid/start-event-grid.js';
import { startEventGrid } from './event-grid/start-event-grid.js';
import { openEventHubs } from './event-hubs/open-event-hubs.js';
import { serviceBusAdminRoutes } from './service-bus/admin-routes.js';
import { FileJournal } from './service-bus/file-journal.js';
import { RuntimeEntities } from './service-bus/runtime-entities.js';
import { ServiceBusNamespace } from './service-bus/service-bus-namespace.js';

export interface RunningEmulator {
  amqpPort: number;
  /** The official emulator's connection string, pointed at this listener. */
  connectionString: string;
  /** Base URL of the admin API (`GET /` lists its routes). */
  adminUrl: string;
  serviceBus: ServiceBusControl;
  eventHubs: EventHubsControl;
  eventGrid: RunningEventGrid;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * Starts the local cloud's brokers: one AMQP listener for Service Bus (and Event Hubs), the Event Grid topics and
 * the admin API, all on loopback. The one composition root of the emulator.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => {});
  const config = loadEmulatorConfig(options.config);
  const dataDir = options.dataDir ? join(options.dataDir, 'service-bus') : undefined;

  const opened = dataDir ? FileJournal.open(dataDir) : undefined;
  const serviceBus = new ServiceBusNamespace({ clock, ...(opened ? { journal: opened.journal } : {}) });
  for (const queue of config.queues) serviceBus.createQueue(queue);
  for (const topic of config.topics) serviceBus.createTopic(topic);
  // Entities created through the admin API are remembered with the data, like the messages they hold.
  const runtimeEntities = new RuntimeEntities(serviceBus, dataDir);
  runtimeEntities.restore();
  if (opened) serviceBus.restore(opened.restored, log);

  const serviceBusControl: ServiceBusControl = {
    createQueue: (queue) => runtimeEntities.createQueue(queue),
    createTopic: (topic) => runtimeEntities.createTopic(topic),
    describe: () => serviceBus.describe(),
  };

  const eventHubs = openEventHubs({
    clock,
    hubs: config.eventHubs,
    dataDir: options.dataDir ? join(options.dataDir, 'event-hubs') : undefined,
    log,
  });

  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const router = createAmqpRouter({
      clock,
      serviceBus,
      eventHubs: eventHubs.namespace,
      sharedAccessKey: options.sharedAccessKey,
      log,
    });
    const amqp = await startAmqpListener({ port: options.amqpPort ?? 5672, router, log });
    started.push(amqp);
    const eventGrid = await startEventGrid({
      config: config.eventGrid,
      port: options.eventGridPort ?? 6500,
      clock,
      ...(options.functionsHostUrl ? { functionsHostUrl: options.functionsHostUrl } : {}),
      ...(options.functionsHostKey ? { functionsHostKey: options.functionsHostKey } : {}),
      ...(options.functionsHostLater ? { functionsHostLater: true } : {}),
      ...(options.deadLetterStorage ? { deadLetterStorage: options.deadLetterStorage } : {}),
      ...(options.eventGridRetryTimeScale ? { retryTimeScale: options.eventGridRetryTimeScale } : {}),
      log,
    });
    started.push(eventGrid);
    const admin = await startAdminServer({
      port: options.adminPort ?? 5300,
      routes: [
        ...serviceBusAdminRoutes(serviceBusControl),
        ...eventHubs.adminRoutes,
        ...eventGrid.adminRoutes,
      ],
      log,
    });
    started.push(admin);

    const keyName = options.sharedAccessKey?.name ?? 'RootManageSharedAccessKey';
    const key = options.sharedAccessKey?.key ?? 'SAS_KEY_VALUE';
    let closing: Promise<void> | undefined;
    return {
      amqpPort: amqp.port,
      connectionString: `Endpoint=sb://localhost:${amqp.port};SharedAccessKeyName=${keyName};SharedAccessKey=${key};UseDevelopmentEmulator=true;`,
      adminUrl: admin.url,
      serviceBus: serviceBusControl,
      eventHubs: eventHubs.control,
      eventGrid,
      clock,
      close() {
        closing ??= (async () => {
          await Promise.all(started.map((service) => service.close()));
          serviceBus.close();
          opened?.journal.close();
          eventHubs.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((service) => service.close()));
    serviceBus.close();
    opened?.journal.close();
    eventHubs.close();
    throw error;
  }
}
