import { DomainError } from '../../shared/domain/domain-error.js';
import type {
  OrderHistoryEntry,
  OrderHistoryStore,
} from '../../shared/application/ports/order-history-store.js';

export class InMemoryOrderHistoryStore implements OrderHistoryStore {
  readonly #entries = new Map<string, OrderHistoryEntry>();
  #beforeNextPut: (() => Promise<void> | void) | undefined;

  /** Runs `hook` once, just before the next put checks its condition. */
  beforeNextPut(hook: () => Promise<void> | void): void {
    this.#beforeNextPut = hook;
  }

  get(key: { customerId: string; orderId: string }): Promise<OrderHistoryEntry | undefined> {
    const entry = this.#entries.get(keyOf(key));
    return Promise.resolve(entry === undefined ? undefined : { ...entry });
  }

  /** Knows nothing without reading, so the projection's tests also go through `get`. */
  knownVersion(): undefined {
    return undefined;
  }

  async put(
    entry: OrderHistoryEntry,
    condition: { expectedOrderVersion: number | undefined },
  ): Promise<void> {
    const hook = this.#beforeNextPut;
    this.#beforeNextPut = undefined;
    await hook?.();
    if (this.#entries.get(keyOf(entry))?.orderVersion !== condition.expectedOrderVersion) {
      throw new DomainError('concurrency_conflict', `History entry ${entry.orderId} changed.`);
    }
    this.#entries.set(keyOf(entry), { ...entry });
  }

  listByCustomer(customerId: string): Promise<readonly OrderHistoryEntry[]> {
    return Promise.resolve(
      [...this.#entries.values()]
        .filter((entry) => entry.customerId === customerId)
        .map((entry) => ({ ...entry })),
    );
  }
}

function keyOf(key: { customerId: string; orderId: string }): string {
  return `${key.customerId}/${key.orderId}`;
}
