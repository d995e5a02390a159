import type { OutboxEntry } from '../outbox/outbox-entry.js';

/** The transactional outbox's read side: what still has to be published, and marking it done. */
export interface OutboxStore {
  /** The order's entries not yet dispatched, in `entryId` order. */
  listPending(orderId: string): Promise<readonly OutboxEntry[]>;
  /**
   * The order's pending entries as this instance knows them without reading, in `entryId` order, when the order's
   * last change it knows of is its own and it has followed the entries since; otherwise undefined. Only the relay,
   * right after this instance's own change committed, may rely on it: that change's precondition proved no other
   * writer came between. Anyone else (the sweeper) must list them, since another instance may have changed the
   * order since. It may list entries another dispatcher marked meanwhile; publishing those again is harmless.
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
