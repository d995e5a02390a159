import type { Clock } from '../clock.js';
import { EventHubError } from './event-hub-error.js';
import type { EventJournal } from './event-journal.js';
import type { EventPosition } from './event-position.js';
import type { HubSettings } from './hub-settings.js';
import { partitionForKey } from './partition-key-hash.js';
import type { PartitionProperties } from './partition-log.js';
import { PartitionLog } from './partition-log.js';
import type { ReaderSink } from './partition-reader.js';
import { PartitionReader } from './partition-reader.js';
import type { RegisteredReader } from './reader-registry.js';
import { ReaderRegistry } from './reader-registry.js';
import type { EventContent, StoredEvent } from './stored-event.js';

/** Azure's largest publication (one event or one batch) on the standard tier. */
export const maxPublicationBytes = 1_048_576;

export interface Publication<C extends EventContent> {
  contents: readonly C[];
  /** Size of the publication as it arrived (a batch counts as a whole). */
  size: number;
  /** Set when the producer sent to one partition. */
  partitionId?: string | undefined;
  partitionKey?: string | undefined;
}

export interface ReaderRequest<C extends EventContent> {
  consumerGroup: string;
  partitionId: string;
  ownerLevel: number | undefined;
  readerName: string | undefined;
  position: EventPosition;
  sink: ReaderSink<C>;
}

export interface HubProperties {
  name: string;
  createdAt: number;
  partitionIds: string[];
}

/**
 * One event hub: a fixed set of partitions and the consumer groups that read them. A publication lands in one
 * partition, chosen by the producer's partition, its partition key (hashed as Azure does) or round-robin.
 */
export class EventHub<C extends EventContent> {
  readonly settings: HubSettings;
  readonly createdAt: number;
  readonly partitions: ReadonlyArray<PartitionLog<C>>;
  readonly #journal: EventJournal<C>;
  /** Readers per consumer group (lower-cased name) and partition. */
  readonly #readers = new Map<string, Array<ReaderRegistry>>();
  #nextRoundRobin = 0;

  constructor(options: { settings: HubSettings; clock: Clock; journal: EventJournal<C> }) {
    const { settings, clock } = options;
    this.settings = settings;
    this.createdAt = clock.now();
    this.#journal = options.journal;
    this.partitions = Array.from(
      { length: settings.partitionCount },
      (_, index) => new PartitionLog<C>({ id: String(index), clock, retentionMs: settings.retentionMs }),
    );
    for (const group of settings.consumerGroups) {
      this.#readers.set(
        group.toLowerCase(),
        this.partitions.map(() => new ReaderRegistry()),
      );
    }
  }

  get name(): string {
    return this.settings.name;
  }

  partition(partitionId: string): PartitionLog<C> | undefined {
    return /^(0|[1-9][0-9]*)$/.test(partitionId) ? this.partitions[Number(partitionId)] : undefined;
  }

  /** Throws `partition-not-found` with the message Azure gives for a partition outside the hub. */
  requirePartition(partitionId: string): PartitionLog<C> {
    const log = this.partition(partitionId);
    if (!log) {
      throw new EventHubError(
        'partition-not-found',
        `The specified partition is invalid for an EventHub partition sender or receiver. It should be between 0 and ${this.partitions.length - 1}.`,
      );
    }
    return log;
  }

  hasConsumerGroup(name: string): boolean {
    return this.#readers.has(name.toLowerCase());
  }

  publish(publication: Publication<C>): Array<StoredEvent<C>> {
    if (publication.size > maxPublicationBytes) {
      throw new EventHubError(
        'publication-too-large',
        `The received message (size ${publication.size} bytes) exceeds the limit (${maxPublicationBytes} bytes) currently allowed on the link.`,
      );
    }
    const log = this.#route(publication);
    const events = log.append(publication.contents, publication.partitionKey);
    if (events.length) this.#journal.published(this.name, log.id, events);
    return events;
  }

  openReader(request: ReaderRequest<C>): PartitionReader<C> {
    const registries = this.#readers.get(request.consumerGroup.toLowerCase());
    if (!registries) {
      throw new EventHubError(
        'consumer-group-not-found',
        `The messaging entity '${this.name}/ConsumerGroups/${request.consumerGroup}' could not be found.`,
      );
    }
    const log = this.requirePartition(request.partitionId);
    const start = log.startOf(request.position);
    // The registry may disconnect the reader later; the entry learns which reader it is once that exists.
    const entry: RegisteredReader & { reader?: PartitionReader<C> } = {
      ownerLevel: request.ownerLevel,
      name: request.readerName,
      disconnect: (error) => entry.reader?.disconnect(error),
    };
    const release = registries[Number(log.id)]!.admit(entry);
    const reader = new PartitionReader({ log, start, sink: request.sink, release });
    entry.reader = reader;
    return reader;
  }

  /** Readers attached to the partition, in every consumer group. */
  readerCount(partitionId: string): number {
    const index = Number(this.requirePartition(partitionId).id);
    let count = 0;
    for (const registries of this.#readers.values()) count += registries[index]!.size;
    return count;
  }

  properties(): HubProperties {
    return { name: this.name, createdAt: this.createdAt, partitionIds: this.partitions.map((log) => log.id) };
  }

  partitionProperties(partitionId: string): PartitionProperties {
    return this.requirePartition(partitionId).properties();
  }

  #route(publication: Publication<C>): PartitionLog<C> {
    if (publication.partitionId !== undefined) return this.requirePartition(publication.partitionId);
    if (publication.partitionKey !== undefined)
      return this.partitions[partitionForKey(publication.partitionKey, this.partitions.length)]!;
    const log = this.partitions[this.#nextRoundRobin % this.partitions.length]!;
    this.#nextRoundRobin = (this.#nextRoundRobin + 1) % this.partitions.length;
    return log;
  }
}
