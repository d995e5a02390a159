/**
 * The last copy of each entity this instance wrote or read, for changes that may start from it instead of a read.
 * Bounded, oldest first out. A copy may be stale (another instance wrote since); the change's conditional write
 * then fails, and the caller forgets the copy so the retry reads.
 */
export class RecentCopies<T> {
  readonly #copies = new Map<string, T>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  remember(key: string, value: T): void {
    this.#copies.delete(key);
    this.#copies.set(key, value);
    if (this.#copies.size > this.#capacity) {
      const oldest = this.#copies.keys().next();
      if (!oldest.done) this.#copies.delete(oldest.value);
    }
  }

  recall(key: string): T | undefined {
    return this.#copies.get(key);
  }

  forget(key: string): void {
    this.#copies.delete(key);
  }
}
