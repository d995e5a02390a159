import { SequenceList } from './sequence-list.js';
import type { Consumer } from './consumer.js';
import type { StoredMessage } from './stored-message.js';

export interface SessionEntry {
  id: string;
  available: SequenceList<StoredMessage>;
  holder?: Consumer;
  lockedUntil: number;
  cancelTimer?: () => void;
  state?: Buffer;
  lastUpdated: number;
  /** Messages of this session the entity holds, in any state. */
  messageCount: number;
}

/** The sessions of a session-enabled entity: per-session FIFO lists, locks and state. */
export class SessionBook {
  readonly #sessions = new Map<string, SessionEntry>();

  get(id: string): SessionEntry | undefined {
    return this.#sessions.get(id);
  }

  getOrCreate(id: string, now: number): SessionEntry {
    let entry = this.#sessions.get(id);
    if (!entry) {
      entry = { id, available: new SequenceList(), lockedUntil: 0, lastUpdated: now, messageCount: 0 };
      this.#sessions.set(id, entry);
    }
    return entry;
  }

  /** The first unlocked session with a message ready, in the order sessions first appeared. */
  nextAvailable(isReady: (message: StoredMessage) => boolean): SessionEntry | undefined {
    for (const entry of this.#sessions.values()) {
      if (entry.holder) continue;
      for (const message of entry.available) {
        if (isReady(message)) return entry;
      }
    }
    return undefined;
  }

  heldBy(consumer: Consumer): SessionEntry | undefined {
    return consumer.sessionId === undefined ? undefined : this.#sessions.get(consumer.sessionId);
  }

  /** Drops an entry that holds nothing: no messages, no lock, no state. */
  forgetIfEmpty(entry: SessionEntry): void {
    if (!entry.holder && entry.state === undefined && entry.messageCount === 0)
      this.#sessions.delete(entry.id);
  }

  values(): IterableIterator<SessionEntry> {
    return this.#sessions.values();
  }
}
