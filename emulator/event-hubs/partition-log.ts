import type { Clock } from '../clock.js';
import type { EventPosition } from './event-position.js';
import type { EventContent, StoredEvent } from './stored-event.js';

/** What `GET` partition properties returns; the values Azure reports for an empty partition when nothing was sent. */
export interface PartitionProperties {
  partitionId: string;
  beginSequenceNumber: number;
  lastSequenceNumber: number;
  /** Offset of the last enqueued event, `-1` when none. */
  lastOffset: number;
  /** Epoch ms of the last enqueue, 0 when none. */
  lastEnqueuedAt: number;
  isEmpty: boolean;
}

/** Where a partition's numbering stands, kept across restarts even when every event has expired. */
export interface Watermark {
  lastSequenceNumber: number;
  lastOffset: number;
  nextOffset: number;
  lastEnqueuedAt: number;
}

/** Dropped events are compacted away once this many have piled up at the front (and they are half the array). */
const compactAfter = 1024;

/**
 * One partition: an append-only log. Sequence numbers start at 0 and offsets are byte positions in the stream; both
 * only grow. Events older than the retention are dropped lazily, on the next append or read, so the answer never
 * depends on when a timer ran.
 */
export class PartitionLog<C extends EventContent> {
  readonly id: string;
  readonly #clock: Clock;
  readonly #retentionMs: number;
  #events: Array<StoredEvent<C>> = [];
  /** Index in #events of the oldest retained event. */
  #head = 0;
  #nextSequenceNumber = 0;
  #nextOffset = 0;
  #lastOffset = -1;
  #lastEnqueuedAt = 0;
  readonly #listeners = new Set<() => void>();

  constructor(options: { id: string; clock: Clock; retentionMs: number }) {
    this.id = options.id;
    this.#clock = options.clock;
    this.#retentionMs = options.retentionMs;
  }

  /** Appends one publication; its events are contiguous and share the enqueue time. */
  append(contents: readonly C[], partitionKey: string | undefined): Array<StoredEvent<C>> {
    this.#expire();
    // Enqueue times never go backwards, even if the wall clock does.
    const enqueuedAt = Math.max(this.#clock.now(), this.#lastEnqueuedAt);
    const appended: Array<StoredEvent<C>> = [];
    for (const content of contents) {
      const event: StoredEvent<C> = {
        sequenceNumber: this.#nextSequenceNumber++,
        offset: this.#nextOffset,
        enqueuedAt,
        partitionKey,
        content,
      };
      this.#nextOffset += content.size;
      this.#events.push(event);
      appended.push(event);
    }
    if (appended.length) {
      this.#lastOffset = appended[appended.length - 1]!.offset;
      this.#lastEnqueuedAt = enqueuedAt;
      for (const listener of this.#listeners) listener();
    }
    return appended;
  }

  /** Puts back an event from the journal; events arrive in order and keep their numbers. */
  restore(event: StoredEvent<C>): void {
    if (event.sequenceNumber < this.#nextSequenceNumber) return;
    this.#events.push(event);
    this.#nextSequenceNumber = event.sequenceNumber + 1;
    this.#nextOffset = event.offset + event.content.size;
    this.#lastOffset = event.offset;
    this.#lastEnqueuedAt = event.enqueuedAt;
  }

  /** Where numbering stands; undefined while nothing was ever appended. */
  watermark(): Watermark | undefined {
    if (this.#nextSequenceNumber === 0) return undefined;
    return {
      lastSequenceNumber: this.#nextSequenceNumber - 1,
      lastOffset: this.#lastOffset,
      nextOffset: this.#nextOffset,
      lastEnqueuedAt: this.#lastEnqueuedAt,
    };
  }

  /** Continues numbering after a watermark from the journal, so sequence numbers and offsets are never reused. */
  restoreWatermark(watermark: Watermark): void {
    if (watermark.lastSequenceNumber < this.#nextSequenceNumber) return;
    this.#nextSequenceNumber = watermark.lastSequenceNumber + 1;
    this.#nextOffset = watermark.nextOffset;
    this.#lastOffset = watermark.lastOffset;
    this.#lastEnqueuedAt = watermark.lastEnqueuedAt;
  }

  /** Up to `max` retained events from `sequenceNumber` on (from the oldest retained one if that is gone). */
  read(sequenceNumber: number, max: number): Array<StoredEvent<C>> {
    this.#expire();
    const first = this.#events[this.#head];
    if (!first || max <= 0) return [];
    const start = this.#head + Math.max(0, sequenceNumber - first.sequenceNumber);
    return this.#events.slice(start, start + max);
  }

  /** The sequence number a reader starting at `position` reads first (it may not exist yet). */
  startOf(position: EventPosition): number {
    this.#expire();
    const begin = this.beginSequenceNumber;
    switch (position.kind) {
      case 'earliest':
        return begin;
      case 'latest':
        return this.#nextSequenceNumber;
      case 'sequence-number':
        return Math.max(begin, position.inclusive ? position.sequenceNumber : position.sequenceNumber + 1);
      case 'offset':
        return this.#firstWhere((event) =>
          position.inclusive ? event.offset >= position.offset : event.offset > position.offset,
        );
      case 'enqueued-time':
        return this.#firstWhere((event) => event.enqueuedAt > position.enqueuedAt);
    }
  }

  get beginSequenceNumber(): number {
    return this.#events[this.#head]?.sequenceNumber ?? this.#nextSequenceNumber;
  }

  properties(): PartitionProperties {
    this.#expire();
    return {
      partitionId: this.id,
      beginSequenceNumber: this.beginSequenceNumber,
      lastSequenceNumber: this.#nextSequenceNumber - 1,
      lastOffset: this.#lastOffset,
      lastEnqueuedAt: this.#lastEnqueuedAt,
      isEmpty: this.#head >= this.#events.length,
    };
  }

  /** The retained events, oldest first (journal compaction, admin views). */
  retained(): Array<StoredEvent<C>> {
    this.#expire();
    return this.#events.slice(this.#head);
  }

  /** Calls `listener` after every append, until the returned function is called. */
  onAppend(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Binary search: both offsets and enqueue times grow with the sequence number. */
  #firstWhere(matches: (event: StoredEvent<C>) => boolean): number {
    let low = this.#head;
    let high = this.#events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (matches(this.#events[middle]!)) high = middle;
      else low = middle + 1;
    }
    return this.#events[low]?.sequenceNumber ?? this.#nextSequenceNumber;
  }

  #expire(): void {
    const cutoff = this.#clock.now() - this.#retentionMs;
    while (this.#head < this.#events.length && this.#events[this.#head]!.enqueuedAt <= cutoff) this.#head++;
    if (this.#head >= compactAfter && this.#head * 2 >= this.#events.length) {
      this.#events = this.#events.slice(this.#head);
      this.#head = 0;
    }
  }
}
