/** What one `Idempotency-Key` was first used for. */
export interface IdempotencyRecord {
  readonly key: string;
  /** Identifies the request body; the same key with another body is a client error, not a retry. */
  readonly fingerprint: string;
  readonly orderId: string;
  readonly createdAt: string;
}

export interface IdempotencyClaim {
  /** True if this call recorded the key; false if an earlier request had. */
  readonly claimed: boolean;
  /** The record now stored under the key: the one passed in if claimed, the earlier one otherwise. */
  readonly record: IdempotencyRecord;
}

/**
 * Idempotency keys of order placements. A store may expire records (a day is usual); a key reused after that is
 * a new request.
 */
export interface IdempotencyStore {
  /** Records `record` unless its key is already recorded, atomically: of two concurrent claims, one wins. */
  claim(record: IdempotencyRecord): Promise<IdempotencyClaim>;
}
