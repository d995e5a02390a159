import { DomainError } from '../../shared/domain/domain-error.js';
import type { StockLevel, StockReservation } from '../../shared/domain/stock-reservation.js';
import type { StockStore, StockWrite } from '../../shared/application/ports/stock-store.js';

/** Stock levels and reservations in memory; a commit checks every precondition, then writes everything at once. */
export class InMemoryStockStore implements StockStore {
  readonly #levels = new Map<string, StockLevel>();
  readonly #reservations = new Map<string, StockReservation>();
  // The levels as this store's user last read or wrote them; `seed` changes the stored level only, as another
  // instance would.
  readonly #recentLevels = new Map<string, StockLevel>();
  #beforeNextCommit: (() => Promise<void> | void) | undefined;
  /** How many times levels were read from the store. */
  levelReads = 0;

  /** Seeds the catalogue: `{ 'SKU-1': 10 }` makes SKU-1 known with 10 units. */
  constructor(available: Record<string, number> = {}) {
    for (const [sku, units] of Object.entries(available)) this.seed(sku, units);
  }

  /** Adds a SKU to the catalogue, or resets its level. */
  seed(sku: string, available: number): void {
    const version = (this.#levels.get(sku)?.version ?? 0) + 1;
    this.#levels.set(sku, { sku, available, version });
  }

  /** Runs `hook` once, just before the next commit checks its preconditions. */
  beforeNextCommit(hook: () => Promise<void> | void): void {
    this.#beforeNextCommit = hook;
  }

  available(sku: string): number | undefined {
    return this.#levels.get(sku)?.available;
  }

  getReservation(orderId: string): Promise<StockReservation | undefined> {
    const reservation = this.#reservations.get(orderId);
    return Promise.resolve(reservation === undefined ? undefined : structuredClone(reservation));
  }

  getLevels(skus: readonly string[]): Promise<ReadonlyMap<string, StockLevel>> {
    this.levelReads += 1;
    const found = new Map<string, StockLevel>();
    for (const sku of skus) {
      const level = this.#levels.get(sku);
      if (level === undefined) continue;
      found.set(sku, { ...level });
      this.#recentLevels.set(sku, { ...level });
    }
    return Promise.resolve(found);
  }

  recentLevels(skus: readonly string[]): ReadonlyMap<string, StockLevel> | undefined {
    const found = new Map<string, StockLevel>();
    for (const sku of skus) {
      const level = this.#recentLevels.get(sku);
      if (level === undefined) return undefined;
      found.set(sku, { ...level });
    }
    return found;
  }

  async commit(write: StockWrite): Promise<void> {
    const hook = this.#beforeNextCommit;
    this.#beforeNextCommit = undefined;
    await hook?.();
    const stored = this.#reservations.get(write.reservation.orderId);
    if (stored?.version !== write.expectedReservationVersion) {
      throw new DomainError('concurrency_conflict', `Reservation ${write.reservation.orderId} changed.`);
    }
    for (const { level, expectedVersion } of write.levels) {
      if (this.#levels.get(level.sku)?.version !== expectedVersion) {
        throw new DomainError('concurrency_conflict', `Stock level ${level.sku} changed.`);
      }
    }
    this.#reservations.set(write.reservation.orderId, structuredClone(write.reservation));
    for (const { level } of write.levels) {
      this.#levels.set(level.sku, { ...level });
      this.#recentLevels.set(level.sku, { ...level });
    }
  }
}
