/**
 * A map that keeps the most recently remembered `capacity` entries, oldest first out, so a long-lived instance
 * does not grow without end.
 */
export class BoundedCache<T> {
  readonly #entries = new Map<string, T>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  remember(key: string, value: T): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  recall(key: string): T | undefined {
    return this.#entries.get(key);
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }
}
