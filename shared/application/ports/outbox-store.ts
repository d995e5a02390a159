import type { OutboxEntry } from '../outbox/outbox-entry.js';

/** The transactional outbox's read side: what still has to be published, and marking it done. */
export interface OutboxStore {
  /** The order's entries not yet dispatched, in `entryId` order. */
  listPending(orderId: string): Promise<readonly OutboxEntry[]>;
  /**
   * The order's pending entries as this instance knows them without reading, in `entryId` order: when it wrote the
   * order last and has followed its entries since; otherwise undefined. It may still list entries another
   * dispatcher marked meanwhile (publishing those again is harmless), never miss one: entries are only written
   * with a change of the order, which this instance would have had to make.
   */
  knownPending(orderId: string): readonly OutboxEntry[] | undefined;
  /** Entries of any order not yet dispatched and created before `createdBefore`, oldest first, at most `limit`. */
  listPendingCreatedBefore(query: {
    readonly createdBefore: string;
    readonly limit: number;
  }): Promise<readonly OutboxEntry[]>;
  /**
   * Marks entries of one order dispatched, in one write. Idempotent: marking an entry twice, or one another
   * dispatcher marked first, succeeds and changes nothing.
   */
  markDispatched(dispatched: {
    readonly orderId: string;
    readonly entryIds: readonly string[];
    readonly at: string;
  }): Promise<void>;
}
