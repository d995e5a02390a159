import type { EventHubError } from './event-hub-error.js';
import type { PartitionLog } from './partition-log.js';
import type { EventContent, StoredEvent } from './stored-event.js';

/** Where a reader's events go: the protocol edge's link, which knows how many more it may take. */
export interface ReaderSink<C extends EventContent> {
  /** How many more events may be handed over right now (the link credit). */
  capacity(): number;
  deliver(event: StoredEvent<C>): void;
  /** The reader was disconnected by the service, e.g. because a higher owner level took the partition. */
  disconnected(error: EventHubError): void;
}

/**
 * A reader's cursor on one partition: hands events over in order, never more than the sink can take, and waits at
 * the end of the log until the next append. A reader that falls behind the retention skips to the oldest event.
 */
export class PartitionReader<C extends EventContent> {
  readonly #log: PartitionLog<C>;
  readonly #sink: ReaderSink<C>;
  #next: number;
  #closed = false;
  readonly #stopListening: () => void;
  readonly #release: () => void;

  constructor(options: { log: PartitionLog<C>; start: number; sink: ReaderSink<C>; release: () => void }) {
    this.#log = options.log;
    this.#sink = options.sink;
    this.#next = options.start;
    this.#release = options.release;
    this.#stopListening = this.#log.onAppend(() => this.pump());
  }

  get partition(): PartitionLog<C> {
    return this.#log;
  }

  /** Delivers as many events as the sink can take now. Call it whenever the sink gains capacity. */
  pump(): void {
    while (!this.#closed) {
      const room = this.#sink.capacity();
      if (room <= 0) return;
      const events = this.#log.read(this.#next, room);
      if (!events.length) return;
      this.#next = events[events.length - 1]!.sequenceNumber + 1;
      for (const event of events) this.#sink.deliver(event);
    }
  }

  /** Ends the reader by the service's decision: the sink hears why. */
  disconnect(error: EventHubError): void {
    if (this.#closed) return;
    this.close();
    this.#sink.disconnected(error);
  }

  /** Ends the reader because its link went away; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopListening();
    this.#release();
  }
}
