import type { Clock } from './clock.js';
import type { QueueInput, TopicInput } from './service-bus/entity-properties.js';
import type { EventHubInput } from './emulator-config.js';
import type { EventHubDescription } from './event-hubs/event-hub-namespace.js';

/** Options of `startEmulator()`: everything has a default, so `startEmulator()` serves an empty namespace. */
export interface EmulatorOptions {
  /** Entities: a parsed config object, or the path of a Config.json (official emulator format, see README). */
  config?: unknown;
  /** AMQP port for Service Bus and Event Hubs. Default 5672; 0 lets the OS choose (tests). */
  amqpPort?: number;
  /** HTTP port of the Event Grid topics. Default 6500; 0 lets the OS choose. */
  eventGridPort?: number;
  /** HTTP port of the admin API. Default 5300; 0 lets the OS choose. */
  adminPort?: number;
  /** Folder where accepted messages and events are kept across restarts. Omit to keep everything in memory. */
  dataDir?: string;
  /** Time source for locks, TTL, schedules, retention and retries. Default: the system clock. */
  clock?: Clock;
  /**
   * When set, SAS tokens on $cbs are verified against this key (signature, audience, expiry) and bad ones get
   * 401. When unset, any token is accepted, as the official emulator does with `SAS_KEY_VALUE`.
   */
  sharedAccessKey?: { name: string; key: string };
  /** Base URL of the local Functions host, for Event Grid subscriptions whose endpoint is an Azure Function. */
  functionsHostUrl?: string;
  /** The host's `eventgrid_extension` system key, sent with every delivery to a function. */
  functionsHostKey?: string;
  /**
   * The Functions host starts after the emulator: accept Azure Function subscriptions now, and deliver once
   * `eventGrid.connectFunctionsHost()` names the host.
   */
  functionsHostLater?: boolean;
  /** Blob storage (Azurite) for Event Grid dead-letters. */
  deadLetterStorage?: { blobEndpoint: string; accountName: string; accountKey: string };
  /** Divides Event Grid's retry delays (10 s, 30 s, 1 min, …); 1 is Azure's schedule. */
  eventGridRetryTimeScale?: number;
  /** Where operational log lines go. Default: nowhere. */
  log?: (line: string) => void;
}

export interface ServiceBusControl {
  createQueue(queue: QueueInput): void;
  createTopic(topic: TopicInput): void;
  /** Entities with their active, dead-letter, scheduled and deferred counts. */
  describe(): unknown;
}

export interface EventHubsControl {
  /** Creates an event hub from its Config.json entry (`{ Name, PartitionCount, ConsumerGroups }`). */
  createEventHub(input: EventHubInput): void;
  /** Hubs with their consumer groups and each partition's sequence range. */
  describe(): EventHubDescription[];
}
