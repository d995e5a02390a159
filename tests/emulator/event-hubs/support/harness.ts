import { randomBytes } from 'node:crypto';
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  type CheckpointStore,
  type EventHubClientOptions,
  type EventHubConsumerClientOptions,
} from '@azure/event-hubs';
import { ManualClock } from '../../../../emulator/clock.js';
import type { EmulatorOptions } from '../../../../emulator/emulator-options.js';
import { startEmulator } from '../../../../emulator/start-emulator.js';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/**
 * Failures surface at once instead of after the SDK's default retries; the timeout stays well under node:test's so
 * a silent emulator shows up as an SDK error, not a hung file.
 */
export const testRetryOptions = { maxRetries: 0, retryDelayInMs: 100, timeoutInMs: 15_000 } as const;

export interface HubOptions {
  partitionCount?: number;
  consumerGroups?: string[];
  retentionHours?: number;
}

export interface EventHubsHarness {
  readonly emulator: Emulator;
  readonly clock: ManualClock;
  /** The emulator's connection string with `EntityPath=<hub>`, as the official emulator documents it. */
  connectionStringFor(hub: string): string;
  /** Creates a hub with a name no other test uses and returns the name. */
  createHub(options?: HubOptions): string;
  producer(hub: string, options?: EventHubClientOptions): EventHubProducerClient;
  consumer(
    hub: string,
    options?: {
      consumerGroup?: string;
      checkpointStore?: CheckpointStore;
      clientOptions?: EventHubConsumerClientOptions;
    },
  ): EventHubConsumerClient;
  close(): Promise<void>;
}

/** Starts an emulator on port 0 with a manual clock; every client made through the harness is closed with it. */
export async function startHarness(options: Partial<EmulatorOptions> = {}): Promise<EventHubsHarness> {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock();
  const emulator = await startEmulator({ amqpPort: 0, eventGridPort: 0, adminPort: 0, ...options, clock });
  const clients: Array<{ close(): Promise<void> }> = [];
  let closed = false;
  const connectionStringFor = (hub: string): string => `${emulator.connectionString}EntityPath=${hub}`;
  const track = <T extends { close(): Promise<void> }>(client: T): T => {
    clients.push(client);
    return client;
  };

  return {
    emulator,
    clock,
    connectionStringFor,
    createHub({ partitionCount = 2, consumerGroups = [], retentionHours } = {}) {
      const name = uniqueHubName();
      emulator.eventHubs.createEventHub({
        Name: name,
        PartitionCount: partitionCount,
        ConsumerGroups: consumerGroups.map((group) => ({ Name: group })),
        ...(retentionHours !== undefined ? { MessageRetentionInHours: retentionHours } : {}),
      });
      return name;
    },
    producer(hub, clientOptions = {}) {
      return track(
        new EventHubProducerClient(connectionStringFor(hub), {
          retryOptions: testRetryOptions,
          ...clientOptions,
        }),
      );
    },
    consumer(hub, { consumerGroup = '$default', checkpointStore, clientOptions = {} } = {}) {
      const settings = { retryOptions: testRetryOptions, ...clientOptions };
      return track(
        checkpointStore
          ? new EventHubConsumerClient(consumerGroup, connectionStringFor(hub), checkpointStore, settings)
          : new EventHubConsumerClient(consumerGroup, connectionStringFor(hub), settings),
      );
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

/** Hub names are unique per process and per run, so files and tests never share a hub. */
export function uniqueHubName(prefix = 'hub'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${randomBytes(3).toString('hex')}`;
}
