import type { Watermark } from './partition-log.js';
import type { EventContent, StoredEvent } from './stored-event.js';

/** Where published events are recorded so they survive a restart; the in-memory default records nothing. */
export interface EventJournal<C extends EventContent> {
  published(hub: string, partitionId: string, events: ReadonlyArray<StoredEvent<C>>): void;
}

export const noJournal: EventJournal<never> = { published: () => {} };

/** The events of one partition read back from a journal, in order. */
export interface RestoredPartition<C extends EventContent> {
  hub: string;
  partitionId: string;
  events: Array<StoredEvent<C>>;
  /** Where numbering stood, so it continues even when every event has expired. */
  watermark?: Watermark | undefined;
}
