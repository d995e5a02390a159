/**
 * Remembers message ids for the entity's duplicate detection window. Ids are kept in arrival order, so expired
 * ones are always at the front and pruning costs only what it removes.
 */
export class DuplicateDetector {
  readonly #windowMs: number;
  readonly #seenUntil = new Map<string, number>();

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** Puts back an id seen at `at` (before a restart); call in order of `at`, before any `seen`. */
  remember(messageId: string, at: number): void {
    this.#seenUntil.delete(messageId);
    this.#seenUntil.set(messageId, at + this.#windowMs);
  }

  /** True when `messageId` was seen within the window; otherwise records it. */
  seen(messageId: string, now: number): boolean {
    for (const [id, until] of this.#seenUntil) {
      if (until > now) break;
      this.#seenUntil.delete(id);
    }
    if (this.#seenUntil.has(messageId)) return true;
    this.#seenUntil.set(messageId, now + this.#windowMs);
    return false;
  }
}
