import type { Clock } from '../clock.js';
import type { EventHubInput } from '../emulator-config.js';
import { EventHub } from './event-hub.js';
import type { EventJournal, RestoredPartition } from './event-journal.js';
import { noJournal } from './event-journal.js';
import { hubSettings, InvalidEventHubError } from './hub-settings.js';
import type { PartitionProperties } from './partition-log.js';
import type { EventContent } from './stored-event.js';

export interface EventHubDescription {
  name: string;
  createdAt: string;
  retentionHours: number;
  consumerGroups: string[];
  partitions: Array<
    Omit<PartitionProperties, 'lastEnqueuedAt'> & { lastEnqueuedAt: string | null; readers: number }
  >;
}

/** The event hubs of the namespace, looked up by name without regard to case, as Azure does. */
export class EventHubNamespace<C extends EventContent> {
  readonly #clock: Clock;
  readonly #journal: EventJournal<C>;
  readonly #hubs = new Map<string, EventHub<C>>();

  constructor(options: { clock: Clock; journal?: EventJournal<C> | undefined }) {
    this.#clock = options.clock;
    this.#journal = options.journal ?? noJournal;
  }

  createEventHub(input: EventHubInput): EventHub<C> {
    const settings = hubSettings(input);
    const key = settings.name.toLowerCase();
    if (this.#hubs.has(key)) throw new InvalidEventHubError(`Event hub '${settings.name}' already exists.`);
    const hub = new EventHub<C>({ settings, clock: this.#clock, journal: this.#journal });
    this.#hubs.set(key, hub);
    return hub;
  }

  hub(name: string): EventHub<C> | undefined {
    return this.#hubs.get(name.toLowerCase());
  }

  /** Takes back journaled events; those of hubs or partitions that no longer exist are reported and dropped. */
  restore(restored: Iterable<RestoredPartition<C>>, log: (line: string) => void): void {
    for (const { hub: hubName, partitionId, events, watermark } of restored) {
      const partition = this.hub(hubName)?.partition(partitionId);
      if (!partition) {
        log(
          `dropped ${events.length} journaled events of '${hubName}' partition ${partitionId}: no such hub or partition`,
        );
        continue;
      }
      for (const event of events) partition.restore(event);
      if (watermark) partition.restoreWatermark(watermark);
    }
  }

  /** The events every partition still retains, for journal compaction. */
  *retained(): Iterable<RestoredPartition<C>> {
    for (const hub of this.#hubs.values()) {
      for (const partition of hub.partitions) {
        yield {
          hub: hub.name,
          partitionId: partition.id,
          events: partition.retained(),
          watermark: partition.watermark(),
        };
      }
    }
  }

  describe(): EventHubDescription[] {
    return [...this.#hubs.values()].map((hub) => ({
      name: hub.name,
      createdAt: new Date(hub.createdAt).toISOString(),
      retentionHours: hub.settings.retentionMs / 3_600_000,
      consumerGroups: [...hub.settings.consumerGroups],
      partitions: hub.partitions.map((partition) => {
        const properties = partition.properties();
        return {
          ...properties,
          lastEnqueuedAt: properties.lastEnqueuedAt
            ? new Date(properties.lastEnqueuedAt).toISOString()
            : null,
          readers: hub.readerCount(partition.id),
        };
      }),
    }));
  }
}
