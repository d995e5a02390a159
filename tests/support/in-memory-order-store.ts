import { DomainError } from '../../shared/domain/domain-error.js';
import type { Order } from '../../shared/domain/order.js';
import type { OrderPage, OrderQuery, OrderStore } from '../../shared/application/ports/order-store.js';
import type { OutboxStore } from '../../shared/application/ports/outbox-store.js';
import type { OutboxEntry } from '../../shared/application/outbox/outbox-entry.js';

interface StoredEntry {
  readonly entry: OutboxEntry;
  dispatchedAt?: string;
}

type WriteHook = () => Promise<void> | void;

/**
 * Orders and their outbox in memory, with the semantics the Table Storage adapter must have: conditional writes,
 * an order and its entries written all or nothing, copies in and out (a caller mutating what it got back changes
 * nothing stored). Test hooks run code just before the next write, to stage a concurrent writer or a crash.
 */
export class InMemoryOrderStore implements OrderStore, OutboxStore {
  readonly #orders = new Map<string, Order>();
  readonly #outbox = new Map<string, StoredEntry>();
  #beforeNextWrite: WriteHook | undefined;
  #failNextWrite: Error | undefined;

  /** Runs `hook` once, just before the next insert or update checks its precondition. */
  beforeNextWrite(hook: WriteHook): void {
    this.#beforeNextWrite = hook;
  }

  /** Makes the next insert or update fail with `error`, writing nothing. */
  failNextWrite(error: Error): void {
    this.#failNextWrite = error;
  }

  /** Every entry ever written for the order, dispatched or not, in entry order. */
  outboxOf(orderId: string): { entry: OutboxEntry; dispatchedAt?: string }[] {
    return [...this.#outbox.values()]
      .filter((stored) => stored.entry.orderId === orderId)
      .sort((a, b) => compare(a.entry.entryId, b.entry.entryId))
      .map((stored) => structuredClone(stored));
  }

  get orderCount(): number {
    return this.#orders.size;
  }

  get(orderId: string): Promise<Order | undefined> {
    return Promise.resolve(copy(this.#orders.get(orderId)));
  }

  getForChange(orderId: string): Promise<Order | undefined> {
    return this.get(orderId);
  }

  list(query: OrderQuery): Promise<OrderPage> {
    // Inside the executor, a bad token rejects the promise instead of throwing at the call, as an adapter would.
    return new Promise((resolve) => resolve(this.#page(query)));
  }

  async insert(write: { order: Order; outbox: readonly OutboxEntry[] }): Promise<void> {
    await this.#runWriteHooks();
    if (this.#orders.has(write.order.id)) {
      throw new DomainError('concurrency_conflict', `Order ${write.order.id} already exists.`);
    }
    this.#commit(write.order, write.outbox);
  }

  async update(write: {
    order: Order;
    expectedVersion: number;
    outbox: readonly OutboxEntry[];
  }): Promise<void> {
    await this.#runWriteHooks();
    const stored = this.#orders.get(write.order.id);
    if (stored === undefined || stored.version !== write.expectedVersion) {
      throw new DomainError(
        'concurrency_conflict',
        `Order ${write.order.id} is not at version ${write.expectedVersion}.`,
      );
    }
    this.#commit(write.order, write.outbox);
  }

  listPending(orderId: string): Promise<readonly OutboxEntry[]> {
    return Promise.resolve(
      this.outboxOf(orderId)
        .filter((stored) => stored.dispatchedAt === undefined)
        .map((stored) => stored.entry),
    );
  }

  /** Knows nothing without reading, so the use cases' tests go through `listPending`. */
  knownPending(): undefined {
    return undefined;
  }

  listPendingCreatedBefore(query: { createdBefore: string; limit: number }): Promise<readonly OutboxEntry[]> {
    const entries = [...this.#outbox.values()]
      .filter((stored) => stored.dispatchedAt === undefined && stored.entry.createdAt < query.createdBefore)
      .map((stored) => stored.entry)
      .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.entryId, b.entryId))
      .slice(0, query.limit);
    return Promise.resolve(structuredClone(entries));
  }

  markDispatched(dispatched: { orderId: string; entryIds: readonly string[]; at: string }): Promise<void> {
    for (const entryId of dispatched.entryIds) {
      const stored = this.#outbox.get(outboxKey(dispatched.orderId, entryId));
      if (stored !== undefined && stored.dispatchedAt === undefined) stored.dispatchedAt = dispatched.at;
    }
    return Promise.resolve();
  }

  #page(query: OrderQuery): OrderPage {
    const offset = query.continuationToken === undefined ? 0 : parseOffset(query.continuationToken);
    const matching = [...this.#orders.values()]
      .filter((order) => query.customerId === undefined || order.customerId === query.customerId)
      .filter((order) => query.status === undefined || order.status === query.status)
      .sort((a, b) => compare(b.placedAt, a.placedAt) || compare(a.id, b.id));
    const orders = matching.slice(offset, offset + query.limit).map((order) => structuredClone(order));
    const next = offset + orders.length;
    return next < matching.length ? { orders, continuationToken: `offset:${next}` } : { orders };
  }

  async #runWriteHooks(): Promise<void> {
    const hook = this.#beforeNextWrite;
    this.#beforeNextWrite = undefined;
    await hook?.();
    const failure = this.#failNextWrite;
    this.#failNextWrite = undefined;
    if (failure !== undefined) throw failure;
  }

  // Checked above, written here in one synchronous step: nothing can interleave, as in a storage transaction.
  #commit(order: Order, outbox: readonly OutboxEntry[]): void {
    for (const entry of outbox) {
      if (this.#outbox.has(outboxKey(entry.orderId, entry.entryId))) {
        throw new Error(`Outbox entry ${entry.orderId}/${entry.entryId} written twice.`);
      }
    }
    this.#orders.set(order.id, structuredClone(order));
    for (const entry of outbox) {
      this.#outbox.set(outboxKey(entry.orderId, entry.entryId), { entry: structuredClone(entry) });
    }
  }
}

function outboxKey(orderId: string, entryId: string): string {
  return `${orderId}/${entryId}`;
}

function parseOffset(token: string): number {
  const match = /^offset:(\d+)$/.exec(token);
  if (match?.[1] === undefined) {
    throw new DomainError('validation_failed', 'The continuation token is not valid.');
  }
  return Number(match[1]);
}

function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
