/**
 * The ETag each entity had at the version this instance last read or wrote it. The ports speak of versions, Table
 * Storage of ETags: with the ETag at hand, a conditional write needs no read first; without it, the adapter reads
 * the entity once to learn it. Bounded, oldest first out, so a long-lived instance does not grow without end.
 */
export class EtagCache {
  readonly #entries = new Map<string, { readonly version: number; readonly etag: string }>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  remember(key: string, version: number, etag: string | undefined): void {
    if (etag === undefined) return;
    this.#entries.delete(key);
    this.#entries.set(key, { version, etag });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  /** The ETag of `key` at `version`, if this instance knows it. */
  etagOf(key: string, version: number): string | undefined {
    const entry = this.#entries.get(key);
    return entry?.version === version ? entry.etag : undefined;
  }
}
