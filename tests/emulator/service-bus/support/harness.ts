import { randomBytes } from 'node:crypto';
import { ServiceBusClient, type ServiceBusClientOptions } from '@azure/service-bus';
import { ManualClock } from '../../../../emulator/clock.js';
import type { EmulatorOptions } from '../../../../emulator/emulator-options.js';
import type {
  QueuePropertiesInput,
  SubscriptionInput,
  TopicPropertiesInput,
} from '../../../../emulator/service-bus/entity-properties.js';
import { startEmulator } from '../../../../emulator/start-emulator.js';

/** The running emulator as the tests use it (the admin URL is part of its public contract). */
export type Emulator = Awaited<ReturnType<typeof startEmulator>> & { readonly adminUrl: string };

/**
 * Failures surface at once instead of after the SDK's default 3 retries of 30 s; the timeout stays well under
 * node:test's so a silent emulator shows up as an SDK error, not a hung file.
 */
export const testRetryOptions = { maxRetries: 0, retryDelayInMs: 100, timeoutInMs: 15_000 } as const;

export interface ServiceBusHarness {
  readonly emulator: Emulator;
  readonly clock: ManualClock;
  /** A client on the emulator's own connection string, closed by `close()`. */
  readonly client: ServiceBusClient;
  /** Another client (another AMQP connection), closed by `close()`. */
  createClient(options?: {
    connectionString?: string;
    clientOptions?: ServiceBusClientOptions;
  }): ServiceBusClient;
  /** Creates a queue with a name no other test uses and returns the name. */
  createQueue(properties?: QueuePropertiesInput, prefix?: string): string;
  /** Creates a topic with a unique name; subscriptions keep the names given. */
  createTopic(options?: { properties?: TopicPropertiesInput; subscriptions?: SubscriptionInput[] }): string;
  close(): Promise<void>;
}

/** Starts an emulator on port 0 with a manual clock; every client made through the harness is closed with it. */
export async function startHarness(options: Partial<EmulatorOptions> = {}): Promise<ServiceBusHarness> {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock();
  const emulator = (await startEmulator({
    amqpPort: 0,
    eventGridPort: 0,
    adminPort: 0,
    ...options,
    clock,
  })) as Emulator;
  const clients: ServiceBusClient[] = [];
  let closed = false;

  const createClient: ServiceBusHarness['createClient'] = (clientOptions = {}) => {
    const client = new ServiceBusClient(clientOptions.connectionString ?? emulator.connectionString, {
      retryOptions: testRetryOptions,
      ...clientOptions.clientOptions,
    });
    clients.push(client);
    return client;
  };

  return {
    emulator,
    clock,
    client: createClient(),
    createClient,
    createQueue(properties, prefix = 'q') {
      const name = uniqueName(prefix);
      emulator.serviceBus.createQueue({ Name: name, ...(properties ? { Properties: properties } : {}) });
      return name;
    },
    createTopic({ properties, subscriptions } = {}) {
      const name = uniqueName('t');
      emulator.serviceBus.createTopic({
        Name: name,
        ...(properties ? { Properties: properties } : {}),
        ...(subscriptions ? { Subscriptions: subscriptions } : {}),
      });
      return name;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(clients.map((client) => client.close()));
      await emulator.close();
    },
  };
}

let counter = 0;

/** Entity names are unique per process and per run, so files and tests never share an entity. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${randomBytes(3).toString('hex')}`;
}

/** The connection string of the emulator at `port` with a chosen key (the official emulator's shape). */
export function connectionStringFor(options: { port: number; keyName: string; key: string }): string {
  return (
    `Endpoint=sb://localhost:${options.port};SharedAccessKeyName=${options.keyName};` +
    `SharedAccessKey=${options.key};UseDevelopmentEmulator=true;`
  );
}
