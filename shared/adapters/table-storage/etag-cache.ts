import { BoundedCache } from './bounded-cache.js';

/**
 * The ETag each entity had at the version this instance last read or wrote it. The ports speak of versions, Table
 * Storage of ETags: with the ETag at hand, a conditional write needs no read first; without it, the adapter reads
 * the entity once to learn it. Bounded, oldest first out, so a long-lived instance does not grow without end.
 */
export class EtagCache {
  readonly #entries: BoundedCache<{ readonly version: number; readonly etag: string }>;

  constructor(capacity = 10_000) {
    this.#entries = new BoundedCache(capacity);
  }

  remember(key: string, version: number, etag: string | undefined): void {
    if (etag === undefined) return;
    this.#entries.remember(key, { version, etag });
  }

  /** The version this instance last knew `key` at, if any. */
  versionOf(key: string): number | undefined {
    return this.#entries.recall(key)?.version;
  }

  /** The ETag of `key` at `version`, if this instance knows it. */
  etagOf(key: string, version: number): string | undefined {
    const entry = this.#entries.recall(key);
    return entry?.version === version ? entry.etag : undefined;
  }
}
