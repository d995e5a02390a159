import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { startAmqpListener } from './amqp/amqp-listener.js';
import { createAmqpRouter } from './amqp-router.js';
import type { EmulatorOptions, ServiceBusControl } from './emulator-options.js';
import { loadEmulatorConfig } from './emulator-config.js';
import { ServiceBusNamespace } from './service-bus/service-bus-namespace.js';

export interface RunningEmulator {
  amqpPort: number;
  /** The official emulator's connection string, pointed at this listener. */
  connectionString: string;
  serviceBus: ServiceBusControl;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * Starts the local cloud's brokers: one AMQP listener for Service Bus (and Event Hubs), on loopback. The one
 * composition root of the emulator.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => {});
  const config = loadEmulatorConfig(options.config);
  const serviceBus = new ServiceBusNamespace({ clock });
  for (const queue of config.queues) serviceBus.createQueue(queue);
  for (const topic of config.topics) serviceBus.createTopic(topic);

  const router = createAmqpRouter({ clock, serviceBus, sharedAccessKey: options.sharedAccessKey, log });
  const amqp = await startAmqpListener({ port: options.amqpPort ?? 5672, router, log });
  const keyName = options.sharedAccessKey?.name ?? 'RootManageSharedAccessKey';
  const key = options.sharedAccessKey?.key ?? 'SAS_KEY_VALUE';

  let closing: Promise<void> | undefined;
  return {
    amqpPort: amqp.port,
    connectionString: `Endpoint=sb://localhost:${amqp.port};SharedAccessKeyName=${keyName};SharedAccessKey=${key};UseDevelopmentEmulator=true;`,
    clock,
    serviceBus: {
      createQueue: (queue) => void serviceBus.createQueue(queue),
      createTopic: (topic) => void serviceBus.createTopic(topic),
      describe: () => serviceBus.describe(),
    },
    close() {
      closing ??= (async () => {
        await amqp.close();
        serviceBus.close();
      })();
      return closing;
    },
  };
}
